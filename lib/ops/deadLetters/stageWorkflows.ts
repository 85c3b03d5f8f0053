/**
 * What the CLI knows of a stage's workflows when it reads a dead letter: their event triggers
 * (from workflows/, matched with EventBridge's pattern semantics) and their state machines and
 * starters (from the stage's SSM manifest, or the outputs of an older deploy). Together they say
 * which workflow a dead letter was for, and on which bus a starter's event travelled, since an
 * invocation record does not say.
 */
import type { CompiledWorkflow } from '../../compile/index.ts';
import { matchesPattern } from '../../events/index.ts';
import type { EventTriggerSpec } from '../../spec/index.ts';
import { workflowManifestPath } from '../../contracts/stageManifest.ts';
import type { StageSource } from '../aws/deployedStage.ts';
import { listWorkflowManifests, readStageManifest } from '../aws/stageManifest.ts';
import type { StackOutputs } from '../aws/stackOutputs.ts';
import { eventTriggersOf } from '../start/executionNames.ts';
import { isFunctionArn, isStateMachineArn } from './arns.ts';
import type { DeadLetter } from './deadLetter.ts';
import { replayTargetsFromManifest, stageReplayTargets, type ReplayTargets } from './replayTargets.ts';

type EventTrigger = EventTriggerSpec['event'];

/** One workflow, as far as its triggers go. */
export interface TriggeredWorkflow {
  readonly name: string;
  readonly type: 'standard' | 'express';
  readonly eventTriggers: readonly EventTrigger[];
}

/** The stage's workflows and state machines. */
export interface StageWorkflows {
  readonly workflows: readonly TriggeredWorkflow[];
  /** State machine ARN -> workflow name, from the `<Workflow>StateMachineArn` outputs. */
  readonly stateMachines: ReadonlyMap<string, string>;
  /** Where a replay may send: nowhere but these. */
  readonly replayTargets: ReplayTargets;
}

/** One event trigger an event matches. */
export interface TriggerMatch {
  readonly workflow: string;
  readonly trigger: EventTrigger;
  /** Started through the starter, named after the key: a duplicate starts nothing new. */
  readonly idempotent: boolean;
}

/** Builds the view from the compiled workflows and (when there is one) the stage's outputs. */
export function stageWorkflowsOf(workflows: readonly CompiledWorkflow[], outputs: StackOutputs | undefined): StageWorkflows {
  const replayTargets = stageReplayTargets(outputs, workflows.map((w) => w.name));
  return { workflows: workflows.map((w) => ({ name: w.name, type: w.type, eventTriggers: eventTriggersOf(w) })), stateMachines: replayTargets.stateMachines, replayTargets };
}

/**
 * The one reader of a stage's deployed workflows: the outputs of an older deploy when they list
 * them, else the stage's manifest in SSM (every workflow, every starter). A stage with neither
 * lists nothing, and a replay's refusal says how to publish the manifest.
 */
export async function readStageWorkflows(workflows: readonly CompiledWorkflow[], source: StageSource): Promise<StageWorkflows> {
  if (source.kind === 'outputs') return stageWorkflowsOf(workflows, source.outputs);
  const stage = await readStageManifest(source.ssm, source.location);
  const triggered = workflows.map((w) => ({ name: w.name, type: w.type, eventTriggers: eventTriggersOf(w) }));
  if (!stage) {
    const path = workflowManifestPath(source.location.appName, source.location.stage);
    const replayTargets: ReplayTargets = {
      ...stageReplayTargets(source.outputs, workflows.map((w) => w.name)),
      hint: `SSM has no manifest of stage ${source.location.stage} under ${path}${source.region ? ` in ${source.region}` : ''}: deploy the stage ('npx cdk deploy -c stage=${source.location.stage}') to publish it`,
    };
    return { workflows: triggered, stateMachines: replayTargets.stateMachines, replayTargets };
  }
  const replayTargets = replayTargetsFromManifest(stage, await listWorkflowManifests(source.ssm, source.location));
  return { workflows: triggered, stateMachines: replayTargets.stateMachines, replayTargets };
}

/** The event triggers the event matches; on `bus` only, when given. A pattern EventBridge would refuse matches nothing. */
export function matchingTriggers(stage: StageWorkflows, event: unknown, bus?: string): TriggerMatch[] {
  return stage.workflows.flatMap((workflow) =>
    workflow.eventTriggers
      .filter((trigger) => (bus === undefined || trigger.bus === bus) && safelyMatches(trigger.pattern, event))
      .map((trigger) => ({ workflow: workflow.name, trigger, idempotent: Boolean(trigger.idempotencyKey) && workflow.type === 'standard' })),
  );
}

/**
 * The workflows a dead letter was for: a rule's or schedule's target state machine named by the
 * outputs; else the workflows whose triggers match its event (only idempotent ones when a starter
 * was the target). Empty when nothing tells.
 */
export function workflowsOfDeadLetter(letter: DeadLetter, stage: StageWorkflows): string[] {
  const { trigger } = letter;
  if (isStateMachineArn(trigger.targetArn)) return [stage.stateMachines.get(trigger.targetArn) ?? trigger.targetArn.split(':')[6]!];
  if (trigger.kind === 'schedule' || !letter.event) return [];
  const starterOnly = trigger.kind === 'starter' || isFunctionArn(trigger.targetArn);
  const matches = matchingTriggers(stage, letter.event, trigger.kind === 'rule' ? trigger.bus : undefined).filter((m) => !starterOnly || m.idempotent);
  return [...new Set(matches.map((m) => m.workflow))];
}

function safelyMatches(pattern: unknown, event: unknown): boolean {
  try {
    return matchesPattern(pattern, event);
  } catch {
    // `aethon validate` reports such a pattern; here it only cannot name a workflow.
    return false;
  }
}
