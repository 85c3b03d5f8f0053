/** Problems found in a workflow file, each located and explained. */

export type SpecPath = readonly (string | number)[];

export interface Diagnostic {
  /** Stable, kebab-case code, e.g. `unknown-step`; tests and `--json` consumers match on it. */
  readonly code: string;
  /** An error makes the file invalid; a warning is likely a mistake; a note explains a consequence. */
  readonly severity: 'error' | 'warning' | 'note';
  readonly message: string;
  /** Where in the spec, e.g. ['steps', 'charge', 'next']. */
  readonly path: SpecPath;
  /** What to do about it, when there is something better to say than the message. */
  readonly hint?: string;
  readonly file?: string;
  /** 1-based line and column of the offending node in the file. */
  readonly line?: number;
  readonly col?: number;
}

/** `steps.charge.next`, `steps.load.retry[0].interval`. */
export function formatPath(path: SpecPath): string {
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`)).join('') || '(root)';
}

/** One diagnostic as a compiler-style line plus, when the source is given, a caret excerpt. */
export function formatDiagnostic(diagnostic: Diagnostic, source?: string): string {
  const where = diagnostic.file
    ? `${diagnostic.file}${diagnostic.line ? `:${diagnostic.line}:${diagnostic.col ?? 1}` : ''}`
    : '';
  const head = `${where ? `${where}: ` : ''}${diagnostic.severity} ${diagnostic.code}: ${diagnostic.message} (at ${formatPath(diagnostic.path)})`;
  const lines = [head];
  if (source !== undefined && diagnostic.line) {
    const text = source.split(/\r?\n/)[diagnostic.line - 1];
    if (text !== undefined) {
      const gutter = String(diagnostic.line).padStart(4);
      const { shown, caret } = excerpt(text, (diagnostic.col ?? 1) - 1);
      lines.push(`${gutter} | ${shown}`, `${' '.repeat(gutter.length)} | ${' '.repeat(caret)}^`);
    }
  }
  if (diagnostic.hint) lines.push(`  hint: ${diagnostic.hint}`);
  return lines.join('\n');
}

// A hostile or minified file can put thousands of characters on one line: show a window around
// the column, so that an error stays a few short lines.
const EXCERPT_WIDTH = 100;
function excerpt(text: string, column: number): { shown: string; caret: number } {
  if (text.length <= EXCERPT_WIDTH) return { shown: text, caret: Math.max(0, column) };
  const start = Math.max(0, Math.min(column - EXCERPT_WIDTH / 2, text.length - EXCERPT_WIDTH));
  const head = start > 0 ? '…' : '';
  const tail = start + EXCERPT_WIDTH < text.length ? '…' : '';
  return { shown: `${head}${text.slice(start, start + EXCERPT_WIDTH)}${tail}`, caret: column - start + head.length };
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}
