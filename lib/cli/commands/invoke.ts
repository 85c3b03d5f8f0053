/**
 * `aethon invoke <workflow> <step> [--input <json|@file>]`: one task step's handler, once, through
 * the runtime wrapper on the local engine and stores (see lib/ops/invoke). Prints the handler's
 * logs under the step's line, then its result or its error; --json prints one object.
 * Exit 0 when the handler returned, 1 when it threw (or the workflow is invalid), 2 for a usage
 * error (unknown workflow or step, a step that is not a task, malformed input).
 */
import { InvalidRequestError, OpsError, OpsExit } from '../../ops/errors.ts';
import { reportError } from '../../ops/format.ts';
import { invokeStep, type InvokeStepOutcome } from '../../ops/invoke/invokeStep.ts';
import { parseEnvPairs, readJsonArgument, readJsonFile } from '../../ops/jsonArgument.ts';
import type { CliIo } from '../io.ts';
import { progressOnStdout } from '../render/runProgress.ts';
import { terminalStyle } from '../render/terminalStyle.ts';
import { storeWaitNotice } from '../storeWaitNotice.ts';

/** Options of `aethon invoke`. */
export interface InvokeCommandOptions {
  /** Inline JSON, a JSON file, or `@file`. */
  readonly input?: string;
  readonly json: boolean;
  /** Whole log records and metric lines. */
  readonly verbose: boolean;
  /** NAME=value variables for the handler. */
  readonly env: readonly string[];
}

export async function invokeCommand(io: CliIo, args: readonly string[], options: InvokeCommandOptions): Promise<number> {
  try {
    if (args.length !== 2) throw new InvalidRequestError(`'aethon invoke' takes a workflow and a step, e.g. aethon invoke user-onboarding createUser --input '{"email":"ada@example.com"}'`);
    const [workflow, step] = args as [string, string];
    const input = readInput(io.cwd, options.input);
    const environment = parseEnvPairs(options.env);
    const progress = options.json ? undefined : progressOnStdout(io, options.verbose);
    const outcome = await invokeStep({
      projectRoot: io.cwd,
      workflow,
      step,
      input,
      environment,
      storeWait: storeWaitNotice(io),
      onLog: progress ? (log) => progress.onLog(log) : ({ line }) => io.stderr.write(line.endsWith('\n') ? line : `${line}\n`),
      ...(progress ? { onEvent: (event) => progress.onEvent(event) } : {}),
    });
    printOutcome(io, options.json, outcome);
    return outcome.ok ? OpsExit.OK : OpsExit.FAILED;
  } catch (error) {
    return reportError(io, error, options.json, (e): e is OpsError => e instanceof OpsError, 'invoke');
  }
}

/** `--input '{...}'`, `--input file.json` or `--input @file.json`; none is `{}`. */
function readInput(cwd: string, text: string | undefined): unknown {
  if (text === undefined) return {};
  return text.startsWith('@') ? readJsonFile(cwd, text.slice(1), '--input') : readJsonArgument(cwd, text, '--input');
}

function printOutcome(io: CliIo, json: boolean, outcome: InvokeStepOutcome): void {
  const { workflow, step, durationMs } = outcome;
  if (json) {
    const body = outcome.ok ? { result: outcome.result } : { error: { name: outcome.error, cause: outcome.cause } };
    io.stdout.write(JSON.stringify({ ok: outcome.ok, workflow, step, durationMs, ...body }) + '\n');
    return;
  }
  const style = terminalStyle(io.stdout, io.env);
  if (outcome.ok) {
    io.stdout.write(`\n${style.bold(`${workflow}.${step}`)} returned:\n${indent(JSON.stringify(outcome.result, null, 2) ?? 'nothing (undefined)')}\n`);
  } else {
    io.stdout.write(`\n${style.bold(`${workflow}.${step}`)} ${style.red('threw')} ${outcome.error}\n  cause  ${outcome.cause || '(none)'}\n`);
  }
}

function indent(text: string): string {
  return text.split('\n').map((line) => `  ${line}`).join('\n');
}
