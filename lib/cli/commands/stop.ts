/**
 * `aethon stop <execution> [--error E] [--cause C]`: StopExecution on AWS, or with `--local` on
 * the running `aethon dev` (the only local place an execution runs on after its command returns).
 */
import { SFNClient } from '@aws-sdk/client-sfn';
import { InvalidRequestError, NotFoundError, OpsError, OpsExit } from '../../ops/errors.ts';
import { executionConsoleUrl, resolveExecutionArn } from '../../ops/executions/awsExecutions.ts';
import { devServerExecutionArn, devServerOf } from '../../ops/executions/devServerClient.ts';
import { stopExecution, type StopOutcome, type StopReason } from '../../ops/executions/stopExecution.ts';
import { reportError } from '../../ops/format.ts';
import { localDirOf } from '../../ops/localStore.ts';
import { loadWorkflow } from '../../ops/workflows.ts';
import type { CliIo } from '../io.ts';
import { isLocal, type OpsOptions } from './config.ts';
import { stateMachineArnOf } from './executions.ts';

/** Options of `aethon stop`. */
export interface StopCommandOptions extends OpsOptions {
  readonly error?: string;
  readonly cause?: string;
  readonly workflow?: string;
  readonly stateMachineArn?: string;
}

/** `aethon stop <id|name>`; returns the exit code. */
export async function stopCommand(io: CliIo, args: readonly string[], options: StopCommandOptions): Promise<number> {
  try {
    if (args.length !== 1) throw new InvalidRequestError(`'aethon stop' takes one execution ARN or name, e.g. aethon stop deploy-pipeline-3f1c... --workflow deploy-pipeline --cause "release withdrawn"`);
    const reason: StopReason = { ...(options.error !== undefined ? { error: options.error } : {}), ...(options.cause !== undefined ? { cause: options.cause } : {}) };
    const outcome = isLocal(options) ? await stopLocally(io, args[0]!, reason) : await stopOnAws(io, args[0]!, reason, options);
    if (options.json) io.stdout.write(JSON.stringify({ stopped: true, ...outcome }) + '\n');
    else io.stdout.write(`stopped ${outcome.executionArn}${outcome.stopDate ? ` at ${outcome.stopDate}` : ''}\n${isLocal(options) ? '' : `  console  ${executionConsoleUrl(outcome.executionArn)}\n`}`);
    return OpsExit.OK;
  } catch (error) {
    return reportError(io, error, options.json, (e): e is OpsError => e instanceof OpsError);
  }
}

async function stopLocally(io: CliIo, idOrName: string, reason: StopReason): Promise<StopOutcome> {
  const dev = devServerOf(localDirOf(io.cwd));
  if (!dev) {
    throw new OpsError(
      "no local execution can be stopped: without 'aethon dev' running, a local execution runs inside the command that started it (stop that command with Ctrl-C). Start 'aethon dev' to run executions you can stop.",
      OpsExit.FAILED,
    );
  }
  try {
    const executionArn = await devServerExecutionArn(dev, idOrName);
    if (executionArn === undefined) throw new NotFoundError(`aethon dev (${dev.info.endpoint}) has no execution named '${idOrName}'; 'aethon executions <workflow> --local' lists them`);
    return await stopExecution(dev.client, executionArn, reason);
  } finally {
    dev.client.destroy();
  }
}

async function stopOnAws(io: CliIo, idOrName: string, reason: StopReason, options: StopCommandOptions): Promise<StopOutcome> {
  const named = !idOrName.startsWith('arn:') && (options.workflow || options.stateMachineArn);
  const stateMachineArn = named ? await stateMachineArnOf(io, options.workflow ? (await loadWorkflow(io.cwd, options.workflow)).name : '', options) : undefined;
  return stopExecution(new SFNClient(options.region ? { region: options.region } : {}), resolveExecutionArn(idOrName, stateMachineArn), reason);
}
