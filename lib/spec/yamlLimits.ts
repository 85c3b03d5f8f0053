/**
 * Limits on workflow YAML, so that a hostile or careless file ends in one located error instead of
 * minutes of CPU, gigabytes of memory or a stack overflow. yaml itself only bounds alias expansion
 * (`maxAliasCount`); size and depth are checked here, before the recursive composer runs.
 */
import { isAlias, isCollection, Lexer, LineCounter, Parser, visit, type Document, type Node } from 'yaml';
import type { Diagnostic } from './diagnostics.ts';

/** The limits a workflow file must stay within. */
export const YAML_LIMITS = {
  /**
   * Bytes of a workflow file. Step Functions caps a definition at 1 MiB, and the YAML that
   * compiles to one is smaller still; parsing 1 MiB takes well under a second.
   */
  maxBytes: 1024 * 1024,
  /**
   * Nesting of mappings and lists. A nested Parallel adds 4 levels (branches, [i], steps, name),
   * so 128 leaves room for 25 nested Parallels plus deep inputs and config schemas, and stays far
   * below the depth (about 800) where yaml's recursive composer overflows the stack.
   */
  maxDepth: 128,
  /** How many nodes aliases may expand to, counted as yaml counts them; yaml's own default. */
  maxAliasCount: 100,
} as const;

/** A file above {@link YAML_LIMITS.maxBytes}: refused before it is parsed. */
export function fileTooLarge(file: string, bytes: number): Diagnostic {
  return {
    code: 'file-too-large',
    severity: 'error',
    message: `the workflow file is ${formatBytes(bytes)}; the limit is ${formatBytes(YAML_LIMITS.maxBytes)}`,
    path: [],
    hint: 'Step Functions definitions are at most 1 MiB; move large data (inputs, lists) out of the workflow file, e.g. into config or the execution input',
    file,
  };
}

/**
 * The first mapping or list nested deeper than {@link YAML_LIMITS.maxDepth}. yaml's composer, and
 * even its parser when it closes a deep block list, recurse once per level; so the lexemes are fed
 * to the parser one at a time and its stack of open nodes is watched, stopping at the limit before
 * any deep recursion starts. A 10,000-deep file costs a few milliseconds.
 */
export function tooDeep(file: string, text: string): Diagnostic | undefined {
  const lineCounter = new LineCounter();
  lineCounter.addNewLine(0); // as yaml's parseDocument does: line 1 starts at offset 0
  const parser = new Parser(lineCounter.addNewLine);
  for (const lexeme of new Lexer().lex(text)) {
    for (const _token of parser.next(lexeme));
    // The stack also holds the document and scalars being read: count only when it could be over.
    if (parser.stack.length <= YAML_LIMITS.maxDepth) continue;
    const open = parser.stack.filter((t) => t.type === 'block-map' || t.type === 'block-seq' || t.type === 'flow-collection');
    if (open.length <= YAML_LIMITS.maxDepth) continue;
    const { line, col } = lineCounter.linePos(open[YAML_LIMITS.maxDepth]!.offset);
    return {
      code: 'yaml-too-deep',
      severity: 'error',
      message: `mappings and lists nest more than ${YAML_LIMITS.maxDepth} levels deep here`,
      path: [],
      hint: 'flatten the structure; no workflow needs this depth, so the file is refused before it is read further',
      file,
      line,
      col,
    };
  }
  return undefined;
}

/**
 * Where to point at when alias expansion went over {@link YAML_LIMITS.maxAliasCount}: the first
 * alias of a node that itself holds aliases (the step that multiplies), else the first alias.
 */
export function aliasBombOffset(document: Document): number | undefined {
  const anchored = new Map<string, Node>();
  let first: number | undefined;
  let multiplying: number | undefined;
  visit(document, {
    Node(_key, node) {
      if (node.anchor) anchored.set(node.anchor, node);
      if (!isAlias(node)) return undefined;
      first ??= node.range?.[0];
      const target = anchored.get(node.source);
      if (multiplying === undefined && target && isCollection(target) && holdsAlias(target)) multiplying = node.range?.[0];
      return undefined;
    },
  });
  return multiplying ?? first;
}

function holdsAlias(node: Node): boolean {
  let found = false;
  visit(node, {
    Alias() {
      found = true;
      return visit.BREAK;
    },
  });
  return found;
}

export function aliasBomb(file: string, position: { line: number; col: number } | undefined): Diagnostic {
  return {
    code: 'yaml-alias-limit',
    severity: 'error',
    message: `YAML aliases here expand to more than ${YAML_LIMITS.maxAliasCount} nodes (a file that grows exponentially as it is read)`,
    path: [],
    hint: 'write the repeated parts out, or alias them without aliases inside aliases',
    file,
    ...position,
  };
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MiB` : `${Math.ceil(bytes / 1024)} KiB`;
}
