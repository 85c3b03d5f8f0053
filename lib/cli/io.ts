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
  override readonly name = 'UsageError';
}
