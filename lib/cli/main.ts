/**
 * The `aethon` command line. Commands are thin: each calls into spec, compile or local.
 * Streams come in as arguments so tests run commands in-process.
 */
import { parseArgs } from 'node:util';
import { aslCommand, graphCommand, listCommand } from './commands/inspect.ts';
import { validateCommand } from './commands/validate.ts';
import { ExitCode, UsageError, type CliIo } from './io.ts';

export const HELP = `aethon: YAML workflows compiled to AWS Step Functions, runnable locally.

Usage: aethon <command> [options]

Commands:
  list                      The workflows under workflows/, with type, states and triggers.
                            e.g. aethon list --json
  validate [workflow...]    Check workflow files; every problem with file:line:col and a hint.
                            e.g. aethon validate nightly-etl
  asl <workflow>            Print the compiled Amazon States Language definition.
                            e.g. aethon asl nightly-etl > nightly-etl.asl.json
  graph <workflow>          Print a Mermaid flowchart of the compiled state machine.
                            e.g. aethon graph deploy-pipeline

A workflow is a name from workflows/ (nightly-etl) or a path (workflows/nightly-etl.yaml).

Options:
  --json                    Machine-readable output on stdout.
  -h, --help                This help.

Exit codes:
  0  success
  1  a workflow is invalid (or, for run, the execution did not succeed)
  2  usage error: unknown command, missing argument, unknown workflow
`;

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: { json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } },
    });
  } catch (error) {
    return usage(io, (error as Error).message);
  }
  const [command, ...rest] = parsed.positionals;
  const json = parsed.values.json ?? false;
  if (parsed.values.help || command === undefined || command === 'help') {
    io.stdout.write(HELP);
    return command === undefined && !parsed.values.help ? ExitCode.USAGE : ExitCode.OK;
  }
  try {
    switch (command) {
      case 'list':
        return await listCommand(io, json);
      case 'validate':
        return await validateCommand(io, rest, json);
      case 'asl':
        return await aslCommand(io, one(rest, 'asl'), json);
      case 'graph':
        return await graphCommand(io, one(rest, 'graph'), json);
      default:
        return usage(io, `unknown command '${command}'`);
    }
  } catch (error) {
    if (error instanceof UsageError) return usage(io, error.message);
    throw error;
  }
}

function one(args: string[], command: string): string {
  if (args.length !== 1) throw new UsageError(`'aethon ${command}' takes one workflow, e.g. aethon ${command} nightly-etl`);
  return args[0]!;
}

function usage(io: CliIo, message: string): number {
  io.stderr.write(`aethon: ${message}\nRun 'aethon --help' for the commands and options.\n`);
  return ExitCode.USAGE;
}
