/**
 * The import graph of lib/ and bin/, read from the source text: every static `import`/`export
 * ... from`, side-effect `import '...'` and dynamic `import('...')`, type-only ones included
 * (a type import still couples two parts). A regular expression, not a parser, because the
 * project's TypeScript 7 has no JavaScript API; comments are blanked first so that TSDoc
 * examples (`import * as z from 'zod/mini'`) do not count.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { PROJECT_ROOT } from '../helpers/paths.ts';

export interface ImportEdge {
  /** The importing file, relative to the project root (`lib/ops/workflows.ts`). */
  readonly file: string;
  /** The specifier as written (`../workspace/index.ts`, `aws-cdk-lib`). */
  readonly specifier: string;
  /** The imported file relative to the root, or undefined for a package. */
  readonly target?: string;
  /** `import type` / `export type`: erased from a bundle, still an arrow between parts. */
  readonly typeOnly: boolean;
  readonly dynamic: boolean;
}

const STATIC = /^[ \t]*(import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s*)?['"]([^'"]+)['"]/gm;
const DYNAMIC = /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g;
// Only comments that start a line: a `/*` inside a string (`'workflows/*.yaml'`) is not one.
const BLOCK_COMMENT = /^[ \t]*\/\*[\s\S]*?\*\//gm;
const LINE_COMMENT = /^[ \t]*\/\/.*$/gm;

/** Every .ts file under the given folders (relative to the root), sorted. */
export function sourceFiles(...folders: string[]): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? walk(path) : path.endsWith('.ts') ? [path] : [];
    });
  return folders.flatMap((folder) => walk(join(PROJECT_ROOT, folder))).map(toRoot).sort();
}

/** A file's text (relative to the root) without its whole-line comments. */
export function codeOf(file: string): string {
  return readFileSync(join(PROJECT_ROOT, file), 'utf8').replace(BLOCK_COMMENT, '').replace(LINE_COMMENT, '');
}

/** The imports of one file (relative to the root). */
export function importsOf(file: string): ImportEdge[] {
  const source = codeOf(file);
  const edge = (specifier: string, typeOnly: boolean, dynamic: boolean): ImportEdge => ({
    file,
    specifier,
    target: specifier.startsWith('.') ? toRoot(resolve(PROJECT_ROOT, dirname(file), specifier)) : undefined,
    typeOnly,
    dynamic,
  });
  return [
    ...[...source.matchAll(STATIC)].map((m) => edge(m[3]!, m[2] !== undefined, false)),
    ...[...source.matchAll(DYNAMIC)].map((m) => edge(m[1]!, false, true)),
  ];
}

/**
 * Files and packages that loading `entry` can reach in a bundle: value imports only (esbuild
 * drops `import type`; with verbatimModuleSyntax an `import { type X }` stays as a side-effect
 * import, so it is followed), dynamic imports included (esbuild bundles those too).
 */
export function bundleReach(entry: string): { files: Set<string>; packages: Map<string, string> } {
  const files = new Set<string>();
  const packages = new Map<string, string>(); // package -> first file that imports it
  const visit = (file: string): void => {
    if (files.has(file)) return;
    files.add(file);
    for (const edge of importsOf(file)) {
      if (edge.typeOnly) continue;
      if (edge.target !== undefined) visit(edge.target);
      else if (!packages.has(edge.specifier)) packages.set(edge.specifier, file);
    }
  };
  visit(entry);
  return { files, packages };
}

function toRoot(path: string): string {
  return relative(PROJECT_ROOT, path).split(sep).join('/');
}
