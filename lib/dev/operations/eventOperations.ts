/**
 * EventBridge PutEvents on the same endpoint (`X-Amz-Target: AWSEvents.PutEvents`, so
 * @aws-sdk/client-eventbridge works): each entry is matched against every workflow's event
 * triggers with EventBridge's pattern rules, and each match starts its workflow as the starter
 * Lambda does on AWS: input from the trigger's input path, the execution named after its
 * idempotency key, so a duplicate event starts nothing new.
 * @see https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEvents.html
 */
import { randomUUID } from 'node:crypto';
import { executionNameFor } from '../../contracts/executionName.ts';
import { selectPath } from '../../contracts/selectPath.ts';
import { MalformedEventError, parseEventEntry, toDeliveredEvent, type DeliveredEvent, type EventEntry } from '../../events/index.ts';
import { matchingTriggers } from '../../ops/start/localEvents.ts';
import type { DevControlPlane } from '../DevControlPlane.ts';
import { DevApiError, invalidField } from '../protocol.ts';
import type { OperationTable } from './types.ts';

/** One entry's answer: an event id, or why it was refused. */
type EntryResult = { readonly EventId: string } | { readonly ErrorCode: string; readonly ErrorMessage: string };

export const EVENT_OPERATIONS: OperationTable = {
  'AWSEvents.PutEvents': async (plane, body) => {
    const entries = body.Entries;
    if (!Array.isArray(entries) || entries.length === 0 || entries.length > 10) throw invalidField('entries', 'Member must have length between 1 and 10');
    const results: EntryResult[] = [];
    for (const raw of entries) results.push(await putOne(plane, raw));
    return { FailedEntryCount: results.filter((r) => 'ErrorCode' in r).length, Entries: results };
  },
};

async function putOne(plane: DevControlPlane, raw: unknown): Promise<EntryResult> {
  let entry: EventEntry;
  try {
    // The wire carries Time as epoch seconds; the entry parser reads ISO text.
    const time = (raw as { Time?: unknown })?.Time;
    entry = parseEventEntry(typeof time === 'number' ? { ...(raw as object), Time: new Date(time * 1000).toISOString() } : raw);
  } catch (error) {
    if (error instanceof MalformedEventError) return { ErrorCode: 'MalformedDetail', ErrorMessage: error.message };
    throw error;
  }
  const id = randomUUID();
  const event = toDeliveredEvent(entry, { now: new Date(plane.engine.clock.now()), id });
  const workflows = plane.registry.list().flatMap((machine) => (machine.workflow ? [machine.workflow] : []));
  let matches: ReturnType<typeof matchingTriggers>;
  try {
    matches = matchingTriggers(workflows, entry, event);
  } catch (error) {
    return { ErrorCode: 'InternalException', ErrorMessage: (error as Error).message };
  }
  for (const { workflow, trigger } of matches) {
    plane.runner.eventMatched(workflow.name);
    await startFromEvent(plane, workflow.name, trigger, event);
  }
  return { EventId: id };
}

/** Starts one matched workflow; a duplicate event (same key) starts nothing, as on AWS. */
async function startFromEvent(plane: DevControlPlane, workflowName: string, trigger: { readonly input: string; readonly idempotencyKey?: string }, event: DeliveredEvent): Promise<void> {
  const machine = plane.registry.get(workflowName);
  const input = selectPath(event, trigger.input) ?? {};
  let name: string | undefined;
  if (trigger.idempotencyKey && machine.type === 'STANDARD') {
    const key = selectPath(event, trigger.idempotencyKey);
    // Starting without the key would defeat deduplication; AWS's starter sends such an event to the dead-letter queue.
    if (key === undefined || key === null || key === '') return;
    name = executionNameFor(workflowName, key);
  }
  try {
    await plane.runner.start(machine, { ...(name ? { name } : {}), inputJson: JSON.stringify(input) });
  } catch (error) {
    if (error instanceof DevApiError && error.type === 'ExecutionAlreadyExists') return;
    throw error;
  }
}
