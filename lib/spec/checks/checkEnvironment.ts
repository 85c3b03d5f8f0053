/**
 * Names in `environment:` (workflow level and task steps, nested ones included) that the runtime
 * or Lambda own. Reads the raw data, so the problem is reported with the schema's own errors
 * when the file has some.
 */
import { reservedEnvReason } from '../../contracts/functionEnvironment.ts';
import type { Diagnostic, SpecPath } from '../diagnostics.ts';

type Raw = Record<string, unknown>;
const isObject = (value: unknown): value is Raw => value !== null && typeof value === 'object' && !Array.isArray(value);

export function checkEnvironmentNames(data: unknown): Diagnostic[] {
  if (!isObject(data)) return [];
  return [...namesIn(data.environment, ['environment']), ...stepsIn(data.steps, ['steps'])];
}

function stepsIn(steps: unknown, path: SpecPath): Diagnostic[] {
  if (!isObject(steps)) return [];
  return Object.entries(steps).flatMap(([name, step]) => {
    if (!isObject(step)) return [];
    const at = [...path, name];
    const branches = Array.isArray(step.branches) ? step.branches : [];
    return [
      ...namesIn(step.environment, [...at, 'environment']),
      ...stepsIn(step.steps, [...at, 'steps']),
      ...branches.flatMap((branch, i) => (isObject(branch) ? stepsIn(branch.steps, [...at, 'branches', i, 'steps']) : [])),
    ];
  });
}

function namesIn(environment: unknown, path: SpecPath): Diagnostic[] {
  if (!isObject(environment)) return [];
  return Object.keys(environment).flatMap((name): Diagnostic[] => {
    const reason = reservedEnvReason(name);
    if (!reason) return [];
    return [{ code: 'reserved-environment-name', severity: 'error', message: `environment variable '${name}' cannot be declared: ${reason}`, path: [...path, name], hint: 'choose another name' }];
  });
}
