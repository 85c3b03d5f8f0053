/**
 * Reads `aethon <command> [args] [options]` against the command table: which command, whether
 * help was asked for, and the options, each checked against what that command takes. Loads no
 * command module, so a mistake or a help request costs no more than printing.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { COMMANDS, findCommand } from './commandTable/index.ts';
import type { CommandSpec, OptionValues } from './commandSpec.ts';
import { closestMatch } from './help/didYouMean.ts';
import { OPTIONS, type OptionDefinition } from './help/options.ts';

export type CommandLine =
  /** `aethon`, `aethon --help`, `aethon help`: the global help; exit 2 when nothing at all was asked. */
  | { readonly kind: 'global-help'; readonly exitCode: 0 | 2 }
  | { readonly kind: 'command-help'; readonly command: CommandSpec }
  | { readonly kind: 'command'; readonly command: CommandSpec; readonly args: string[]; readonly values: OptionValues }
  /** `command` set when the mistake is in how a known command was called: its help is the pointer. */
  | { readonly kind: 'usage-error'; readonly message: string; readonly command?: CommandSpec };

type ParseOptions = NonNullable<ParseArgsConfig['options']>;

const CATALOGUE = OPTIONS as Readonly<Record<string, OptionDefinition>>;

export function parseCommandLine(argv: readonly string[]): CommandLine {
  // First pass with every option of every command, so that an option's value placed before the
  // command (`aethon --stage prod start x`) is not taken for the command's name.
  const loose = parseArgs({ args: [...argv], options: parseOptionsFor(Object.keys(CATALOGUE)), allowPositionals: true, strict: false, tokens: true });
  const [name, ...rest] = loose.positionals;
  const helpAsked = loose.values.help === true;
  if (name === undefined) return { kind: 'global-help', exitCode: helpAsked ? 0 : 2 };
  if (name === 'help') return rest[0] === undefined ? { kind: 'global-help', exitCode: 0 } : helpFor(rest[0]);
  const command = findCommand(name);
  if (!command) return unknownCommand(name);
  if (helpAsked) return { kind: 'command-help', command };

  const taken = new Set<string>(['help', ...command.options.map((option) => option.name)]);
  for (const token of loose.tokens ?? []) {
    if (token.kind !== 'option' || taken.has(token.name)) continue;
    return { kind: 'usage-error', command, message: refusedOption(command, token.rawName, token.name, taken) };
  }
  try {
    const strict = parseArgs({ args: [...argv], options: parseOptionsFor([...taken]), allowPositionals: true, strict: true });
    return { kind: 'command', command, args: strict.positionals.slice(1), values: strict.values as OptionValues };
  } catch (error) {
    // A missing value (`--input` last) or a value given to a flag (`--json=yes`): node says which.
    return { kind: 'usage-error', command, message: (error as Error).message };
  }
}

/** `aethon help <command>`. */
function helpFor(name: string): CommandLine {
  const command = findCommand(name);
  return command ? { kind: 'command-help', command } : unknownCommand(name);
}

function unknownCommand(name: string): CommandLine {
  const suggestion = closestMatch(name, [...COMMANDS.map((command) => command.name), 'help']);
  return { kind: 'usage-error', message: `unknown command '${name}'${suggestion ? `; did you mean '${suggestion}'?` : ''}` };
}

/** Why `--name` is refused: a typo of an option the command takes, or another command's option. */
function refusedOption(command: CommandSpec, rawName: string, name: string, taken: ReadonlySet<string>): string {
  const owners = CATALOGUE[name] ? COMMANDS.filter((other) => other.options.some((option) => option.name === name)).map((other) => other.name) : [];
  if (owners.length > 0) return `'aethon ${command.name}' does not take ${rawName}; ${owners.length === 1 ? 'it belongs to' : 'these commands take it:'} ${owners.join(', ')}`;
  const suggestion = closestMatch(name, [...taken]);
  return `unknown option '${rawName}' for 'aethon ${command.name}'${suggestion ? `; did you mean --${suggestion}?` : ''}`;
}

function parseOptionsFor(names: readonly string[]): ParseOptions {
  const options: ParseOptions = {};
  for (const name of names) {
    const { type, multiple, short } = CATALOGUE[name]!;
    options[name] = { type, ...(multiple ? { multiple } : {}), ...(short ? { short } : {}) };
  }
  return options;
}
