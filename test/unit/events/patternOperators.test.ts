/**
 * The pattern check that `validate` and the local intake share (every problem, with its place),
 * `cidr` matching, and wildcards that stay fast on values crafted to make a RegExp backtrack.
 */
import { describe, expect, it } from 'vitest';
import { matchesPattern } from '../../../lib/events/index.ts';
import { eventPatternProblems, MAX_PATTERN_CHARS } from '../../../lib/events/validatePattern.ts';

describe('Function: eventPatternProblems', () => {
  it('reports every problem of a pattern with its path, not only the first', () => {
    // Prepare
    const pattern = {
      source: 'app.ci',
      detail: {
        size: [{ numeric: ['>', 'ten'] }],
        ip: [{ cidr: '300.0.0.0/8' }],
        name: [{ wildcard: 'a**' }],
        state: [{ 'anything-but': ['a', 1] }],
        $or: [{ x: [1] }],
      },
    };
    // Act
    const problems = eventPatternProblems(pattern);
    // Assess
    expect(problems.map((p) => p.path)).toEqual([
      ['source'],
      ['detail', 'size', 0, 'numeric'],
      ['detail', 'ip', 0, 'cidr'],
      ['detail', 'name', 0, 'wildcard'],
      ['detail', 'state', 0, 'anything-but'],
      ['detail', '$or'],
    ]);
  });

  it.each([
    ['exact values of every JSON type', { a: ['x', 1, true, null] }],
    ['prefix and suffix, with and without case', { a: [{ prefix: 'v' }, { suffix: { 'equals-ignore-case': '.PNG' } }] }],
    ['anything-but lists and matchers', { a: [{ 'anything-but': [1, 2] }, { 'anything-but': { wildcard: ['*/lib/*', '*/bin/*'] } }, { 'anything-but': { 'equals-ignore-case': ['x', 'y'] } }] }],
    ['numeric ranges', { a: [{ numeric: ['>', 0, '<=', 5] }, { numeric: ['=', 3.5] }] }],
    ['IPv4 and IPv6 blocks', { a: [{ cidr: '10.0.0.0/24' }, { cidr: '2001:db8::/32' }] }],
    ['$or and exists', { $or: [{ a: [{ exists: false }] }, { b: [{ exists: true }] }] }],
  ])('accepts %s', (_title, pattern) => {
    expect(eventPatternProblems(pattern)).toEqual([]);
  });

  it(`refuses a pattern longer than ${MAX_PATTERN_CHARS} characters, PutRule's limit`, () => {
    const pattern = { source: Array.from({ length: 500 }, (_, i) => `app.source-${i}`) };
    expect(eventPatternProblems(pattern)).toEqual([{ message: expect.stringMatching(/at most 4096/), path: [] }]);
  });
});

describe('Function: matchesPattern with cidr and wildcard', () => {
  const event = (ip: string, name = 'x') => ({ source: 'app', detail: { ip, name } });

  it.each([
    ['10.0.0.0/24', '10.0.0.7', true],
    ['10.0.0.0/24', '10.0.1.7', false],
    ['2001:db8::/32', '2001:db8:1::5', true],
    ['2001:db8::/32', '10.0.0.7', false],
    ['10.0.0.0/24', 'not-an-address', false],
  ])('cidr %s against %s is %s', (block, ip, expected) => {
    expect(matchesPattern({ detail: { ip: [{ cidr: block }] } }, event(ip))).toBe(expected);
  });

  it.each([
    ['*.png', 'a/b.png', true],
    ['*/lib/*', 'src/lib/x.ts', true],
    ['a*b*c', 'axxbyyc', true],
    ['a*b*c', 'axxbyy', false],
    ['lit\\*eral', 'lit*eral', true],
    ['lit\\*eral', 'litXeral', false],
  ])('wildcard %s against %s is %s', (wildcard, name, expected) => {
    expect(matchesPattern({ detail: { name: [{ wildcard }] } }, event('1.1.1.1', name))).toBe(expected);
  });

  it('answers quickly on a value crafted to make a backtracking matcher explode', () => {
    // Prepare: as a RegExp, each star multiplies the ways to split the value.
    const wildcard = '*a*a*a*a*a*a*a*a*a*a*a*a*b';
    const name = 'a'.repeat(100_000);
    // Act
    const started = performance.now();
    const matched = matchesPattern({ detail: { name: [{ wildcard }, { 'anything-but': { wildcard } }] } }, event('1.1.1.1', name));
    // Assess
    expect(matched).toBe(true);
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
