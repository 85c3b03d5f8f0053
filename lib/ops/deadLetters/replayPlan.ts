/**
 * How one dead letter is re-delivered, decided before anything is sent: an event goes back on the
 * bus its rule listens on (PutEvents), where the rule and the starter behind it pick it up as they
 * would have; a schedule's input starts the schedule's target state machine (StartExecution).
 * Where the message does not say reliably where it goes, the plan refuses rather than guesses.
 */
import { MalformedEventError, parseEventEntry, type EventEntry } from '../../events/index.ts';
import { isStateMachineArn } from './arns.ts';
import type { DeadLetter } from './deadLetter.ts';
import { matchingTriggers, workflowsOfDeadLetter, type StageWorkflows } from './stageWorkflows.ts';

/** What a replay sends. */
export type ReplayAction =
  | { readonly kind: 'put-event'; readonly bus: string; readonly entry: EventEntry }
  | { readonly kind: 'start-execution'; readonly stateMachineArn: string; readonly input: unknown };

/** A dead letter's replay: the action and what to know about it, or why it is refused. */
export type ReplayPlan =
  | { readonly ok: true; readonly action: ReplayAction; readonly workflows: readonly string[]; readonly notes: readonly string[] }
  | { readonly ok: false; readonly workflows: readonly string[]; readonly reason: string };

/** What the operator adds to the plan. */
export interface ReplayPlanOptions {
  /** The bus for starter records, whose bus the workflows cannot tell. */
  readonly bus?: string;
}

/** Decides how to re-deliver one dead letter. */
export function planReplay(letter: DeadLetter, stage: StageWorkflows, options: ReplayPlanOptions = {}): ReplayPlan {
  const workflows = workflowsOfDeadLetter(letter, stage);
  const refuse = (reason: string): ReplayPlan => ({ ok: false, workflows, reason });
  if (letter.problem) return refuse(letter.problem);
  const { trigger } = letter;
  switch (trigger.kind) {
    case 'schedule': {
      if (!trigger.targetArn) return refuse('the message does not name the schedule\'s target (no TARGET_ARN attribute), so which state machine to start is unknown');
      if (!isStateMachineArn(trigger.targetArn)) return refuse(`the schedule's target ${trigger.targetArn} is not a state machine`);
      const notes = stage.stateMachines.size > 0 && !stage.stateMachines.has(trigger.targetArn) ? [`${trigger.targetArn} is not a state machine of this stage's outputs`] : [];
      return { ok: true, action: { kind: 'start-execution', stateMachineArn: trigger.targetArn, input: letter.input ?? {} }, workflows, notes };
    }
    case 'rule': {
      if (!trigger.bus) return refuse(`RULE_ARN ${trigger.arn} is not an EventBridge rule ARN, so the bus is unknown`);
      return putEventPlan(letter, stage, trigger.bus, workflows);
    }
    case 'starter': {
      if (options.bus) return putEventPlan(letter, stage, options.bus, workflows);
      const buses = [...new Set(matchingTriggers(stage, letter.event).filter((m) => m.idempotent).map((m) => m.trigger.bus))];
      if (buses.length === 1) return putEventPlan(letter, stage, buses[0]!, workflows);
      return refuse(
        buses.length === 0
          ? 'no event trigger with an idempotencyKey in workflows/ matches its event, so the bus it came from is unknown; pass --bus <name>'
          : `its event matches triggers on several buses (${buses.join(', ')}); pass --bus <name>`,
      );
    }
    default:
      return refuse('no Aethon trigger sent it');
  }
}

function putEventPlan(letter: DeadLetter, stage: StageWorkflows, bus: string, workflows: readonly string[]): ReplayPlan {
  const event = letter.event!;
  let entry: EventEntry;
  try {
    entry = parseEventEntry({
      source: event.source,
      'detail-type': event['detail-type'],
      detail: event.detail,
      EventBusName: bus,
      ...(Array.isArray(event.resources) && event.resources.length > 0 ? { resources: event.resources } : {}),
      ...(typeof event.time === 'string' ? { time: event.time } : {}),
    });
  } catch (error) {
    if (!(error instanceof MalformedEventError)) throw error;
    return { ok: false, workflows, reason: `its event cannot be put back on bus ${bus}: ${error.problems.join('; ')}` };
  }
  // PutEvents reaches every rule on the bus, not only the one that failed.
  const others = matchingTriggers(stage, event, bus).filter((m) => !workflows.includes(m.workflow));
  const notes = others.map((m) =>
    m.idempotent
      ? `the event also matches a trigger of ${m.workflow}, which sees it again (idempotent: nothing new starts if it started before)`
      : `the event also matches a trigger of ${m.workflow}, which has no idempotencyKey: it starts a new execution`,
  );
  return { ok: true, action: { kind: 'put-event', bus, entry }, workflows, notes };
}
