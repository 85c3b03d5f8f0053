/**
 * How the CLI finds a stage's stage-level AWS resources: the stack outputs that `cdk deploy`
 * writes with `--outputs-file cdk-outputs.json` (keys fixed by lib/infra's AethonStack:
 * `WorkflowManifestPath`, `AppConfigIncidentStrategyId`, `AppConfigNormalStrategyId`,
 * `IdempotencyTableName`, `AlarmTopicArn`, `TriggerDeadLetterQueueUrl`, `TriggerDeadLetterQueueArn`),
 * in the stack `<App>-<stage>` (`Aethon-dev`). What each workflow has is in the SSM manifest
 * (deployedStage.ts), or, for a stage deployed by an older aethon, in per-workflow outputs
 * (`<Workflow>StateMachineArn`, `<Workflow>ConfigProfileId`, `AppConfigApplicationId`, ...).
 * Explicit flags win over both, for stacks deployed elsewhere (--state-machine-arn, --appconfig).
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { outputPrefix, stackNameFor } from '../../contracts/stackNames.ts';
import { InvalidRequestError, OpsError } from '../errors.ts';

/** Where to look, and what was given explicitly. */
export interface StackOutputsQuery {
  readonly projectRoot: string;
  readonly stage: string;
  /** @default 'cdk-outputs.json' (or $AETHON_OUTPUTS_FILE) */
  readonly outputsFile?: string;
  /** The app name (cdk.json context `aethon:app`). @default read from cdk.json, else 'aethon' */
  readonly appName?: string;
}

/** The outputs of one stage's stack. */
export interface StackOutputs {
  /** The stack whose outputs these are, e.g. `Aethon-dev`. */
  readonly stackName: string;
  /** Where they came from, for messages. */
  readonly source: string;
  readonly values: Readonly<Record<string, string>>;
}

// One naming rule for deploying and finding: lib/contracts/stackNames.ts has no CDK import.
export { outputPrefix, stackNameFor };

/**
 * Reads the stage's outputs; undefined when there is no outputs file (callers may still have flags).
 * @throws OpsError when the file exists but is not JSON or lacks the stage's stack
 */
export function readStackOutputs(query: StackOutputsQuery): StackOutputs | undefined {
  const file = resolve(query.projectRoot, query.outputsFile ?? 'cdk-outputs.json');
  if (!existsSync(file)) {
    if (query.outputsFile) throw new InvalidRequestError(`--outputs: no such file ${query.outputsFile}`);
    return undefined;
  }
  let all: Record<string, Record<string, string>>;
  try {
    all = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Record<string, string>>;
  } catch (error) {
    throw new OpsError(`${file} is not JSON (${(error as Error).message}); rewrite it with 'npx cdk deploy --outputs-file cdk-outputs.json'`);
  }
  const stackName = stackNameFor(query.appName ?? appNameOf(query.projectRoot), query.stage);
  const values = all[stackName];
  if (!values || typeof values !== 'object') {
    throw new OpsError(`${file} has no outputs for stack ${stackName} (stage ${query.stage}); it has: ${Object.keys(all).join(', ') || 'none'}. Deploy the stage with 'npx cdk deploy -c stage=${query.stage} --outputs-file cdk-outputs.json', or pick the stage with --stage.`);
  }
  return { stackName, source: file, values };
}

/** One output, or a clear error naming the key and how to get it. */
export function requireOutput(outputs: StackOutputs | undefined, key: string, flagHint: string): string {
  const value = outputs?.values[key];
  if (value) return value;
  const where = outputs ? `${outputs.source} has no output ${key} for ${outputs.stackName}` : `there is no cdk-outputs.json to read ${key} from`;
  throw new InvalidRequestError(`${where}. Deploy with 'npx cdk deploy --outputs-file cdk-outputs.json', or pass ${flagHint}.`);
}

/** The app name of the project: cdk.json context `aethon:app`, else 'aethon'. */
export function appNameOf(projectRoot: string): string {
  try {
    const cdk = JSON.parse(readFileSync(resolve(projectRoot, 'cdk.json'), 'utf8')) as { context?: Record<string, unknown> };
    const name = cdk.context?.['aethon:app'];
    return typeof name === 'string' && name ? name : 'aethon';
  } catch {
    return 'aethon';
  }
}

/** `--state-machine-arn` checked, so a typo fails before any call. */
export function checkedStateMachineArn(arn: string): string {
  if (arn.split(':')[5] !== 'stateMachine') throw new InvalidRequestError(`--state-machine-arn '${arn}' is not a state machine ARN (arn:aws:states:<region>:<account>:stateMachine:<name>)`);
  return arn;
}
