/**
 * When a file fails the schema, the graph checks still run on what can be read of it, so a typo
 * in a step name is reported together with an unknown key elsewhere rather than on the next try.
 * Only the fields the graph checks read are kept, and only when they have the right shape.
 */
import { stepSchema, workflowSchema } from './schema.ts';
import type { StepsSpec, WorkflowSpec } from './types.ts';

type Raw = Record<string, unknown>;

const isObject = (value: unknown): value is Raw => value !== null && typeof value === 'object' && !Array.isArray(value);
const str = (value: unknown) => (typeof value === 'string' ? value : undefined);
const withNext = (list: unknown) => (Array.isArray(list) ? list.filter((item) => isObject(item) && typeof item.next === 'string') : undefined);

function salvageSteps(raw: unknown): StepsSpec {
  if (!isObject(raw)) return {};
  const steps: Raw = {};
  for (const [name, value] of Object.entries(raw)) {
    if (!isObject(value) || typeof value.type !== 'string') continue;
    steps[name] = {
      type: value.type,
      next: str(value.next),
      end: value.end === true ? true : undefined,
      default: str(value.default),
      choices: withNext(value.choices) ?? (value.type === 'choice' ? [] : undefined),
      catch: withNext(value.catch),
      startAt: str(value.startAt),
      steps: value.type === 'map' ? salvageSteps(value.steps) : undefined,
      branches: Array.isArray(value.branches)
        ? value.branches.filter(isObject).map((b) => ({ startAt: str(b.startAt), steps: salvageSteps(b.steps) }))
        : value.type === 'parallel' ? [] : undefined,
    };
  }
  return steps as StepsSpec;
}

/** A structure shaped enough like a WorkflowSpec for the graph checks, from raw YAML data. */
export function salvageGraph(data: Raw): WorkflowSpec {
  return { name: '', type: 'standard', startAt: str(data.startAt), steps: salvageSteps(data.steps) } as WorkflowSpec;
}

/**
 * The parts of a file that fit the schema on their own: each top-level field that parses, and
 * each step that parses (a map or parallel with a broken nested step is left out whole). The
 * reference and expression checks run on it, so a broken key elsewhere hides none of their
 * findings. `secrets` keeps its names even when a value is wrong, so steps that list them are
 * not reported as naming unknown secrets.
 */
export function salvageParts(data: Raw): WorkflowSpec {
  const parts: Raw = {};
  for (const [key, schema] of Object.entries(workflowSchema.shape)) {
    if (key === 'steps') continue;
    const parsed = (schema as { safeParse(value: unknown): { success: boolean; data?: unknown } }).safeParse(data[key]);
    if (parsed.success && parsed.data !== undefined) parts[key] = parsed.data;
  }
  if (parts.secrets === undefined && isObject(data.secrets)) parts.secrets = data.secrets;
  const steps: Raw = {};
  if (isObject(data.steps)) {
    for (const [name, value] of Object.entries(data.steps)) {
      const parsed = stepSchema.safeParse(value);
      if (parsed.success) steps[name] = parsed.data;
    }
  }
  return { ...parts, steps } as WorkflowSpec;
}
