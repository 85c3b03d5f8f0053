import { TaskFailure } from '../errors.ts';
import { StatesErrors } from '../../contracts/statesErrors.ts';
import { evaluateIntrinsic, isIntrinsic } from '../intrinsics/evaluateIntrinsic.ts';
import { defineOwn, isJsonObject } from './evaluateSegments.ts';
import { readPath } from './readPath.ts';
import type { PathScope } from './scope.ts';

/**
 * Builds a payload from a template, as `Parameters`, `ResultSelector` and `ItemSelector` do.
 *
 * A key ending in `.$` takes its value from a path (`$...`, `$$...`, `$name...`) or an intrinsic
 * function call, and loses the suffix; nested objects and arrays are processed the same way; any
 * other value is copied as a literal. The template and data are never mutated.
 * @throws TaskFailure `States.Runtime` for a path that matches nothing, `States.IntrinsicFailure`
 *   for a failing intrinsic.
 * @example applyPayloadTemplate({ 'size.$': '$.size', kind: 'x' }, { size: 3 }, scope) // { size: 3, kind: 'x' }
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-inputpath-params.html
 */
export function applyPayloadTemplate(template: unknown, data: unknown, scope: PathScope): unknown {
  if (Array.isArray(template)) return template.map((item) => applyPayloadTemplate(item, data, scope));
  if (!isJsonObject(template)) return template;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(template)) {
    if (!key.endsWith('.$')) {
      defineOwn(out, key, applyPayloadTemplate(value, data, scope));
      continue;
    }
    if (typeof value !== 'string') {
      throw new TaskFailure(
        StatesErrors.RUNTIME,
        `The value of the field '${key}' must be a JSONPath or an intrinsic function call, not ${JSON.stringify(value)}`,
      );
    }
    const resolved = isIntrinsic(value) ? evaluateIntrinsic(value, data, scope) : readPath(value, data, scope, key);
    defineOwn(out, key.slice(0, -2), resolved);
  }
  return out;
}
