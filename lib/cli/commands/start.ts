/**
 * `aethon start <workflow> --input <file|json> [--key <key>]`: an idempotent start. The execution
 * name derives from the key (or the trigger's idempotency key over the input), so a duplicate
 * reports the existing execution and exits 0. On AWS it returns once started; with `--local` it
 * runs the execution to its end on the local engine and records it in the local store.
 */
import { SFNClient } from '@aws-sdk/client-sfn';
import { InvalidRequestError, OpsError, OpsExit } from '../../ops/errors.ts';
import { detailOf } from '../../ops/executions/localExecutions.ts';
import { executionConsoleUrl } from '../../ops/executions/awsExecutions.ts';
import { paletteFor, reportError } from '../../ops/format.ts';
import { parseEnvPairs, readJsonArgument } from '../../ops/jsonArgument.ts';
import { startOnAws } from '../../ops/start/awsStart.ts';
import { nameForStart } from '../../ops/start/executionNames.ts';
import { withLocalStarter } from '../../ops/start/localSession.ts';
import type { LocalStartOutcome } from '../../ops/start/localStarter.ts';
import { loadWorkflow } from '../../ops/workflows.ts';
import type { CliIo } from '../io.ts';
import type { CapturedLog } from '../../local/localEngine.ts';
import { formatHandlerLogLine, readHandlerLogLine } from '../render/handlerLogLine.ts';
import { terminalStyle } from '../render/terminalStyle.ts';
import { isLocal, type OpsOptions } from './config.ts';
import { printDetail, stateMachineArnOf } from './executions.ts';
import { storeWaitNotice } from '../storeWaitNotice.ts';

/** Options of `aethon start`. */
export interface StartCommandOptions extends OpsOptions {
  readonly input?: string;
  readonly key?: string;
  readonly stateMachineArn?: string;
  /** Local only: variables for every handler, NAME=value. */
  readonly env: readonly string[];
  /** Local only: skip waits and backoffs. */
  readonly virtualTime: boolean;
}

/** `aethon start <workflow>`; returns the exit code. */
export async function startCommand(io: CliIo, args: readonly string[], options: StartCommandOptions): Promise<number> {
  try {
    if (args.length !== 1) throw new InvalidRequestError(`'aethon start' takes one workflow, e.g. aethon start deploy-pipeline --input '{"service":"api","releaseId":"r-42","commit":"abc"}'`);
    const workflow = await loadWorkflow(io.cwd, args[0]!);
    const input = options.input === undefined ? {} : readJsonArgument(io.cwd, options.input, '--input');
    const choice = nameForStart(workflow, input, options.key);
    if (!isLocal(options)) {
      const stateMachineArn = await stateMachineArnOf(io, workflow.name, options);
      const outcome = await startOnAws(new SFNClient(options.region ? { region: options.region } : {}), { stateMachineArn, workflow: workflow.name, input, ...(choice.name ? { name: choice.name } : {}) });
      if (options.json) io.stdout.write(JSON.stringify({ ...outcome, keySource: choice.keySource, consoleUrl: executionConsoleUrl(outcome.executionArn) }, null, 2) + '\n');
      else {
        io.stdout.write(outcome.status === 'started' ? `started ${outcome.name}\n` : `execution ${outcome.name} already exists (${outcome.executionStatus}); nothing new was started\n`);
        io.stdout.write(`  arn      ${outcome.executionArn}\n  console  ${executionConsoleUrl(outcome.executionArn)}\n`);
        if (choice.keySource === 'none') io.stderr.write(`note: ${workflow.name} has no idempotency key and none was given (--key): every start is a new execution\n`);
      }
      return OpsExit.OK;
    }
    const environment = parseEnvPairs(options.env);
    const outcome = await withLocalStarter(io.cwd, { environment, virtualTime: options.virtualTime, storeWait: storeWaitNotice(io), onLog: logPrinter(io, options.json) }, (starter) => starter.start(workflow, input, choice.name));
    return printLocalOutcome(io, options, outcome);
  } catch (error) {
    return reportError(io, error, options.json, (e): e is OpsError => e instanceof OpsError);
  }
}

/**
 * Handler logs on stderr while a local execution runs: read and labelled with their state for a
 * person (metric lines left out), raw beside --json for machines.
 */
function logPrinter(io: CliIo, json: boolean): (log: CapturedLog) => void {
  if (json) return ({ line }) => io.stderr.write(line.endsWith('\n') ? line : `${line}\n`);
  const style = terminalStyle(io.stderr, io.env);
  return (log) => {
    const text = formatHandlerLogLine(readHandlerLogLine(log.line), { style, prefix: `  ${style.dim(`[${log.stateName ?? log.functionName}]`)} ` });
    if (text !== undefined) io.stderr.write(text);
  };
}

/**
 * Prints a local start or duplicate; exit 1 when an execution it started did not succeed. The
 * execution is recorded by now: if printing it fails, one line still says how it ended.
 */
export function printLocalOutcome(io: CliIo, options: OpsOptions, outcome: LocalStartOutcome): number {
  const code = outcome.status === 'started' && outcome.record.status !== 'SUCCEEDED' ? OpsExit.FAILED : OpsExit.OK;
  try {
    writeLocalOutcome(io, options, outcome);
  } catch (failure) {
    const status = outcome.status === 'started' ? outcome.record.status : outcome.executionStatus;
    io.stderr.write(`${outcome.workflow} ${outcome.name}: ${status}; the result could not be printed (${(failure as Error).message}); 'aethon execution ${outcome.name} --local' shows it\n`);
  }
  return code;
}

function writeLocalOutcome(io: CliIo, options: OpsOptions, outcome: LocalStartOutcome): void {
  const detail = outcome.record ? detailOf(outcome.record) : undefined;
  if (options.json) {
    io.stdout.write(JSON.stringify({ status: outcome.status, workflow: outcome.workflow, name: outcome.name, ...(outcome.status === 'duplicate' ? { executionStatus: outcome.executionStatus } : {}), execution: detail }, null, 2) + '\n');
  } else {
    const palette = paletteFor(io.stdout, io.env);
    io.stdout.write(
      outcome.status === 'started'
        ? `started ${outcome.workflow} ${outcome.name}\n`
        : `execution ${outcome.name} of ${outcome.workflow} already exists (${palette.status(outcome.executionStatus)}); nothing new was started\n`,
    );
    if (detail) printDetail(io, options, detail);
  }
}

// Shared with run and send-event from its own module, which loads no AWS client.
export { storeWaitNotice };
