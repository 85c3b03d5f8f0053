/** Which steps of a workflow keep idempotency records: what `idempotency list|clear` and the console accept. */
import type { CompiledWorkflow } from '../../compile/index.ts';

export function idempotentSteps(workflow: CompiledWorkflow): string[] {
  return workflow.functions.filter((f) => f.role === 'task' && f.idempotency).map((f) => f.stepName);
}

/** The message for a step that keeps no records, naming the ones that do. */
export function notIdempotentMessage(workflow: CompiledWorkflow, step: string): string | undefined {
  const steps = idempotentSteps(workflow);
  return steps.includes(step) ? undefined : `'${step}' is not an idempotent step of ${workflow.name}; its idempotent steps: ${steps.join(', ') || 'none'}`;
}
