/**
 * Hostile YAML: an alias bomb, 10,000-deep nesting and a 60 MB file each end quickly in one short,
 * located error, never a stack trace, a stack overflow message or minutes of CPU.
 */
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, loadWorkflowSpec, parseWorkflowSpec, YAML_LIMITS, type LoadResult } from '../../../lib/spec/index.ts';

const STEPS = 'steps:\n  a: { type: succeed }\n';

/** Parses and measures: each case here took from seconds to forever before the limits (the bound leaves room for a busy machine). */
function timed(text: string): { result: LoadResult; ms: number } {
  const started = performance.now();
  const result = parseWorkflowSpec('workflows/hostile.yaml', text);
  return { result, ms: performance.now() - started };
}

function onlyError(result: LoadResult) {
  expect(result.ok).toBe(false);
  expect(result.diagnostics).toHaveLength(1);
  const [diagnostic] = result.diagnostics;
  expect(diagnostic!.message).not.toMatch(/call stack|RangeError|ReferenceError|\n/);
  expect(formatDiagnostic(diagnostic!).split('\n').length).toBeLessThanOrEqual(2);
  return diagnostic!;
}

describe('Function: parseWorkflowSpec on hostile YAML', () => {
  it('refuses an alias bomb at the alias that multiplies', () => {
    // Prepare: each level aliases the previous one nine times: 9^6 nodes once expanded.
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (const [prev, next] of [['a', 'b'], ['b', 'c'], ['c', 'd'], ['d', 'e'], ['e', 'f'], ['f', 'g']]) {
      levels.push(`${next}: &${next} [${Array(9).fill(`*${prev}`).join(', ')}]`);
    }
    const text = `name: bomb\ndescription: x\nconfig:\n  schema: { type: object }\n  defaults:\n${levels.map((l) => `    ${l}`).join('\n')}\n${STEPS}`;
    // Act
    const { result, ms } = timed(text);
    // Assess
    const diagnostic = onlyError(result);
    expect(diagnostic).toMatchObject({ code: 'yaml-alias-limit', file: 'workflows/hostile.yaml', line: 8, col: 12 });
    expect(diagnostic.message).toContain(String(YAML_LIMITS.maxAliasCount));
    expect(ms).toBeLessThan(5_000);
  });

  it('accepts aliases within the limit', () => {
    const text = `name: ok\nconfig:\n  schema: { type: object }\n  defaults:\n    a: &a { n: 1 }\n    b: *a\n    c: *a\n${STEPS}`;
    const { result } = timed(text);
    expect(result.diagnostics).toEqual([]);
  });

  it.each([
    ['flow lists', `name: deep\ninput: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n${STEPS}`, 2],
    ['flow mappings', `name: deep\ninput: ${'{a: '.repeat(10_000)}1${'}'.repeat(10_000)}\n${STEPS}`, 2],
    // Block mappings indent one more column per level: 1,000 levels already take 500 KB.
    ['block mappings', `name: deep\ninput:\n${Array.from({ length: 1_000 }, (_, i) => `${' '.repeat(i + 1)}k:`).join('\n')} 1\n${STEPS}`, 2 + YAML_LIMITS.maxDepth],
    ['compact block lists', `name: deep\ninput:\n  ${'- '.repeat(10_000)}x\n${STEPS}`, 3],
  ])('refuses deep %s with the line of the first level too deep', (_title, text, line) => {
    const { result, ms } = timed(text);
    const diagnostic = onlyError(result);
    expect(diagnostic).toMatchObject({ code: 'yaml-too-deep', file: 'workflows/hostile.yaml', line });
    expect(diagnostic.col).toBeGreaterThan(0);
    expect(ms).toBeLessThan(5_000);
  });

  it(`accepts nesting up to ${YAML_LIMITS.maxDepth} levels`, () => {
    // The workflow, steps and step a are levels 1 to 3; the output's lists fill the rest.
    const lists = YAML_LIMITS.maxDepth - 3;
    const text = `name: ok\nsteps:\n  a:\n    type: succeed\n    output: ${'['.repeat(lists)}${']'.repeat(lists)}\n`;
    expect(timed(text).result.diagnostics).toEqual([]);
    const deeper = text.replace('[', '[[').replace(']', ']]');
    expect(timed(deeper).result.diagnostics).toMatchObject([{ code: 'yaml-too-deep', line: 5, col: 13 + YAML_LIMITS.maxDepth - 3 }]);
  });

  it('refuses a 60 MB file in memory without parsing it', () => {
    const text = `name: big\ndescription: "${'x'.repeat(60 * 1024 * 1024)}"\n${STEPS}`;
    const { result, ms } = timed(text);
    const diagnostic = onlyError(result);
    expect(diagnostic).toMatchObject({ code: 'file-too-large', file: 'workflows/hostile.yaml' });
    expect(diagnostic.message).toMatch(/60\.0 MiB; the limit is 1\.0 MiB/);
    expect(ms).toBeLessThan(5_000);
  });

  it('refuses a 60 MB file on disk before reading it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aethon-yaml-'));
    try {
      const file = join(dir, 'big.yaml');
      writeFileSync(file, '');
      truncateSync(file, 60 * 1024 * 1024);
      const result = await loadWorkflowSpec(file, { projectRoot: dir });
      expect(onlyError(result)).toMatchObject({ code: 'file-too-large', file: 'big.yaml' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
