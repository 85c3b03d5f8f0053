/** Validation and comparison of configuration documents, shared by the local and AWS paths. */
import type { CompiledWorkflow } from '../../compile/index.ts';
import { createConfigValidator } from '../../runtime/config/index.ts';
import { DEFAULT_CONFIG_MAX_AGE_SECONDS } from '../../contracts/functionEnvironment.ts';
import { ConfigRefusedError, InvalidRequestError } from '../errors.ts';

/** The config section of a workflow; refuses a workflow that declares none. */
export function configOf(workflow: CompiledWorkflow): NonNullable<CompiledWorkflow['config']> {
  if (!workflow.config) throw new InvalidRequestError(`workflow '${workflow.name}' declares no config; add a 'config:' section with a schema and defaults to its YAML file`);
  return workflow.config;
}

/**
 * Checks a whole document against the workflow's JSON Schema.
 * @throws ConfigRefusedError with the schema's messages
 */
export function assertValidConfig(workflow: CompiledWorkflow, document: unknown): void {
  const issues = document === null || typeof document !== 'object' || Array.isArray(document) ? ['(root) must be a JSON object'] : createConfigValidator(configOf(workflow).schema)(document);
  if (issues.length > 0) throw new ConfigRefusedError(workflow.name, issues);
}

/** Dotted paths whose values differ between two documents (added, removed or changed). */
export function changedKeys(before: unknown, after: unknown, prefix = ''): string[] {
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => changedKeys(before[key], after[key], prefix ? `${prefix}.${key}` : key));
  }
  return JSON.stringify(before) === JSON.stringify(after) ? [] : [prefix || '(document)'];
}

/** How long a warm function keeps a fetched configuration: the runtime's own default. */
export function configCacheMaxAgeSeconds(): number {
  return DEFAULT_CONFIG_MAX_AGE_SECONDS;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
