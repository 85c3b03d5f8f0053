/**
 * The rule for configuration across spec changes, the same for `cdk deploy` (the config-in-force
 * custom resource), the local engine's reload and `aethon config diff`:
 * - a value in force is kept, flipped or not: a deploy never overwrites it (overwriting a value
 *   flipped during an incident is what this rule prevents, and a deploy cannot tell a flip from an
 *   untouched default: a flip may equal an old default);
 * - a key the document lacks gets the spec's default (new keys, and nested keys of kept objects);
 * - a key the schema no longer declares is dropped (only where the schema lists `properties` and
 *   does not open itself with `additionalProperties`; `patternProperties` declare what they match);
 * - if the result fails the new schema, the change is refused, naming each key: falling back to the
 *   default instead would silently undo a flip (a freeze lifted by a deploy), so the operator must
 *   decide, with `aethon config set` (which applies this merge first).
 */
import { createConfigChecker, compileSchemaPattern, type ConfigProblem } from './validateConfig.ts';

/** What a workflow file says about its configuration. */
export interface ConfigSpec {
  readonly schema: object;
  readonly defaults: Readonly<Record<string, unknown>>;
}

/** One key of a merge: its dotted path and value. */
export interface ConfigKeyValue {
  readonly key: string;
  readonly value: unknown;
}

/** What a deploy or reload does to the configuration in force. */
export interface ConfigMerge {
  /** The document to put in force (when not refused). */
  readonly document: Record<string, unknown>;
  /** No configuration was in force: the document is the spec's defaults. */
  readonly seeded: boolean;
  /** Keys the document lacked, filled with the spec's default. */
  readonly added: readonly ConfigKeyValue[];
  /** Keys the schema no longer declares, dropped with the value they held. */
  readonly removed: readonly ConfigKeyValue[];
  /** Values in force that differ from the spec's default, kept (`default` undefined: the spec has none). */
  readonly kept: readonly (ConfigKeyValue & { readonly default: unknown })[];
  /** Problems of the merged document under the new schema; any of them refuses the change. */
  readonly refused: readonly (ConfigProblem & { readonly value: unknown })[];
  /** True when the document differs from the one in force. */
  readonly changed: boolean;
}

/**
 * Merges the configuration in force with a (possibly changed) spec.
 * @param inForce the document in force, or undefined when none was ever written
 * @example
 * mergeConfigInForce({ frozen: true, old: 1 }, { schema: { properties: { frozen: {}, rate: {} } }, defaults: { frozen: false, rate: 5 } });
 * // document { frozen: true, rate: 5 }: added rate, removed old, kept frozen
 */
export function mergeConfigInForce(inForce: unknown, spec: ConfigSpec): ConfigMerge {
  const check = createConfigChecker(spec.schema);
  if (inForce === undefined) {
    const document = structuredClone(spec.defaults) as Record<string, unknown>;
    return { document, seeded: true, added: [], removed: [], kept: [], refused: withValues(check(document), document), changed: true };
  }
  const report = { added: [] as ConfigKeyValue[], removed: [] as ConfigKeyValue[], kept: [] as (ConfigKeyValue & { default: unknown })[] };
  const document = isObject(inForce) ? mergeObject(inForce, spec.schema, spec.defaults, '', report) : undefined;
  if (!document) {
    return { document: {}, seeded: false, ...report, refused: [{ key: '', message: 'the configuration in force is not a JSON object', value: inForce }], changed: true };
  }
  return { document, seeded: false, ...report, refused: withValues(check(document), document), changed: canonicalJson(document) !== canonicalJson(inForce) };
}

/** `added rate=5; dropped legacyMode` for a history message or a deploy's version description. */
export function describeMerge(merge: ConfigMerge): string {
  const parts = [
    merge.added.length ? `added ${merge.added.map((k) => `${k.key}=${JSON.stringify(k.value)}`).join(', ')}` : '',
    merge.removed.length ? `dropped ${merge.removed.map((k) => k.key).join(', ')}` : '',
    merge.kept.length ? `kept ${merge.kept.map((k) => k.key).join(', ')}` : '',
  ].filter(Boolean);
  return parts.join('; ') || 'no key changed';
}

/** JSON with object keys sorted, so two documents compare by content, not key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (isObject(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]])) : v));
}

type Report = { added: ConfigKeyValue[]; removed: ConfigKeyValue[]; kept: (ConfigKeyValue & { default: unknown })[] };

function mergeObject(inForce: Record<string, unknown>, schema: unknown, defaults: unknown, prefix: string, report: Report): Record<string, unknown> {
  const properties = isObject(schema) && isObject(schema.properties) ? schema.properties : undefined;
  const patterns = isObject(schema) && isObject(schema.patternProperties) ? Object.keys(schema.patternProperties).map((p) => compileSchemaPattern(p)) : [];
  const open = !isObject(schema) || properties === undefined || (schema.additionalProperties !== undefined && schema.additionalProperties !== false);
  const declared = (key: string) => open || Object.hasOwn(properties!, key) || patterns.some((p) => p.test(key)) || (isObject(defaults) && Object.hasOwn(defaults, key));
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(inForce)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (!declared(key)) {
      report.removed.push({ key: path, value });
      continue;
    }
    const fallback = isObject(defaults) ? defaults[key] : undefined;
    const sub = properties?.[key];
    if (isObject(value) && isObject(sub) && isObject(sub.properties)) {
      result[key] = mergeObject(value, sub, fallback, path, report);
      continue;
    }
    result[key] = value;
    if (canonicalJson(value) !== canonicalJson(fallback)) report.kept.push({ key: path, value, default: fallback });
  }
  if (isObject(defaults)) {
    for (const [key, value] of Object.entries(defaults)) {
      if (Object.hasOwn(inForce, key)) continue;
      result[key] = structuredClone(value);
      report.added.push({ key: prefix ? `${prefix}.${key}` : key, value });
    }
  }
  return result;
}

function withValues(problems: readonly ConfigProblem[], document: Record<string, unknown>): (ConfigProblem & { value: unknown })[] {
  return problems.map((problem) => ({ ...problem, value: valueAt(document, problem.key) }));
}

function valueAt(document: unknown, key: string): unknown {
  if (key === '') return document;
  let node = document;
  for (const part of key.split('.')) node = isObject(node) ? node[part] : undefined;
  return node;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
