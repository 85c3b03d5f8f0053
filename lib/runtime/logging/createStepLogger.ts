/**
 * The step's Powertools Logger: JSON lines on stdout (where Lambda and the local worker both pick
 * them up), every string passed through the secret redactor before it is written.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { Redactor } from '../redact/Redactor.ts';

/** Log levels Powertools Logger accepts, in upper case. */
export const LOG_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL', 'SILENT'] as const;
export type StepLogLevel = (typeof LOG_LEVELS)[number];

export interface StepLoggerOptions {
  readonly serviceName: string;
  /** @default 'INFO' */
  readonly logLevel?: string;
  readonly redactor: Redactor;
}

/** Creates the logger the wrapper and the handler share. */
export function createStepLogger(options: StepLoggerOptions): Logger {
  const { redactor } = options;
  // One renamed copy per object and line, so the logger's cycle check still recognises it.
  let renamed = new WeakMap<object, object>();
  return new Logger({
    serviceName: options.serviceName,
    logLevel: toLogLevel(options.logLevel) ?? 'INFO',
    // Runs on every value before serialisation, including the fields of formatted errors, so a
    // secret cannot reach a line through a message, an extra field, an error's name or cause, or
    // a key (an object whose keys hold one is replaced by a copy with redacted keys).
    jsonReplacerFn: (key: string, value: unknown) => {
      if (key === '') renamed = new WeakMap();
      if (typeof value === 'string') return redactor.redactText(value);
      if (value === null || typeof value !== 'object' || Array.isArray(value) || value instanceof Error) return value;
      const cached = renamed.get(value);
      if (cached) return cached;
      const entries = Object.entries(value);
      if (!entries.some(([name]) => redactor.redactString(name) !== name)) return value;
      const copy = Object.fromEntries(entries.map(([name, item]) => [redactor.redactString(name), item]));
      renamed.set(value, copy);
      return copy;
    },
  });
}

/** The level named by a string in any case, or undefined when it names none. */
export function toLogLevel(value: unknown): StepLogLevel | undefined {
  if (typeof value !== 'string') return undefined;
  const upper = value.toUpperCase();
  return (LOG_LEVELS as readonly string[]).includes(upper) ? (upper as StepLogLevel) : undefined;
}
