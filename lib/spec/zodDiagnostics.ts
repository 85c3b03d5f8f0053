/** Turns zod issues into located diagnostics with hints a person can act on. */
import type { z } from 'zod';
import type { Diagnostic, SpecPath } from './diagnostics.ts';
import { didYouMean } from './suggest.ts';
import {
  catchSchema,
  compensationSchema,
  eventTriggerSchema,
  retrySchema,
  scheduleTriggerSchema,
  STEP_TYPES,
  stepSchema,
  workflowSchema,
} from './schema.ts';

type Issue = z.core.$ZodIssue;

const STEP_KEYS = new Map<string, string[]>(
  stepSchema.options.map((option) => [String(option.shape.type.value), Object.keys(option.shape)]),
);

/** Keys allowed in the object at `path`, for "did you mean" on unknown keys. */
function knownKeysAt(data: unknown, path: SpecPath): string[] {
  if (path.length === 0) return Object.keys(workflowSchema.shape);
  const last = path.at(-1);
  const parent = path.at(-2);
  const grand = path.at(-3);
  if (parent === 'steps') {
    const step = valueAt(data, path) as { type?: unknown } | undefined;
    return STEP_KEYS.get(String(step?.type)) ?? [];
  }
  if (typeof last === 'number' && (parent === 'retry' || grand === 'compensate')) return Object.keys(retrySchema.shape);
  if (typeof last === 'number' && parent === 'catch') return Object.keys(catchSchema.shape);
  if (last === 'compensate') return Object.keys(compensationSchema.shape);
  if (last === 'event') return Object.keys(eventTriggerSchema.shape.event.shape);
  if (last === 'schedule') return Object.keys(scheduleTriggerSchema.shape.schedule.shape);
  if (typeof last === 'number' && parent === 'branches') return ['startAt', 'steps'];
  return [];
}

export function valueAt(data: unknown, path: SpecPath): unknown {
  let node = data;
  for (const part of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[part];
  }
  return node;
}

/** One diagnostic per problem: unknown keys are reported one by one, at the key itself. */
export function diagnosticsFromZod(issues: readonly Issue[], data: unknown): Diagnostic[] {
  return issues.flatMap((issue): Diagnostic[] => {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    switch (issue.code) {
      case 'unrecognized_keys':
        return issue.keys.map((key) => ({
          code: 'unknown-key',
          severity: 'error' as const,
          message: `unknown key '${key}'${didYouMean(key, knownKeysAt(data, path))}`,
          path: [...path, key],
          hint: hintForUnknownKey(data, path),
        }));
      case 'invalid_union':
        if ('discriminator' in issue && issue.discriminator === 'type') return [typeDiagnostic(data, path)];
        return [{ code: 'invalid-value', severity: 'error', message: issue.message, path }];
      case 'invalid_key': {
        // The key itself is wrong (a record's key pattern): say what is expected of it.
        const reason = issue.issues[0]?.message ?? issue.message;
        return [{ code: 'invalid-value', severity: 'error', message: `key '${String(path.at(-1))}': ${reason}`, path }];
      }
      case 'invalid_type':
        if (valueAt(data, path) === undefined) {
          return [{ code: 'missing-field', severity: 'error', message: `'${String(path.at(-1))}' is required (${issue.expected})`, path }];
        }
        return [{ code: 'invalid-type', severity: 'error', message: `expected ${issue.expected}, got ${describe(valueAt(data, path))}`, path }];
      default:
        return [{ code: 'invalid-value', severity: 'error', message: issue.message, path }];
    }
  });
}

function typeDiagnostic(data: unknown, typePath: SpecPath): Diagnostic {
  const stepPath = typePath.slice(0, -1);
  const step = valueAt(data, stepPath) as Record<string, unknown> | undefined;
  const given = step?.type;
  const types = STEP_TYPES.join(', ');
  if (given === undefined) {
    return {
      code: 'missing-field',
      severity: 'error',
      message: `step '${String(stepPath.at(-1))}' has no type`,
      path: stepPath,
      hint: `add 'type:' with one of ${types}${step && 'handler' in step ? " (it has a handler, so probably 'type: task')" : ''}`,
    };
  }
  return {
    code: 'unknown-step-type',
    severity: 'error',
    message: `unknown step type '${String(given)}'${didYouMean(String(given), STEP_TYPES)}`,
    path: typePath,
    hint: `step types are ${types}`,
  };
}

function hintForUnknownKey(data: unknown, path: SpecPath): string | undefined {
  if (path.at(-2) !== 'steps') return undefined;
  const step = valueAt(data, path) as { type?: unknown } | undefined;
  const keys = STEP_KEYS.get(String(step?.type));
  return keys ? `a ${String(step?.type)} step takes: ${keys.join(', ')}` : undefined;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}
