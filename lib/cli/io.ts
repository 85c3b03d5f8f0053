import { ToolErrors } from '../contracts/toolErrors.ts';
/** The CLI's streams and surroundings, passed in so tests drive commands in-process. */
export interface CliIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  /** The project root: workflows/ and functions/ live here. */
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Asks a yes/no question on a terminal; absent when there is none (scripts, CI, tests). */
  readonly confirm?: (question: string) => Promise<boolean>;
}

/** Documented in `aethon --help`. */
export const ExitCode = { OK: 0, INVALID: 1, USAGE: 2 } as const;

/** A mistake in how the command was called: printed with a pointer to --help, exit 2. */
export class UsageError extends Error {
  override readonly name = ToolErrors.USAGE;
}

/** What a filesystem error code means to someone at the keyboard. */
const FILE_PROBLEMS: Readonly<Record<string, string>> = {
  EACCES: 'permission denied; check the owner and mode of the folder (aethon keeps its local state in .aethon/)',
  EPERM: 'operation not permitted; check the owner and mode of the folder (aethon keeps its local state in .aethon/)',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'it is a folder, not a file',
  ENOENT: 'no such file or folder',
  ENOSPC: 'the disk is full',
  EROFS: 'the file system is read-only',
};

/**
 * One line for an error no command turned into a message of its own: a file that cannot be
 * read or written, input too deep to process, or anything else. Never a stack trace, and a
 * cause chain that loops back on itself is followed once.
 */
export function describeFailure(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const path = (error as NodeJS.ErrnoException | undefined)?.path;
  if (typeof code === 'string' && FILE_PROBLEMS[code] && typeof path === 'string') {
    const syscall = (error as NodeJS.ErrnoException).syscall;
    return `cannot ${syscall === 'open' || syscall === 'read' ? 'open' : (syscall ?? 'use')} ${path}: ${FILE_PROBLEMS[code]} (${code})`;
  }
  if (error instanceof RangeError && /call stack/i.test(error.message)) return 'the input nests too deeply to process; flatten it';
  const parts: string[] = [];
  const seen = new Set<unknown>();
  for (let current: unknown = error; current !== undefined && current !== null && !seen.has(current) && parts.length < 4; current = (current as { cause?: unknown }).cause) {
    seen.add(current);
    parts.push(firstLine(current));
  }
  return parts.join(': caused by ');
}

function firstLine(value: unknown): string {
  let text: string;
  try {
    text = value instanceof Error ? `${value.name}: ${value.message}` : typeof value === 'string' ? value : String(JSON.stringify(value) ?? value);
  } catch {
    text = Object.prototype.toString.call(value);
  }
  const line = text.split('\n', 1)[0]!;
  return line.length > 300 ? `${line.slice(0, 299)}…` : line;
}

/** Streams already guarded: main() may run many times in one process (tests). */
const guarded = new WeakSet<object>();

/**
 * A reader that went away (`aethon run x --json | head -c 100`) makes a stream report EPIPE as an
 * 'error' event after the write, which would end the process with a trace, before a finished run
 * is recorded. Say it once on stderr instead and carry on: the command's exit code still tells.
 * (Listeners already on the stream, such as a pipe's, rethrow when they are the only ones.)
 */
export function guardStdout(io: CliIo): void {
  const stream = io.stdout as { on?: (event: 'error', listener: (error: Error) => void) => unknown };
  if (typeof stream.on !== 'function' || guarded.has(stream)) return;
  guarded.add(stream);
  let told = false;
  stream.on('error', (error) => {
    if (told) return;
    told = true;
    io.stderr.write(`aethon: the output could not be written (${(error as NodeJS.ErrnoException).code ?? error.message}); the reader of stdout went away\n`);
  });
}
