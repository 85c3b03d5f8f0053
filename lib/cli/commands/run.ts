/**
 * `aethon run <workflow>` and `aethon run --definition <file.asl.json>`: one execution on the local
 * engine, handler logs streamed to stderr, a summary at the end (or exactly one JSON object on
 * stdout with --json). Exit 0 when it succeeded, 1 when it did not, 2 for a usage error or an
 * invalid definition.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { InvalidDefinitionError } from '../../local/engine/index.ts';
import { LocalEngine, WorkflowInvalidError, type TaskMocks } from '../../local/localEngine.ts';
import { loadMockConfigFile, MockConfigError } from '../../local/mocks/index.ts';
import { ExitCode, UsageError, type CliIo } from '../io.ts';
import { formatSummary, summarize } from '../runSummary.ts';

export interface RunCommandOptions {
  readonly workflow?: string;
  readonly definition?: string;
  readonly input?: string;
  readonly mockConfig?: string;
  readonly testCase?: string;
  readonly stateMachine?: string;
  readonly virtualTime: boolean;
  readonly json: boolean;
  readonly env: readonly string[];
}

export async function runCommand(io: CliIo, options: RunCommandOptions): Promise<number> {
  if (!options.workflow === !options.definition) throw new UsageError("give a workflow name or --definition <file.asl.json>, e.g. 'aethon run nightly-etl'");
  if (!!options.mockConfig !== !!options.testCase) throw new UsageError('--mock-config and --test-case go together');
  const input = readInput(io.cwd, options.input);
  const environment = parseEnv(options.env);
  const mocks = await readMocks(io.cwd, options);
  const engine = await LocalEngine.start({
    projectRoot: io.cwd,
    virtualTime: options.virtualTime,
    environment,
    dynamodb: 'persistent',
    recordExecutions: true,
    onLog: ({ line }) => io.stderr.write(line.endsWith('\n') ? line : `${line}\n`),
  });
  const started = Date.now();
  try {
    const record = options.definition
      ? await engine.runDefinition(readDefinition(io.cwd, options.definition), options.stateMachine ?? basename(options.definition).replace(/\.asl\.json$|\.json$/, ''), { input, ...(mocks ? { mocks } : {}) })
      : await engine.runWorkflow(options.workflow!, { input, ...(mocks ? { mocks } : {}) });
    if (options.json) {
      const { status, output, error, cause, history } = record;
      io.stdout.write(JSON.stringify({ status, output, error, cause, history }) + '\n');
    } else {
      io.stderr.write(formatSummary(record, summarize(record), Date.now() - started));
    }
    return record.status === 'SUCCEEDED' ? ExitCode.OK : ExitCode.INVALID;
  } catch (error) {
    if (error instanceof InvalidDefinitionError) throw new UsageError(error.message);
    if (error instanceof WorkflowInvalidError) {
      io.stderr.write(error.message + '\n');
      return ExitCode.USAGE;
    }
    throw error;
  } finally {
    await engine.close();
  }
}

function readInput(cwd: string, input: string | undefined): unknown {
  if (input === undefined) return {};
  const trimmed = input.trim();
  const text = trimmed.startsWith('{') || trimmed.startsWith('[') ? input : readText(cwd, input, '--input');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--input is not JSON: ${(error as Error).message}`);
  }
}

function readDefinition(cwd: string, file: string): unknown {
  try {
    return JSON.parse(readText(cwd, file, '--definition'));
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`${file} is not JSON: ${(error as Error).message}`);
  }
}

function readText(cwd: string, file: string, option: string): string {
  const path = resolve(cwd, file);
  if (!existsSync(path)) throw new UsageError(`${option}: no such file ${file}`);
  return readFileSync(path, 'utf8');
}

async function readMocks(cwd: string, options: RunCommandOptions): Promise<TaskMocks | undefined> {
  if (!options.mockConfig || !options.testCase) return undefined;
  const path = resolve(cwd, options.mockConfig);
  if (!existsSync(path)) throw new UsageError(`--mock-config: no such file ${options.mockConfig}`);
  try {
    const mockConfig = await loadMockConfigFile(path);
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
