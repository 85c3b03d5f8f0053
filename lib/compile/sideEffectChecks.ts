/**
 * What `aethon validate` says about side effects: what a repeated idempotency key replays, and
 * where a compensation could outlive the record that tells it whose side effect it undoes.
 */
import { parseDuration, type Diagnostic, type SpecPath, type WorkflowSpec } from '../spec/index.ts';
import type { CompiledFunction } from './functions.ts';

export function sideEffectChecks(spec: WorkflowSpec, functions: readonly CompiledFunction[], pathOf: ReadonlyMap<string, SpecPath>): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const executionSeconds = spec.timeout ? parseDuration(spec.timeout) : undefined;
  for (const fn of functions) {
    if (!fn.idempotency) continue;
    const at = [...(pathOf.get(fn.stepName) ?? ['steps', fn.stepName]), 'idempotency'];
    if (fn.role === 'task' && !fn.idempotency.validate) {
      diagnostics.push({
        code: 'idempotency-key-only',
        severity: 'note',
        message: `'${fn.stepName}' replays its stored result for any input with the same ${fn.idempotency.key}, whatever else differs; name the fields that change the side effect in 'validate: [...]' to refuse those instead`,
        path: at,
      });
    }
    if (fn.role === 'compensation' && executionSeconds !== undefined && fn.idempotency.ttlSeconds < executionSeconds) {
      diagnostics.push({
        code: 'compensated-record-may-expire',
        severity: 'warning',
        message: `the record of '${fn.stepName}' lives ${fn.idempotency.ttlSeconds}s but an execution may run ${executionSeconds}s: once it expired, a compensation can no longer tell whether this execution performed the step, and undoes it`,
        path: [...at, 'ttl'],
        hint: 'keep the ttl at least as long as the workflow timeout',
      });
    }
  }
  return diagnostics;
}
