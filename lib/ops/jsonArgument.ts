/** Arguments that are JSON inline or a JSON file: `--input '{"a":1}'`, `--input input.json`. */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { InvalidRequestError } from './errors.ts';

/**
 * Parses inline JSON (text starting with `{` or `[`) or reads a JSON file relative to `cwd`.
 * @throws InvalidRequestError naming the option and the problem
 */
export function readJsonArgument(cwd: string, text: string, what: string): unknown {
  const trimmed = text.trim();
  let source = text;
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) {
    const path = resolve(cwd, text);
    if (!existsSync(path)) throw new InvalidRequestError(`${what}: no such file ${text} (give inline JSON such as '{"releaseId":"r-1"}' or a JSON file)`);
    source = readFileSync(path, 'utf8');
  }
  try {
    return JSON.parse(source) as unknown;
  } catch (error) {
    throw new InvalidRequestError(`${what} is not JSON: ${(error as Error).message}`);
  }
}

/** `NAME=value` pairs (`--env`) as an object. */
export function parseEnvPairs(pairs: readonly string[]): Record<string, string> {
  return Object.fromEntries(
    pairs.map((pair) => {
      const at = pair.indexOf('=');
      if (at <= 0) throw new InvalidRequestError(`--env takes NAME=value, got '${pair}'`);
      return [pair.slice(0, at), pair.slice(at + 1)];
    }),
  );
}
