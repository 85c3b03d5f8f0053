/**
 * Regular expressions in config schemas run on RE2: a pattern that makes JavaScript's RegExp
 * backtrack for ever answers at once, and a pattern RE2 cannot run is refused at its own line.
 */
import { describe, expect, it } from 'vitest';
import { createConfigValidator } from '../../../lib/runtime/config/validateConfig.ts';
import { parseWorkflowSpec } from '../../../lib/spec/index.ts';

// (a+)+ tries every way to split a run of a's before failing on the '!': 2^40 ways here.
const CATASTROPHIC = '^(a+)+$';
const CRAFTED = `${'a'.repeat(40)}!`;

function workflow(schema: string, defaults: string): string {
  return `name: x\nconfig:\n  schema:\n${schema}\n  defaults:\n${defaults}\nsteps:\n  a: { type: succeed }\n`;
}

describe('Function: parseWorkflowSpec on config schema patterns', () => {
  it('answers at once on a pattern and default crafted to backtrack', () => {
    // Prepare
    const yaml = workflow(`    type: object\n    properties:\n      tag: { type: string, pattern: "${CATASTROPHIC}" }`, `    tag: "${CRAFTED}"`);
    // Act
    const started = performance.now();
    const result = parseWorkflowSpec('workflows/x.yaml', yaml);
    // Assess
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(result.diagnostics).toEqual([expect.objectContaining({ code: 'invalid-config-defaults', message: expect.stringMatching(/config\.defaults\.tag must match pattern/) })]);
  });

  it.each([
    ['a lookahead', '^(?=.*[0-9]).+$', /invalid or unsupported Perl syntax: `\(\?=`/],
    ['a backreference', '^(a)\\\\1$', /invalid escape sequence: `\\1`/],
  ])('refuses %s in pattern at its line and column', (_title, pattern, reason) => {
    const yaml = workflow(`    type: object\n    properties:\n      tag:\n        type: string\n        pattern: "${pattern}"`, '    tag: x');
    const result = parseWorkflowSpec('workflows/x.yaml', yaml);
    expect(result.ok).toBe(false);
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ code: 'unsupported-pattern', path: ['config', 'schema', 'properties', 'tag', 'pattern'], line: 8, col: 18, message: expect.stringMatching(reason) }),
    ]);
    expect(result.diagnostics[0]!.hint).toMatch(/without lookaround/);
  });

  it('refuses a patternProperties key RE2 cannot run, at the key', () => {
    const yaml = workflow(`    type: object\n    patternProperties:\n      "^(?!internal)": { type: string }`, '    a: x');
    const result = parseWorkflowSpec('workflows/x.yaml', yaml);
    expect(result.diagnostics).toEqual([expect.objectContaining({ code: 'unsupported-pattern', path: ['config', 'schema', 'patternProperties', '^(?!internal)'], line: 6, col: 7 })]);
  });

  it('accepts the common pattern syntax, \\u escapes included, and ignores pattern-like data', () => {
    const yaml = workflow(
      `    type: object\n    properties:\n      slug: { type: string, pattern: "^[a-z0-9]+(-[a-z0-9]+)*$" }\n      name: { type: string, pattern: "^\\\\u00e9?\\\\p{L}+$" }\n      rule: { type: object, default: { pattern: "(?=x)" } }\n    patternProperties:\n      "^x-[a-z]+$": { type: number }`,
      `    slug: blue-green\n    name: "éte"\n    x-limit: 3`,
    );
    expect(parseWorkflowSpec('workflows/x.yaml', yaml).diagnostics).toEqual([]);
  });
});

describe('Function: createConfigValidator', () => {
  it('validates a crafted value against a catastrophic pattern in linear time', () => {
    const validate = createConfigValidator({ type: 'object', properties: { tag: { type: 'string', pattern: CATASTROPHIC } }, patternProperties: { '^(x+x+)+y$': { type: 'string' } } });
    const started = performance.now();
    expect(validate({ tag: `${'a'.repeat(100_000)}!`, [`${'x'.repeat(5_000)}`]: 'v' })).toEqual(['/tag must match pattern "^(a+)+$"']);
    expect(validate({ tag: 'aaa' })).toEqual([]);
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
