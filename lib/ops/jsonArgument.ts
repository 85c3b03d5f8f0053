/** Arguments that are JSON inline or a JSON file: `--input '{"a":1}'`, `--input input.json`. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { InvalidRequestError } from './errors.ts';

/**
 * How deep an argument's JSON may nest. Deeper input parses, but then overflows the stack of
 * every recursive walk after it (JSONata, redaction, printing) with a trace instead of a message;
 * real execution inputs nest a handful of levels.
 */
export const MAX_JSON_DEPTH = 500;

/**
 * Parses inline JSON (text starting with `{` or `[`) or reads a JSON file relative to `cwd`.
 * @throws InvalidRequestError naming the option and the problem
 */
export function readJsonArgument(cwd: string, text: string, what: string): unknown {
  const trimmed = text.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) return parseJson(text, what);
  return parseJson(readArgumentFile(cwd, text, what, `give inline JSON such as '{"releaseId":"r-1"}' or a JSON file`), what);
}

/** Reads and parses a JSON file given as an option (`--definition x.asl.json`). */
export function readJsonFile(cwd: string, file: string, what: string): unknown {
  return parseJson(readArgumentFile(cwd, file, what, 'give the path of a JSON file'), what);
}

/** A file's text, or one line that says why it cannot be read. */
export function readArgumentFile(cwd: string, file: string, what: string, hint: string): string {
  try {
    return readFileSync(resolve(cwd, file), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? `no such file ${file}`
      : code === 'EISDIR' ? `${file} is a directory, not a file`
      : code === 'EACCES' || code === 'EPERM' ? `${file} cannot be read (permission denied)`
      : `${file} cannot be read (${code ?? (error as Error).message})`;
    throw new InvalidRequestError(`${what}: ${why} (${hint})`);
  }
}

function parseJson(text: string, what: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (error) {
    throw new InvalidRequestError(`${what} is not JSON: ${(error as Error).message}`);
  }
  if (depthOf(value, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) throw new InvalidRequestError(`${what} nests deeper than ${MAX_JSON_DEPTH} levels of arrays and objects; flatten it`);
  return value;
}

/** Nesting depth, measured without recursion (the point is not to overflow the stack); stops past `limit`. */
function depthOf(value: unknown, limit: number): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    deepest = Math.max(deepest, depth + 1);
    if (deepest > limit) return deepest;
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return deepest;
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
