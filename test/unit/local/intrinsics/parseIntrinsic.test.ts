import { describe, it, expect } from 'vitest';
import { parseIntrinsic, validateIntrinsic } from '../../../../lib/local/intrinsics/index.ts';
import { thrown } from '../../../helpers/thrown.ts';

describe('Function: parseIntrinsic', () => {
  it('parses every kind of argument', () => {
    expect(parseIntrinsic("States.Array('a', -1.5e2, true, false, null, $.x, $$.Execution.Id, $var, States.UUID())")).toEqual({
      kind: 'call',
      name: 'States.Array',
      args: [
        { kind: 'string', value: 'a', raw: 'a' },
        { kind: 'number', value: -150 },
        { kind: 'boolean', value: true },
        { kind: 'boolean', value: false },
        { kind: 'null' },
        { kind: 'path', path: '$.x' },
        { kind: 'path', path: '$$.Execution.Id' },
        { kind: 'path', path: '$var' },
        { kind: 'call', name: 'States.UUID', args: [] },
      ],
    });
  });

  it('resolves the escapes of "Reserved characters in intrinsic functions" and keeps the raw text', () => {
    const call = parseIntrinsic("States.Format('\\' \\{ \\} \\\\')");
    expect(call.args[0]).toEqual({ kind: 'string', value: "' { } \\", raw: "\\' \\{ \\} \\\\" });
  });

  it('keeps commas, parentheses and quotes that sit inside a path argument', () => {
    const call = parseIntrinsic("States.Array($['a,b'], $.items[?(@.x == 'y)')].id, $.z)");
    expect(call.args).toEqual([
      { kind: 'path', path: "$['a,b']" },
      { kind: 'path', path: "$.items[?(@.x == 'y)')].id" },
      { kind: 'path', path: '$.z' },
    ]);
  });

  it('allows whitespace and newlines around arguments, as real definitions have', () => {
    const call = parseIntrinsic("  States.Format( '\n\nHuman: {}\n\nAssistant:' ,\n $.prompt )  ");
    expect(call.args).toEqual([
      { kind: 'string', value: '\n\nHuman: {}\n\nAssistant:', raw: '\n\nHuman: {}\n\nAssistant:' },
      { kind: 'path', path: '$.prompt' },
    ]);
  });

  it('accepts 10 nested intrinsic functions and refuses 11 (Intrinsic functions: "You can nest up to 10")', () => {
    const nest = (depth: number): string => (depth === 1 ? 'States.Array(1)' : `States.Array(${nest(depth - 1)})`);
    expect(() => parseIntrinsic(nest(10))).not.toThrow();
    const error = thrown(() => parseIntrinsic(nest(11)));
    expect(error.name).toBe('States.IntrinsicFailure');
    expect(error.message).toContain('nested');
  });

  it.each([
    ["States.Format('unterminated)", 'unterminated string'],
    ['States.Format($.a', "expected ',' or ')'"],
    ['States.Array(1) extra', 'unexpected text'],
    ['Format($.a)', 'intrinsic function name'],
    ['States.Array(1,)', 'expected a string'],
    ['States.Array(yes)', 'expected a string'],
    ["States.Array('a' 'b')", "expected ',' or ')'"],
  ])('raises States.IntrinsicFailure for %s', (expression, fragment) => {
    const error = thrown(() => parseIntrinsic(expression));
    expect(error.name).toBe('States.IntrinsicFailure');
    expect(error.message).toContain(fragment);
  });

  it('raises States.Runtime for an open escape backslash, as the guide specifies', () => {
    expect(thrown(() => parseIntrinsic("States.Format('a\\nb')")).name).toBe('States.Runtime');
  });

  it('raises States.Runtime for a malformed path argument', () => {
    const error = thrown(() => parseIntrinsic('States.Array($.a[x], 1)'));
    expect(error.name).toBe('States.Runtime');
    expect(error.message).toContain("Invalid JSONPath '$.a[x]'");
  });
});

describe('Function: validateIntrinsic', () => {
  it('accepts known functions, nested too', () => {
    expect(() => validateIntrinsic('States.JsonToString(States.Array(States.UUID()))')).not.toThrow();
  });

  it('refuses an unknown function anywhere in the tree, naming it', () => {
    const error = thrown(() => validateIntrinsic('States.Array(States.Nope(1))'));
    expect(error.name).toBe('States.IntrinsicFailure');
    expect(error.message).toContain('States.Nope');
  });
});
