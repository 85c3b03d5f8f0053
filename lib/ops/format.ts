/**
 * Presentation shared by the operations commands: aligned tables, durations, and colour only
 * where a person reads a terminal (never in a pipe, never with NO_COLOR set).
 * @see https://no-color.org/
 */
import { ExecutionInputConflictError } from '../contracts/executionInputConflict.ts';

/** Output stream as the CLI sees it; `isTTY` is present on a real terminal. */
export interface OutputStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

/** Colours for a stream; identity functions when colour is off. */
export interface Palette {
  readonly enabled: boolean;
  status(status: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

const STATUS_COLOURS: Readonly<Record<string, number>> = {
  SUCCEEDED: 32,
  COMPLETE: 32,
  FAILED: 31,
  TIMED_OUT: 31,
  ABORTED: 33,
  ROLLED_BACK: 31,
  REVERTED: 33,
  RUNNING: 36,
  DEPLOYING: 36,
  BAKING: 36,
};

/** Colour on when the stream is a terminal and neither NO_COLOR nor TERM=dumb says otherwise. */
export function paletteFor(stream: OutputStream, env: Readonly<Record<string, string | undefined>>): Palette {
  const enabled = stream.isTTY === true && !env.NO_COLOR && env.TERM !== 'dumb';
  const wrap = (code: number) => (text: string) => (enabled ? `\u001b[${code}m${text}\u001b[0m` : text);
  return {
    enabled,
    status: (status) => (STATUS_COLOURS[status] ? wrap(STATUS_COLOURS[status])(status) : status),
    dim: wrap(2),
    bold: wrap(1),
  };
}

/** Rows aligned in columns, two spaces apart; the header is the first row. Colour codes do not count. */
export function formatTable(rows: readonly (readonly string[])[]): string {
  const visible = (cell: string) => cell.replace(/\u001b\[\d+m/g, '').length;
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((row) => visible(row[i] ?? '')))) ?? [];
  return rows.map((row) => row.map((cell, i) => cell + ' '.repeat(Math.max(0, widths[i]! - visible(cell)))).join('  ').trimEnd()).join('\n') + '\n';
}

/** `850 ms`, `12.3 s`, `4 min 5 s`, `2 h 3 min`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** A timestamp in UTC without milliseconds: `2026-11-28 03:00:12Z`. */
export function formatTime(iso: string | undefined): string {
  if (!iso) return '-';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, 'Z');
}

/** Prints an operations error (stderr; and a JSON object on stdout with --json) and returns its exit code. */
export function reportError(
  io: { stdout: OutputStream; stderr: OutputStream },
  error: unknown,
  json: boolean,
  isOpsError: (e: unknown) => e is Error & { exitCode: number },
  /** The command whose help a usage error points to, e.g. `invoke`. @default the global help */
  command?: string,
): number {
  // A start's name conflict comes from contracts (the deployed starter throws it too), not from ops.
  if (!isOpsError(error) && !(error instanceof ExecutionInputConflictError)) throw error;
  const pointer = command ? `Run 'aethon ${command} --help' for its usage, options and examples.\n` : "Run 'aethon --help' for the commands and options.\n";
  io.stderr.write(`aethon: ${error.message}\n${error.exitCode === 2 ? pointer : ''}`);
  if (json) io.stdout.write(JSON.stringify({ ok: false, error: { name: error.name, message: error.message, exitCode: error.exitCode } }) + '\n');
  return error.exitCode;
}
