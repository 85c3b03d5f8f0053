/**
 * `aethon run <workflow>` and `aethon run --definition <file.asl.json>`: one execution on the local
 * engine. On stdout, one line per state as it ends with its handler's logs under it, then a
 * summary; with --json, exactly one JSON object on stdout and the raw log lines on stderr.
 * Exit 0 when it succeeded, 1 when it did not, 2 for a usage error or an invalid definition.
 *
 * While `aethon dev` runs for the project it holds the persistent DynamoDB of idempotency records:
 * a workflow with an idempotent step is refused at once (exit 3) and pointed at `aethon start
 * --local`, which runs on the server. Running it through the server instead would lose what makes
 * `run` itself (its own virtual clock, --env, --mock-config, logs as they are written).
 */
import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { InvalidDefinitionError } from '../../local/engine/index.ts';
import { LocalEngine, WorkflowInvalidError, type LocalRun, type TaskMocks } from '../../local/localEngine.ts';
import { recordExecution, runningDevServer, type DevServerInfo } from '../../local/store/index.ts';
import type { HistoryEvent } from '../../local/types.ts';
import { InvalidRequestError } from '../../ops/errors.ts';
import { readJsonArgument, readJsonFile } from '../../ops/jsonArgument.ts';
import { storeWaitNotice } from '../storeWaitNotice.ts';
import { formatMockConfigIssue, loadMockConfigFile, MockConfigError } from '../../local/mocks/index.ts';
import { ExitCode, UsageError, type CliIo } from '../io.ts';
import { formatSummary, summarize } from '../runSummary.ts';
import { progressOnStdout } from '../render/runProgress.ts';
import { terminalStyle } from '../render/terminalStyle.ts';

export interface RunCommandOptions {
  readonly workflow?: string;
  readonly definition?: string;
  readonly input?: string;
  readonly mockConfig?: string;
  readonly testCase?: string;
  readonly stateMachine?: string;
  readonly virtualTime: boolean;
  readonly json: boolean;
  /** Whole log records and metric lines under each state. @default false */
  readonly verbose?: boolean;
  readonly env: readonly string[];
}

export async function runCommand(io: CliIo, options: RunCommandOptions): Promise<number> {
  if (!options.workflow === !options.definition) throw new UsageError("give a workflow name or --definition <file.asl.json>, e.g. 'aethon run nightly-etl'");
  if (!!options.mockConfig !== !!options.testCase) throw new UsageError('--mock-config and --test-case go together');
  const input = options.input === undefined ? {} : usageOnFailure(() => readJsonArgument(io.cwd, options.input!, '--input'));
  const definition = options.definition ? usageOnFailure(() => readJsonFile(io.cwd, options.definition!, '--definition')) : undefined;
  const environment = parseEnv(options.env);
  const mocks = await readMocks(io, options);
  // Machines get the raw lines beside the JSON; people get them read, under their state.
  const progress = options.json ? undefined : progressOnStdout(io, options.verbose ?? false);
  const engine = await LocalEngine.start({
    projectRoot: io.cwd,
    virtualTime: options.virtualTime,
    environment,
    dynamodb: 'persistent',
    storeWait: storeWaitNotice(io),
    onLog: progress ? (log) => progress.onLog(log) : ({ line }) => io.stderr.write(line.endsWith('\n') ? line : `${line}\n`),
    ...(progress ? { onEvent: (event: HistoryEvent) => progress.onEvent(event) } : {}),
  });
  const started = Date.now();
  const devServer = runningDevServer(join(io.cwd, '.aethon'));
  let record: LocalRun;
  try {
    if (devServer && options.workflow) await refuseIdempotentBesideDevServer(engine, options.workflow, devServer);
    record = definition !== undefined
      ? await engine.runDefinition(definition, options.stateMachine ?? basename(options.definition!).replace(/\.asl\.json$|\.json$/, ''), { input, ...(mocks ? { mocks } : {}) })
      : await engine.runWorkflow(options.workflow!, { input, ...(mocks ? { mocks } : {}) });
  } catch (error) {
    await engine.close();
    if (error instanceof InvalidDefinitionError || error instanceof MockConfigError) throw new UsageError(error.message);
    if (error instanceof DevServerHoldsRecordsError) {
      io.stderr.write(`aethon: ${error.message}\n`);
      return DEV_SERVER_HOLDS_RECORDS_EXIT;
    }
    if (error instanceof WorkflowInvalidError) {
      io.stderr.write(error.message + '\n');
      return ExitCode.USAGE;
    }
    throw error;
  }
  // The result is known: from here on nothing may turn it into a crash. It is printed first; the
  // engine (and with it DynamoDB) is closed before the store is waited for, so a run never holds
  // one while waiting for the other (start --local takes them in the opposite order).
  printResult(io, options, record, Date.now() - started);
  await engine.close();
  const { logs: _logs, notRecorded: _not, ...stored } = record;
  const notRecorded = await recordExecution(join(io.cwd, '.aethon'), stored, storeWaitNotice(io));
  if (notRecorded) io.stderr.write(`warning: execution ${record.name} is not in the local store ('aethon executions' will not list it): ${notRecorded}\n`);
  return record.status === 'SUCCEEDED' ? ExitCode.OK : ExitCode.INVALID;
}

/** Exit code of a run refused because `aethon dev` holds the idempotency records (the environment's, as ops' 3). */
const DEV_SERVER_HOLDS_RECORDS_EXIT = 3;

class DevServerHoldsRecordsError extends Error {}

/** Refuses at once, rather than wait minutes for a DynamoDB lock the server keeps for its whole life. */
async function refuseIdempotentBesideDevServer(engine: LocalEngine, workflow: string, server: DevServerInfo): Promise<void> {
  const compiled = await engine.compile(workflow);
  const idempotent = [...new Set(compiled.functions.filter((fn) => fn.idempotency).map((fn) => fn.stepName))];
  if (idempotent.length === 0) return;
  throw new DevServerHoldsRecordsError(
    `aethon dev (pid ${server.pid}, ${server.endpoint}) runs for this project and holds its local DynamoDB, where the idempotency records of ${compiled.name} (step ${idempotent.join(', ')}) live; ` +
      `'aethon run' would wait for it. Start the execution on the server: 'aethon start ${compiled.name} --local --input <json>' (it follows the execution to its end; 'aethon execution <name> --local' shows it), or stop aethon dev to run it here.`,
  );
}

/** Prints the summary or the JSON result; if that fails, still says how the execution ended. */
function printResult(io: CliIo, options: RunCommandOptions, record: LocalRun, realMs: number): void {
  try {
    if (options.json) {
      const { status, output, error, cause, history } = record;
      io.stdout.write(JSON.stringify({ status, output, error, cause, history }) + '\n');
    } else {
      io.stdout.write(formatSummary(record, summarize(record), realMs, terminalStyle(io.stdout, io.env)));
    }
  } catch (failure) {
    const reason = failure instanceof RangeError ? 'it nests too deeply to print' : (failure as Error).message;
    io.stderr.write(`${record.stateMachineName} ${record.name}: ${record.status}${record.error ? ` (${record.error})` : ''}; the result could not be printed: ${reason}\n`);
  }
}

function usageOnFailure<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof InvalidRequestError) throw new UsageError(error.message);
    throw error;
  }
}

async function readMocks(io: CliIo, options: RunCommandOptions): Promise<TaskMocks | undefined> {
  const cwd = io.cwd;
  if (!options.mockConfig || !options.testCase) return undefined;
  const path = resolve(cwd, options.mockConfig);
  if (!existsSync(path)) throw new UsageError(`--mock-config: no such file ${options.mockConfig}`);
  try {
    const mockConfig = await loadMockConfigFile(path);
    // Step Functions Local runs such files; say what looks wrong without refusing it.
    for (const issue of mockConfig.warnings) io.stderr.write(`warning: ${options.mockConfig}: ${formatMockConfigIssue(issue)}\n`);
    return { mockConfig, testCase: options.testCase, ...(options.stateMachine ? { stateMachine: options.stateMachine } : {}) };
  } catch (error) {
    if (error instanceof MockConfigError) throw new UsageError(error.message);
    throw error;
  }
}

function parseEnv(pairs: readonly string[]): Record<string, string> {
  return Object.fromEntries(
    pairs.map((pair) => {
      const at = pair.indexOf('=');
      if (at <= 0) throw new UsageError(`--env takes NAME=value, got '${pair}'`);
      return [pair.slice(0, at), pair.slice(at + 1)];
    }),
  );
}
