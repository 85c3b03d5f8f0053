/**
 * The starter: an EventBridge target that starts a Standard execution named after the event's
 * idempotency key, so a duplicate event starts nothing new. Runs on Lambda; kept to the SDK's
 * Step Functions client and node:crypto.
 */
import { DescribeExecutionCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { ExecutionInputConflictError } from '../../contracts/executionInputConflict.ts';
import { executionArnOf, executionNameFor } from '../../contracts/executionName.ts';
import { StarterEnv } from './env.ts';
import { selectPath } from '../../contracts/selectPath.ts';
import { ToolErrors } from '../../contracts/toolErrors.ts';


export interface StarterOptions {
  readonly client: Pick<SFNClient, 'send'>;
  readonly stateMachineArn: string;
  readonly workflow: string;
  /** Which part of the event becomes the execution input, e.g. `$.detail`. */
  readonly inputPath: string;
  /** The event's idempotency key, e.g. `$.detail.email`. */
  readonly keyPath: string;
}

export type StartOutcome =
  | { readonly status: 'started'; readonly executionArn: string; readonly name: string }
  | { readonly status: 'duplicate'; readonly executionArn: string; readonly name: string; readonly executionStatus: string };

/** The event lacks its idempotency key: starting anyway would defeat deduplication. */
export class MissingIdempotencyKeyError extends Error {
  override readonly name = ToolErrors.MISSING_IDEMPOTENCY_KEY;
  constructor(readonly keyPath: string, readonly workflow: string) {
    super(`the event has nothing at ${keyPath}, the idempotency key of workflow '${workflow}'; no execution was started`);
  }
}

/** Builds the starter's logic around a client, for the Lambda handler below and for tests. */
export function createStarter(options: StarterOptions): (event: unknown) => Promise<StartOutcome> {
  return async (event) => {
    const key = selectPath(event, options.keyPath);
    if (key === undefined || key === null || key === '') throw new MissingIdempotencyKeyError(options.keyPath, options.workflow);
    const name = executionNameFor(options.workflow, key);
    const input = JSON.stringify(selectPath(event, options.inputPath) ?? {});
    try {
      // Same name and input as a *running* execution: Step Functions answers with that execution.
      const started = await options.client.send(new StartExecutionCommand({ stateMachineArn: options.stateMachineArn, name, input }));
      return log({ status: 'started', executionArn: started.executionArn!, name });
    } catch (error) {
      if ((error as Error).name !== 'ExecutionAlreadyExists') throw error;
      const executionArn = executionArnOf(options.stateMachineArn, name);
      const existing = await options.client.send(new DescribeExecutionCommand({ executionArn }));
      if (existing.input !== input) throw new ExecutionInputConflictError(options.workflow, name, executionArn);
      return log({ status: 'duplicate', executionArn, name, executionStatus: existing.status ?? 'UNKNOWN' });
    }
  };
}

function log(outcome: StartOutcome): StartOutcome {
  // One JSON line, like the Powertools logs of the step functions, without the dependency.
  console.log(JSON.stringify({ level: 'INFO', message: `execution ${outcome.status}`, ...outcome }));
  return outcome;
}

let starter: ((event: unknown) => Promise<StartOutcome>) | undefined;

/** The Lambda entry point; configuration comes from the environment the construct sets. */
export async function handler(event: unknown): Promise<StartOutcome> {
  starter ??= createStarter({
    client: new SFNClient({}),
    stateMachineArn: requireEnv(StarterEnv.STATE_MACHINE_ARN),
    workflow: requireEnv(StarterEnv.WORKFLOW),
    inputPath: requireEnv(StarterEnv.INPUT_PATH),
    keyPath: requireEnv(StarterEnv.KEY_PATH),
  });
  return starter(event);
}

function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is not set; the starter is deployed by Aethon's Workflow construct, which sets it`);
  return value;
}
