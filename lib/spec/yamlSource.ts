/**
 * YAML parsing that remembers where every node came from, so a problem found later (by zod or by
 * the graph checks) can be reported at file:line:col.
 */
import { isMap, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { Diagnostic, SpecPath } from './diagnostics.ts';
import { aliasBomb, aliasBombOffset, fileTooLarge, tooDeep, YAML_LIMITS } from './yamlLimits.ts';

export interface YamlSource {
  readonly file: string;
  readonly text: string;
  /** The plain data, or undefined when the YAML did not parse. */
  readonly data: unknown;
  /** YAML syntax errors and duplicate keys, already located. */
  readonly syntaxErrors: Diagnostic[];
  /** Line and column of the node at `path`, or of its nearest existing ancestor. */
  locate(path: SpecPath, target?: 'key' | 'value'): { line: number; col: number } | undefined;
}

/** Parses YAML text; never throws on bad input, and refuses input beyond {@link YAML_LIMITS}. */
export function parseYamlSource(file: string, text: string): YamlSource {
  // Checked before parsing: the point is not to spend the time or the stack on such a file.
  // UTF-8 takes at least one byte per UTF-16 unit, so the length alone refuses a huge text
  // without a pass over it.
  const bytes = text.length > YAML_LIMITS.maxBytes ? text.length : Buffer.byteLength(text);
  const refused = bytes > YAML_LIMITS.maxBytes ? fileTooLarge(file, bytes) : tooDeep(file, text);
  if (refused) return { file, text, data: undefined, syntaxErrors: [refused], locate: () => undefined };
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const position = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, col };
  };
  const syntaxErrors: Diagnostic[] = document.errors.map((error) => {
    const { line, col } = position(error.pos[0]);
    const duplicate = error.code === 'DUPLICATE_KEY';
    return {
      code: duplicate ? 'duplicate-key' : 'yaml-syntax',
      severity: 'error',
      message: duplicate ? 'this key appears twice in the same mapping' : firstLine(error.message),
      path: [],
      hint: duplicate ? 'step names and keys must be unique; rename or remove one of them' : undefined,
      file,
      line,
      col,
    };
  });
  let data: unknown;
  if (syntaxErrors.length === 0) {
    const converted = toPlainData(document);
    if (converted.ok) data = converted.data;
    else if (converted.aliasLimit) {
      const offset = aliasBombOffset(document);
      syntaxErrors.push(aliasBomb(file, offset === undefined ? undefined : position(offset)));
    } else {
      syntaxErrors.push({ code: 'yaml-syntax', severity: 'error', message: firstLine(converted.message), path: [], file });
    }
  }
  return {
    file,
    text,
    data,
    syntaxErrors,
    locate(path, target = 'value') {
      const offset = findOffset(document, path, target);
      return offset === undefined ? undefined : position(offset);
    },
  };
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

// yaml reports most problems in document.errors; alias expansion beyond the limit throws here.
function toPlainData(document: Document): { ok: true; data: unknown } | { ok: false; aliasLimit: boolean; message: string } {
  try {
    return { ok: true, data: document.toJS({ maxAliasCount: YAML_LIMITS.maxAliasCount }) };
  } catch (error) {
    const message = (error as Error).message;
    return { ok: false, aliasLimit: /excessive alias count/i.test(message), message };
  }
}

function findOffset(document: Document, path: SpecPath, target: 'key' | 'value'): number | undefined {
  let node: unknown = document.contents;
  let offset = (node as Node | null)?.range?.[0];
  for (const [index, part] of path.entries()) {
    const last = index === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((item) => (item.key as { value?: unknown } | null)?.value === part);
      if (!pair) return offset;
      const keyRange = (pair.key as Node | null)?.range;
      const valueRange = (pair.value as Node | null)?.range;
      // A mapping or list is best shown by its key line; a scalar by its value.
      const atKey = last && (target === 'key' || isMap(pair.value) || isSeq(pair.value));
      offset = atKey ? (keyRange?.[0] ?? offset) : (valueRange?.[0] ?? keyRange?.[0] ?? offset);
      node = pair.value;
    } else if (isSeq(node) && typeof part === 'number') {
      const item = node.items[part] as Node | undefined;
      if (!item) return offset;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else {
      return offset;
    }
  }
  return offset;
}
