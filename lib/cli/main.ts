/**
 * The `aethon` command line. Commands are thin: each calls into spec, compile, local or ops, and
 * is imported only when it runs (commandTable/), so `aethon --help` and a mistyped option answer
 * at once. Streams come in as arguments so tests run commands in-process.
 */
import { formatCommandHelp } from './help/commandHelp.ts';
import { GLOBAL_HELP } from './help/globalHelp.ts';
import { describeFailure, ExitCode, guardStdout, UsageError, type CliIo } from './io.ts';
import { parseCommandLine } from './parseCommandLine.ts';
import type { CommandSpec } from './commandSpec.ts';
import { ToolErrors } from '../contracts/toolErrors.ts';

/** The global help: every command, every option, the exit codes. */
export const HELP = GLOBAL_HELP;

/** Thrown for a name that is neither in workflows/ nor a file; matched by name, so that its module is not loaded up front. */
const WORKFLOW_NOT_FOUND = ToolErrors.WORKFLOW_NOT_FOUND;

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  guardStdout(io);
  const line = parseCommandLine(argv);
  switch (line.kind) {
    case 'global-help':
      io.stdout.write(GLOBAL_HELP);
      return line.exitCode;
    case 'command-help':
      io.stdout.write(formatCommandHelp(line.command));
      return ExitCode.OK;
    case 'usage-error':
      return usage(io, line.message, line.command);
  }
  try {
    return await line.command.run(io, line.args, line.values);
  } catch (error) {
    if (error instanceof UsageError || (error instanceof Error && error.name === WORKFLOW_NOT_FOUND)) return usage(io, (error as Error).message, line.command);
    // Whatever no command turned into a message (a file it cannot read or write, input too deep
    // to walk): one line, never a stack trace.
    io.stderr.write(`aethon: ${describeFailure(error)}\n`);
    return ExitCode.USAGE;
  }
}

function usage(io: CliIo, message: string, command?: CommandSpec): number {
  const pointer = command ? `Run 'aethon ${command.name} --help' for its usage, options and examples.` : "Run 'aethon --help' for the commands and options.";
  io.stderr.write(`aethon: ${message}\n${pointer}\n`);
  return ExitCode.USAGE;
}
