/**
 * What the CLI knows about a command before it loads it: its usage, options and examples for
 * `aethon <command> --help`, and a `run` that imports the command's module only when called, so
 * a call pays for one command, never for all of them.
 */
import type { OptionName } from './help/options.ts';
import type { CliIo } from './io.ts';

/** The values of the options given, as `node:util` parseArgs returns them. */
export type OptionValues = Readonly<Record<string, string | boolean | string[] | undefined>>;

/** One option a command takes; its parsing comes from the shared catalogue (help/options.ts). */
export interface CommandOption {
  readonly name: OptionName;
  /** What the option does for this command; the catalogue's text when absent. */
  readonly description?: string;
}

export interface CommandSpec {
  /** The first word after `aethon`. */
  readonly name: string;
  /** Usage lines without the leading `aethon `, e.g. `run <workflow> [options]`. */
  readonly usage: readonly string[];
  /** One paragraph: what it does and against what. */
  readonly summary: string;
  readonly options: readonly CommandOption[];
  readonly examples: readonly string[];
  /** Exit codes as `code  meaning` lines. */
  readonly exitCodes: readonly string[];
  /** Loads the command's module and runs it; returns the exit code. */
  readonly run: (io: CliIo, args: string[], values: OptionValues) => Promise<number>;
}

/** The string value of an option, if given. */
export function textOption(values: OptionValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

/** Whether a boolean option was given. */
export function flagOption(values: OptionValues, name: string): boolean {
  return values[name] === true;
}

/** Every value of a repeatable option, in order. */
export function listOption(values: OptionValues, name: string): string[] {
  const value = values[name];
  return Array.isArray(value) ? value : [];
}

/** Drops the keys whose value is undefined: the commands' option types are exact about absence. */
export function withoutUndefined<T extends Record<string, unknown>>(values: T): T {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as T;
}
