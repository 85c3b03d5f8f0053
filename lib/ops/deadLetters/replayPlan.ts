/**
 * How one dead letter is re-delivered, decided before anything is sent: straight to the target
 * that failed, never through an event bus (PutEvents would reach every rule on the bus, give the
 * event a new id, account and region, and succeed even when no rule matches).
 * - a rule's event for a starter function: Lambda Invoke (Event) of that function with the event's
 *   exact text, as EventBridge would have;
 * - a rule's event for a state machine: the rule's target read back (ListTargetsByRule), its
 *   InputPath or Input applied to the event's exact text, then StartExecution;
 * - a starter's invocation record: Invoke (Event) of the starter with the record's requestPayload text;
 * - a schedule's input: StartExecution of the schedule's target state machine with the input text.
 * Where the message does not say reliably where it goes, the plan refuses rather than guesses;
 * where it names a target that is not the stage's own (see replayTargets.ts), it refuses too.
 */
import type { Target } from '@aws-sdk/client-eventbridge';
import { invocableFunctionArn, isFunctionArn, isStateMachineArn, ruleOfArn } from './arns.ts';
import type { DeadLetter } from './deadLetter.ts';
import { selectJsonText } from './jsonText.ts';
import { refusalOf } from './replayTargets.ts';
import { workflowsOfDeadLetter, type StageWorkflows } from './stageWorkflows.ts';

/** What a replay sends: the payload is the exact text the target gets. */
export type ReplayAction =
  | { readonly kind: 'invoke'; readonly functionArn: string; readonly payload: string }
  | { readonly kind: 'start-execution'; readonly stateMachineArn: string; readonly input: string };

/** A rule's state machine target: its input depends on the target's InputPath or Input, read from EventBridge. */
export interface RuleTargetLookup {
  readonly kind: 'rule-target';
  readonly ruleArn: string;
  readonly rule: string;
  readonly bus: string;
  readonly stateMachineArn: string;
  /** The event's exact text (the message body). */
  readonly event: string;
}

/** A dead letter's replay: the action (or the rule target to read first) and what to know about it, or why it is refused. */
export type ReplayPlan =
  | { readonly ok: true; readonly action: ReplayAction | RuleTargetLookup; readonly workflows: readonly string[]; readonly notes: readonly string[] }
  | { readonly ok: false; readonly workflows: readonly string[]; readonly reason: string };

const STARTER_NOTE = "the starter names the execution after the event's idempotency key: if the event did start one after all, nothing new starts";
const NAMED_NOTE = "StartExecution named dlq-<message id>: a retried or repeated replay of this message starts nothing new (Standard workflows; Express ones do not deduplicate names)";

/** Decides how to re-deliver one dead letter; only ever to the stage's own targets. */
export function planReplay(letter: DeadLetter, stage: StageWorkflows): ReplayPlan {
  const plan = planAnyTarget(letter, stage);
  if (!plan.ok) return plan;
  const target = plan.action.kind === 'invoke' ? plan.action : { kind: 'start-execution' as const, stateMachineArn: plan.action.stateMachineArn };
  const refusal = refusalOf(stage.replayTargets, target);
  return refusal === undefined ? plan : { ok: false, workflows: plan.workflows, reason: refusal };
}

function planAnyTarget(letter: DeadLetter, stage: StageWorkflows): ReplayPlan {
  const workflows = workflowsOfDeadLetter(letter, stage);
  const refuse = (reason: string): ReplayPlan => ({ ok: false, workflows, reason });
  if (letter.problem) return refuse(letter.problem);
  const payload = letter.payloadText;
  if (payload === undefined) return refuse('the message holds nothing to re-deliver');
  const { trigger } = letter;
  switch (trigger.kind) {
    case 'schedule': {
      if (!trigger.targetArn) return refuse("the message does not name the schedule's target (no TARGET_ARN attribute), so which state machine to start is unknown");
      if (!isStateMachineArn(trigger.targetArn)) return refuse(`the schedule's target ${trigger.targetArn} is not a state machine`);
      return { ok: true, action: { kind: 'start-execution', stateMachineArn: trigger.targetArn, input: payload }, workflows, notes: [NAMED_NOTE] };
    }
    case 'rule': {
      const target = trigger.targetArn;
      if (!target) return refuse('the message does not name the target that failed (no TARGET_ARN attribute)');
      if (isFunctionArn(target)) return { ok: true, action: { kind: 'invoke', functionArn: invocableFunctionArn(target), payload }, workflows, notes: [STARTER_NOTE] };
      if (!isStateMachineArn(target)) return refuse(`the rule's target ${target} is neither a starter function nor a state machine`);
      const rule = ruleOfArn(trigger.arn ?? '');
      if (!rule) return refuse(`RULE_ARN ${trigger.arn} is not an EventBridge rule ARN, so the target's input cannot be read`);
      return {
        ok: true,
        action: { kind: 'rule-target', ruleArn: trigger.arn!, rule: rule.name, bus: rule.bus, stateMachineArn: target, event: payload },
        workflows,
        notes: [NAMED_NOTE],
      };
    }
    case 'starter': {
      if (!trigger.arn || !isFunctionArn(trigger.arn)) return refuse("the invocation record's requestContext.functionArn is not a Lambda function ARN");
      return { ok: true, action: { kind: 'invoke', functionArn: invocableFunctionArn(trigger.arn), payload }, workflows, notes: [STARTER_NOTE] };
    }
    default:
      return refuse('no Aethon trigger sent it');
  }
}

/**
 * The StartExecution of a rule's state machine target, from the rule's targets as
 * ListTargetsByRule lists them: the target whose Arn is the one that failed, its InputPath or
 * Input applied to the event as EventBridge does. Refused when the rule no longer has that
 * target, when targets of that ARN disagree, or for an InputTransformer (its template is not
 * reproduced here).
 */
export function resolveRuleTarget(lookup: RuleTargetLookup, targets: readonly Target[]): { readonly ok: true; readonly action: ReplayAction } | { readonly ok: false; readonly reason: string } {
  const matching = targets.filter((t) => t.Arn === lookup.stateMachineArn);
  const where = `rule ${lookup.rule} (bus ${lookup.bus})`;
  if (matching.length === 0) return { ok: false, reason: `${where} no longer has the target ${lookup.stateMachineArn} (ListTargetsByRule), so where the event was going is unknown` };
  const shapes = new Set(matching.map((t) => JSON.stringify([t.Input ?? null, t.InputPath ?? null, t.InputTransformer ?? null])));
  if (shapes.size > 1) return { ok: false, reason: `${where} has several targets ${lookup.stateMachineArn} with different inputs (${matching.map((t) => t.Id).join(', ')}), so which one failed is unknown` };
  const target = matching[0]!;
  if (target.InputTransformer) return { ok: false, reason: `the target ${target.Id ?? ''} of ${where} has an InputTransformer, which this replay does not reproduce; start the execution by hand with the transformed input`.replace('  ', ' ') };
  if (target.Input !== undefined) return { ok: true, action: { kind: 'start-execution', stateMachineArn: lookup.stateMachineArn, input: target.Input } };
  if (target.InputPath === undefined || target.InputPath === '$') return { ok: true, action: { kind: 'start-execution', stateMachineArn: lookup.stateMachineArn, input: lookup.event } };
  const selected = selectJsonText(lookup.event, target.InputPath);
  if (!selected.ok) return { ok: false, reason: `the target's InputPath ${target.InputPath} cannot be applied to the event: ${selected.reason}` };
  return { ok: true, action: { kind: 'start-execution', stateMachineArn: lookup.stateMachineArn, input: selected.text } };
}
