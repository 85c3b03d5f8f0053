/** `aethon <command> --help`: one command's usage, what it does, its options, examples and exit codes. */
import type { CommandSpec } from '../commandSpec.ts';
import { OPTIONS, optionLabel, type OptionDefinition } from './options.ts';

/** Help lines stay readable in an 100-column terminal. */
const WIDTH = 100;
const LABEL_WIDTH = 28;

export function formatCommandHelp(command: CommandSpec): string {
  const usage = command.usage.map((line, index) => `${index === 0 ? 'Usage: ' : '       '}aethon ${line}`);
  const options = [...command.options, { name: 'help' as const }].map(({ name, description }) => {
    const text = description ?? (OPTIONS as Record<string, OptionDefinition>)[name]!.description;
    return describeItem(optionLabel(name), text);
  });
  return [
    ...usage,
    '',
    ...command.summary.split('\n\n').flatMap((paragraph, index) => [...(index > 0 ? [''] : []), ...wrap(paragraph, WIDTH)]),
    '',
    'Options:',
    ...options,
    '',
    'Examples:',
    ...command.examples.map((example) => `  ${example}`),
    '',
    'Exit codes:',
    ...command.exitCodes.map(formatExitCode),
    '',
  ].join('\n');
}

/** `  2  meaning`, the meaning wrapped under itself. */
function formatExitCode(line: string): string {
  const [, code = '', meaning = line] = /^(\d+)\s+(.*)$/s.exec(line) ?? [];
  return wrap(meaning, WIDTH - 5).map((text, index) => `  ${index === 0 ? code.padEnd(3) : '   '}${text}`).join('\n');
}

/** `  --label   text`, the text wrapped in its own column. */
function describeItem(label: string, text: string): string {
  const indent = ' '.repeat(LABEL_WIDTH + 2);
  const lines = wrap(text, WIDTH - LABEL_WIDTH - 2);
  const first = label.length < LABEL_WIDTH ? `  ${label.padEnd(LABEL_WIDTH)}${lines[0]}` : `  ${label}\n${indent}${lines[0]}`;
  return [first, ...lines.slice(1).map((line) => indent + line)].join('\n');
}

/** Words onto lines of at most `width` characters (a longer word keeps a line of its own). */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}
