/**
 * Where `dead-letters replay` may send: the stage's own state machines and starter functions, and
 * nothing else. A message in the queue can name any target (anyone allowed to send to the queue,
 * or a misrouted destination, writes its attributes), and a replay runs with the operator's
 * credentials: without this list, a crafted message would start any state machine or invoke any
 * function those credentials reach, with a payload of its choosing.
 */
import type { StageManifest, WorkflowManifest } from '../../contracts/stageManifest.ts';
import { outputPrefix, type StackOutputs } from '../aws/stackOutputs.ts';
import { functionNameOfArn, isFunctionArn } from './arns.ts';

/** The stage's replay targets. */
export interface ReplayTargets {
  /** Where the list came from, for refusals: `stack Aethon-prod in cdk-outputs.json`. */
  readonly source: string;
  /** State machine ARN -> workflow name. */
  readonly stateMachines: ReadonlyMap<string, string>;
  /** Starter function ARN (unqualified) -> workflow name, where the outputs list them. */
  readonly starterFunctions: ReadonlyMap<string, string>;
  /**
   * Set only when the source lists no starters (stack outputs never did): the stage's stack.
   * CloudFormation names a function it creates `<stack>-<logical id>-<suffix>`, and a nested
   * stack `<parent stack>-...`, so a starter of this stage is named after this stack.
   */
  readonly stackName?: string;
  /** Why the list may be empty though the stage has workflows, for the refusal. */
  readonly hint?: string;
}

/**
 * The one function that reads what a stage owns from its stack outputs: `<Workflow>StateMachineArn`
 * and `<...>StarterFunctionArn` keys. Stacks that publish an SSM manifest instead list nothing
 * here: {@link replayTargetsFromManifest} builds the same list from the manifest.
 */
export function stageReplayTargets(outputs: StackOutputs | undefined, workflowNames: readonly string[]): ReplayTargets {
  const byPrefix = new Map(workflowNames.map((name) => [outputPrefix(name), name]));
  const nameOf = (key: string, suffix: string): string => {
    const prefix = key.slice(0, -suffix.length);
    // A workflow deployed but no longer in workflows/ still gets a name: its output prefix.
    return byPrefix.get(prefix) ?? [...byPrefix].find(([p]) => prefix.startsWith(p))?.[1] ?? prefix;
  };
  const stateMachines = new Map<string, string>();
  const starterFunctions = new Map<string, string>();
  for (const [key, value] of Object.entries(outputs?.values ?? {})) {
    if (!value) continue;
    if (key.endsWith('StateMachineArn')) stateMachines.set(value, nameOf(key, 'StateMachineArn'));
    else if (key.endsWith('StarterFunctionArn') && isFunctionArn(value)) starterFunctions.set(value, nameOf(key, 'StarterFunctionArn'));
  }
  const manifestPath = outputs?.values.WorkflowManifestPath;
  return {
    source: outputs ? `stack ${outputs.stackName} in ${outputs.source}` : 'no stack outputs (no cdk-outputs.json was read)',
    stateMachines,
    starterFunctions,
    ...(outputs && starterFunctions.size === 0 ? { stackName: outputs.stackName } : {}),
    ...(manifestPath && stateMachines.size === 0
      ? { hint: `this stage lists its workflows in the SSM manifest under ${manifestPath}, not in its outputs; read the targets from there (replayTargetsFromManifest)` }
      : {}),
  };
}

/** The same list from a deployed stage's manifest in SSM Parameter Store, which lists every starter. */
export function replayTargetsFromManifest(stage: StageManifest, workflows: readonly WorkflowManifest[]): ReplayTargets {
  return {
    source: `the manifest of stack ${stage.stackName} under ${stage.workflowsPath}`,
    stateMachines: new Map(workflows.map((w) => [w.stateMachineArn, w.workflow])),
    starterFunctions: new Map(workflows.flatMap((w) => w.starterFunctionArns.map((arn): [string, string] => [arn, w.workflow]))),
  };
}

/** What a replay is about to call. */
export type ReplayTarget = { readonly kind: 'invoke'; readonly functionArn: string } | { readonly kind: 'start-execution'; readonly stateMachineArn: string };

/** Why a replay must not call this target, or undefined when it is the stage's own. */
export function refusalOf(targets: ReplayTargets, target: ReplayTarget): string | undefined {
  const outside = `only the stage's own targets are replayed to (${targets.source}); a message can name any target, so nothing was sent${targets.hint ? `; ${targets.hint}` : ''}`;
  if (target.kind === 'start-execution') {
    return targets.stateMachines.has(target.stateMachineArn) ? undefined : `${target.stateMachineArn} is not a state machine of this stage: ${outside}`;
  }
  const arn = target.functionArn;
  // A version or alias of a listed function is still that function.
  if (targets.starterFunctions.has(arn.split(':').slice(0, 7).join(':'))) return undefined;
  if (isOwnStarter(targets, arn)) return undefined;
  return `${arn} is not a starter function of this stage: ${outside}`;
}

/** In the account and region of the stage's state machines, and named after its stack. */
function isOwnStarter(targets: ReplayTargets, functionArn: string): boolean {
  if (!targets.stackName || !isFunctionArn(functionArn)) return false;
  const [, , , region, account] = functionArn.split(':');
  const home = [...targets.stateMachines.keys()].some((arn) => {
    const parts = arn.split(':');
    return parts[3] === region && parts[4] === account;
  });
  return home && functionNameOfArn(functionArn).startsWith(`${targets.stackName}-`);
}
