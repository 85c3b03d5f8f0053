/**
 * One line a handler wrote, as a person wants to read it: the level, the message and the keys
 * that say something (`name=Ada count=3`), without the correlation keys every record repeats.
 * The lines arrive already redacted by the local Lambda runner (secret values and keys become
 * [REDACTED]); this only chooses what to show, so nothing hidden there can reappear here.
 * Metric lines (CloudWatch EMF, the `_aws` records) show only in verbose mode.
 */
import type { TerminalStyle } from './terminalStyle.ts';

/** A log line once read: a metrics record, a structured log record, or plain text. */
export type HandlerLogLine =
  | { readonly kind: 'metrics'; readonly raw: string }
  | { readonly kind: 'record'; readonly raw: string; readonly level: string; readonly message: string; readonly fields: ReadonlyArray<readonly [string, unknown]> }
  | { readonly kind: 'text'; readonly raw: string };

/**
 * Keys Powertools and the step runtime add to every record: they correlate records in CloudWatch
 * and repeat the state line the renderer already prints.
 */
const CORRELATION_KEYS = new Set([
  'level',
  'message',
  'timestamp',
  'service',
  'cold_start',
  'function_request_id',
  'function_name',
  'function_arn',
  'function_memory_size',
  'sampling_rate',
  'xray_trace_id',
  'workflow',
  'execution_id',
  'execution_name',
  'correlation_id',
  'state',
  'attempt',
  'role',
]);

/** A value longer than this is cut: the whole record is one `--verbose` away. */
const MAX_VALUE_LENGTH = 160;

/** Reads one line; anything that is not a JSON object is plain text. */
export function readHandlerLogLine(line: string): HandlerLogLine {
  const raw = line.replace(/\r?\n$/, '');
  if (!raw.startsWith('{')) return { kind: 'text', raw };
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { kind: 'text', raw };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return { kind: 'text', raw };
  const record = parsed as Record<string, unknown>;
  if (record._aws !== undefined) return { kind: 'metrics', raw };
  if (typeof record.message !== 'string' && typeof record.level !== 'string') return { kind: 'text', raw };
  const fields = Object.entries(record).filter(([key]) => !CORRELATION_KEYS.has(key));
  return { kind: 'record', raw, level: String(record.level ?? 'LOG').toUpperCase(), message: String(record.message ?? ''), fields };
}

/** Options of {@link formatHandlerLogLine}. */
export interface LogLineFormat {
  readonly style: TerminalStyle;
  /** Put before the line (indentation, a state label). */
  readonly prefix: string;
  /** Whole records and metric lines. @default false */
  readonly verbose?: boolean;
}

/** The line to print, with its newline; undefined when it is not shown (metrics without verbose). */
export function formatHandlerLogLine(line: HandlerLogLine, format: LogLineFormat): string | undefined {
  const { style, prefix } = format;
  if (format.verbose) return `${prefix}${style.dim(line.raw)}\n`;
  if (line.kind === 'metrics') return undefined;
  if (line.kind === 'text') return `${prefix}${line.raw}\n`;
  const level = colourLevel(line.level.padEnd(5), line.level, style);
  const fields = line.fields.map(([key, value]) => `${style.dim(`${key}=`)}${formatValue(key, value)}`).join(' ');
  return `${prefix}${level} ${line.message}${fields ? `  ${fields}` : ''}\n`;
}

function colourLevel(text: string, level: string, style: TerminalStyle): string {
  if (level === 'ERROR' || level === 'CRITICAL' || level === 'FATAL') return style.red(text);
  if (level === 'WARN' || level === 'WARNING') return style.yellow(text);
  if (level === 'DEBUG' || level === 'TRACE') return style.dim(text);
  return style.cyan(text);
}

/** `Ada`, `"two words"`, `{"a":1}`; an error as `Name: message` (its stack is for --verbose). */
function formatValue(key: string, value: unknown): string {
  if (key === 'error' && value !== null && typeof value === 'object' && 'message' in value) {
    const error = value as { name?: unknown; message?: unknown };
    return cut(JSON.stringify(`${typeof error.name === 'string' ? `${error.name}: ` : ''}${String(error.message)}`));
  }
  if (typeof value === 'string') return cut(/^[^\s"=]+$/.test(value) ? value : JSON.stringify(value));
  return cut(JSON.stringify(value) ?? String(value));
}

function cut(text: string): string {
  return text.length > MAX_VALUE_LENGTH ? `${text.slice(0, MAX_VALUE_LENGTH - 1)}…` : text;
}
