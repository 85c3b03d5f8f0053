/**
 * A static read of a handler's source: what it exports and which environment variables it and
 * the files it imports by relative path read. Regular expressions over the text, not a parser:
 * enough to catch `export default` and an undeclared `process.env.X` at validate time, and
 * cheap enough for every `aethon validate`.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';

/** Files past this size are not scanned (a generated bundle, not a handler). */
const MAX_SCANNED_BYTES = 512 * 1024;
/** Relative imports followed from one handler, at most. */
const MAX_SCANNED_FILES = 200;

export interface EnvRead {
  readonly name: string;
  /** Relative to the project root. */
  readonly file: string;
  readonly line: number;
}

export interface HandlerExports {
  /** Names the entry file exports (`default` included). */
  readonly names: ReadonlySet<string>;
  /** The line of `export default`, when there is one. */
  readonly defaultLine?: number;
  /** `export * from`: names not knowable from this file alone. */
  readonly reExportsAll: boolean;
  /** Export name -> the runtime wrapper it is built with (`export const x = step(...)`), and its line. */
  readonly wrappers: ReadonlyMap<string, { readonly wrapper: 'step' | 'compensation'; readonly line: number }>;
}

// Line comments only where `//` starts a comment, not inside a URL such as 'http://host'.
const stripComments = (text: string) =>
  text.replace(/\/\*[\s\S]*?\*\//g, (block) => block.replace(/[^\n]/g, ' ')).replace(/(^|[\s;{}])\/\/[^\n]*/g, '$1');

const lineAt = (text: string, index: number) => text.slice(0, index).split('\n').length;

const NAME = '[A-Za-z_][A-Za-z0-9_]*';
const ENV_READS = [
  new RegExp(`process\\.env\\.(${NAME})`, 'g'),
  new RegExp(`process\\.env\\[\\s*['"\`](${NAME})['"\`]\\s*\\]`, 'g'),
  new RegExp(`serviceUrl\\(\\s*['"\`](${NAME})['"\`]`, 'g'),
];
const ENV_DESTRUCTURING = /\{([^{}]*)\}\s*=\s*process\.env\b/g;
const RELATIVE_IMPORTS = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g;

/**
 * Environment variables the file reads, and the files it imports by relative path from the same
 * top folder of the project (functions/ for functions/billing/charge.ts): the project's own
 * handler code. Shared libraries elsewhere (Aethon's runtime included) read optional settings
 * that a workflow need not declare.
 */
export function environmentReads(projectRoot: string, entry: string): EnvRead[] {
  const topFolder = relative(projectRoot, entry).split(/[\\/]/)[0]!;
  const reads: EnvRead[] = [];
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length > 0 && seen.size < MAX_SCANNED_FILES) {
    const file = queue.shift()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readSource(file);
    if (text === undefined) continue;
    const shown = relative(projectRoot, file);
    for (const pattern of ENV_READS) {
      for (const match of text.matchAll(pattern)) reads.push({ name: match[1]!, file: shown, line: lineAt(text, match.index) });
    }
    for (const match of text.matchAll(ENV_DESTRUCTURING)) {
      for (const part of match[1]!.split(',')) {
        const name = part.split(/[:=]/)[0]!.trim();
        if (new RegExp(`^${NAME}$`).test(name)) reads.push({ name, file: shown, line: lineAt(text, match.index) });
      }
    }
    for (const match of text.matchAll(RELATIVE_IMPORTS)) {
      const target = resolveImport(dirname(file), match[1]!);
      if (target && relative(projectRoot, target).split(/[\\/]/)[0] === topFolder) queue.push(target);
    }
  }
  return reads;
}

/** What the handler's entry file exports; undefined when it cannot be read. */
export function handlerExports(file: string): HandlerExports | undefined {
  const text = readSource(file);
  if (text === undefined) return undefined;
  const names = new Set<string>();
  let defaultLine: number | undefined;
  for (const match of text.matchAll(new RegExp(`\\bexport\\s+(?:declare\\s+)?(?:async\\s+)?(?:function\\s*\\*?|const|let|var|class)\\s*(${NAME})`, 'g'))) names.add(match[1]!);
  for (const match of text.matchAll(/\bexport\s+default\b/g)) defaultLine ??= lineAt(text, match.index);
  for (const match of text.matchAll(/\bexport\s+(?:type\s+)?\{([^{}]*)\}/g)) {
    for (const part of match[1]!.split(',')) {
      const exported = part.trim().split(/\s+as\s+/).at(-1)?.trim();
      if (!exported) continue;
      names.add(exported);
      if (exported === 'default') defaultLine ??= lineAt(text, match.index);
    }
  }
  // CommonJS handlers: exports.handler = ..., module.exports.handler = ..., module.exports = { handler }.
  for (const match of text.matchAll(new RegExp(`\\b(?:module\\.)?exports\\.(${NAME})\\s*=`, 'g'))) names.add(match[1]!);
  const moduleExports = /\bmodule\.exports\s*=\s*\{([^{}]*)\}/.exec(text);
  for (const part of moduleExports?.[1]?.split(',') ?? []) {
    const name = part.split(':')[0]!.trim();
    if (name) names.add(name);
  }
  if (defaultLine !== undefined) names.add('default');
  const wrappers = new Map<string, { wrapper: 'step' | 'compensation'; line: number }>();
  for (const match of text.matchAll(new RegExp(`\\bexport\\s+const\\s+(${NAME})\\s*(?::[^=]*)?=\\s*(step|compensation)\\s*(?:<[^>]*>\\s*)?\\(`, 'g'))) {
    wrappers.set(match[1]!, { wrapper: match[2] as 'step' | 'compensation', line: lineAt(text, match.index) });
  }
  return { names, ...(defaultLine !== undefined ? { defaultLine } : {}), reExportsAll: /\bexport\s*\*\s*from\b/.test(text), wrappers };
}

function readSource(file: string): string | undefined {
  try {
    if (statSync(file).size > MAX_SCANNED_BYTES) return undefined;
    return stripComments(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

// TypeScript sources import './x.js' for './x.ts'; both spellings and folder indexes resolve.
function resolveImport(folder: string, specifier: string): string | undefined {
  const base = resolve(folder, specifier);
  const withoutJs = base.replace(/\.(c|m)?js$/, '');
  const candidates = [base, `${withoutJs}.ts`, `${withoutJs}.mts`, `${base}.ts`, `${base}.js`, `${base}/index.ts`, `${base}/index.js`];
  return candidates.find((candidate) => existsSync(candidate) && statSync(candidate).isFile());
}
