/**
 * Property: whatever happens to an example file (characters deleted, inserted, lines swapped,
 * values replaced), the loader returns a result with structured diagnostics; it never throws.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseWorkflowSpec } from '../../../lib/spec/index.ts';
import { EXAMPLES, PROJECT_ROOT, WORKFLOWS_DIR } from '../../helpers/paths.ts';

const sources = EXAMPLES.map((name) => readFileSync(join(WORKFLOWS_DIR, `${name}.yaml`), 'utf8'));

const TOKENS = ['', ' ', ':', '-', '{', '}', '[', ']', '"', "'", '\n', '\t', '#', '&a', '*a', '!!int', 'null', '~', '- x', 'type: map', 'next: nowhere', '{%', '%}', '$', '1e999', 'true'];

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 12 })) }),
  fc.record({ kind: fc.constant('swapLines' as const), a: fc.nat(), b: fc.nat() }),
  fc.record({ kind: fc.constant('replaceValue' as const), line: fc.nat(), text: fc.constantFrom(...TOKENS) }),
);

type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function apply(text: string, m: Mutation): string {
  switch (m.kind) {
    case 'delete': {
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + text.slice(at + m.length);
    }
    case 'insert': {
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + m.text + text.slice(at);
    }
    case 'swapLines': {
      const lines = text.split('\n');
      const a = m.a % lines.length;
      const b = m.b % lines.length;
      [lines[a], lines[b]] = [lines[b]!, lines[a]!];
      return lines.join('\n');
    }
    case 'replaceValue': {
      const lines = text.split('\n');
      const i = m.line % lines.length;
      lines[i] = lines[i]!.replace(/:\s.*$/, `: ${m.text}`);
      return lines.join('\n');
    }
  }
}

describe('Property: mutated example workflows', () => {
  it('always load or return located, structured errors', () => {
    fc.assert(
      fc.property(fc.constantFrom(...sources), fc.array(mutation, { minLength: 1, maxLength: 4 }), (source, mutations) => {
        const text = mutations.reduce(apply, source);
        const result = parseWorkflowSpec('workflows/mutated.yaml', text, { projectRoot: PROJECT_ROOT });
        if (result.ok) return;
        expect(result.diagnostics.length).toBeGreaterThan(0);
        for (const d of result.diagnostics) {
          expect(typeof d.code).toBe('string');
          expect(typeof d.message).toBe('string');
          expect(d.file).toBe('workflows/mutated.yaml');
          expect(Array.isArray(d.path)).toBe(true);
        }
      }),
      { numRuns: 400, seed: 20261128 },
    );
  }, 120_000);
});
