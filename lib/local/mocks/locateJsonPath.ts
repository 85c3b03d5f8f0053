import { isMap, LineCounter, parseDocument, type Node } from 'yaml';

/** A 1-based place in a text file. */
export interface TextPosition {
  readonly line: number;
  readonly column: number;
}

/**
 * Returns a function that finds where a JSON path (object keys, outermost first) is written in
 * `text`: the key's position, or the nearest enclosing key that exists. Parsing happens once, and
 * only when a caller has something to report, so a clean file costs nothing.
 *
 * JSON is YAML 1.2, so the `yaml` parser (already used for workflow specs) gives ranges for free.
 */
export function jsonPathLocator(text: string): (segments: readonly string[]) => TextPosition | undefined {
  const lineCounter = new LineCounter();
  // uniqueKeys off: JSON.parse already accepted the text (last duplicate wins there too).
  const document = parseDocument(text, { lineCounter, uniqueKeys: false });
  const at = (offset: number): TextPosition => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  return (segments) => {
    let node: Node | null | undefined = document.contents as Node | null;
    let found: TextPosition | undefined = node?.range ? at(node.range[0]) : undefined;
    for (const segment of segments) {
      if (!isMap(node)) break;
      // The last pair with the key is the one JSON.parse kept.
      const pair = node.items.findLast((item) => (item.key as { value?: unknown } | null)?.value === segment);
      if (pair === undefined) break;
      const keyRange = (pair.key as Node).range;
      if (keyRange) found = at(keyRange[0]);
      node = pair.value as Node | null;
    }
    return found;
  };
}
