/**
 * POST /aethon/events/match `{ event }`: which workflows' event triggers an event matches, with
 * EventBridge's pattern semantics, and for each the input and execution name a start would get
 * (the name from the trigger's idempotency key, so a duplicate starts nothing new). The page shows
 * this before anything is sent, then starts each match through the Step Functions API.
 */
import { MalformedEventError, toDeliveredEvent, parseEventEntry } from '../../events/index.ts';
import { OpsError } from '../../ops/errors.ts';
import { executionNameFor, selectPath } from '../../ops/start/executionNames.ts';
import { matchingTriggers } from '../../ops/start/localEvents.ts';
import { ConsoleRequestError } from '../http.ts';
import type { ConsoleHandles } from './handles.ts';

/** One trigger the event matches. */
export interface TriggerMatch {
  readonly workflow: string;
  readonly input: unknown;
  /** Set when the trigger names executions after an idempotency key. */
  readonly executionName?: string;
  /** Why this match would start nothing (its idempotency key is missing from the event). */
  readonly refusal?: string;
}

export function matchEvent(handles: ConsoleHandles, body: Record<string, unknown>): { matches: TriggerMatch[] } {
  let entry;
  try {
    entry = parseEventEntry(body.event);
  } catch (error) {
    if (error instanceof MalformedEventError) throw new ConsoleRequestError('MalformedEvent', `the event is not one EventBridge accepts: ${error.message}`);
    throw error;
  }
  const event = toDeliveredEvent(entry, { now: new Date((handles.clock ?? Date).now()) });
  let matches;
  try {
    matches = matchingTriggers(handles.workflows(), entry, event);
  } catch (error) {
    if (error instanceof OpsError) throw new ConsoleRequestError('InvalidTrigger', error.message);
    throw error;
  }
  return {
    matches: matches.map(({ workflow, trigger }) => {
      const input = selectPath(event, trigger.input) ?? {};
      if (!trigger.idempotencyKey || workflow.type !== 'standard') return { workflow: workflow.name, input };
      const key = selectPath(event, trigger.idempotencyKey);
      if (key === undefined || key === null || key === '') return { workflow: workflow.name, input, refusal: `the event has nothing at ${trigger.idempotencyKey}, the idempotency key of this trigger; nothing would start` };
      return { workflow: workflow.name, input, executionName: executionNameFor(workflow.name, key) };
    }),
  };
}
