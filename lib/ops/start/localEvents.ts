/**
 * The local event intake (`aethon send-event --local`): the event is matched against every
 * workflow's event triggers with EventBridge's pattern semantics, and each match starts its
 * workflow as the starter Lambda would on AWS: input from the trigger's input path, the name from
 * its idempotency key, so a duplicate event starts nothing new.
 */
import { ExecutionInputConflictError } from '../../contracts/executionInputConflict.ts';
import type { CompiledWorkflow } from '../../compile/index.ts';
import { matchesPattern, type DeliveredEvent, type EventEntry } from '../../events/index.ts';
import { OpsError } from '../errors.ts';
import { eventTriggersOf, executionNameFor, selectPath } from './executionNames.ts';
import type { ExecutionStarter, LocalStartOutcome } from './localStarter.ts';

/** A trigger the event matched, and what came of it. */
export type EventMatchOutcome =
  | LocalStartOutcome
  | { readonly status: 'refused'; readonly workflow: string; readonly message: string };

/** The triggers an event matches: one entry per (workflow, trigger). */
export function matchingTriggers(workflows: readonly CompiledWorkflow[], entry: EventEntry, event: DeliveredEvent): { workflow: CompiledWorkflow; trigger: ReturnType<typeof eventTriggersOf>[number] }[] {
  return workflows.flatMap((workflow) =>
    eventTriggersOf(workflow)
      .filter((trigger) => trigger.bus === entry.EventBusName && matchWithContext(workflow, trigger.pattern, event))
      .map((trigger) => ({ workflow, trigger })),
  );
}

/**
 * Starts every workflow whose trigger matches; a trigger whose key is missing from the event is
 * refused (starting anyway would defeat deduplication), the others still start.
 */
export async function sendLocalEvent(starter: ExecutionStarter, workflows: readonly CompiledWorkflow[], entry: EventEntry, event: DeliveredEvent): Promise<EventMatchOutcome[]> {
  const matches = matchingTriggers(workflows, entry, event);
  return Promise.all(
    matches.map(async ({ workflow, trigger }): Promise<EventMatchOutcome> => {
      const input = selectPath(event, trigger.input) ?? {};
      let name: string | undefined;
      if (trigger.idempotencyKey && workflow.type === 'standard') {
        const key = selectPath(event, trigger.idempotencyKey);
        if (key === undefined || key === null || key === '') {
          return { status: 'refused', workflow: workflow.name, message: `the event has nothing at ${trigger.idempotencyKey}, the idempotency key of workflow '${workflow.name}'; no execution was started` };
        }
        name = executionNameFor(workflow.name, key);
      }
      try {
        return await starter.start(workflow, input, name);
      } catch (error) {
        if (error instanceof OpsError || error instanceof ExecutionInputConflictError) return { status: 'refused', workflow: workflow.name, message: error.message };
        throw error;
      }
    }),
  );
}

function matchWithContext(workflow: CompiledWorkflow, pattern: unknown, event: DeliveredEvent): boolean {
  try {
    return matchesPattern(pattern, event);
  } catch (error) {
    throw new OpsError(`workflow '${workflow.name}' has an event trigger EventBridge would refuse: ${(error as Error).message}`, 1, { cause: error });
  }
}
