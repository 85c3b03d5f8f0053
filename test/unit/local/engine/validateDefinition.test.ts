import { describe, expect, it } from 'vitest';
import { validateDefinition } from '../../../../lib/local/engine/validateDefinition.ts';
import { InvalidDefinitionError } from '../../../../lib/local/engine/InvalidDefinitionError.ts';
import { runExecution } from '../../../../lib/local/engine/runExecution.ts';
import { VirtualClock } from '../../../../lib/local/engine/clock.ts';

describe('Function: validateDefinition', () => {
  it('accepts a well-formed definition with nested graphs', () => {
    const result = validateDefinition({
      StartAt: 'P',
      States: {
        P: { Type: 'Parallel', Branches: [{ StartAt: 'A', States: { A: { Type: 'Pass', End: true } } }], Next: 'M' },
        M: { Type: 'Map', Iterator: { StartAt: 'B', States: { B: { Type: 'Succeed' } } }, End: true },
      },
    });
    expect(result).toEqual({ valid: true, problems: [] });
  });

  it('reports every problem with the state named', () => {
    const { valid, problems } = validateDefinition({
      StartAt: 'Nope',
      States: {
        A: { Type: 'Pass', Next: 'Missing' },
        B: { Type: 'Teleport', End: true },
        C: { Type: 'Choice', Choices: [{ Variable: '$.x', IsPresent: true, Next: 'Gone' }], Default: 'Also gone' },
        D: { Type: 'Task', Resource: 'r', Catch: [{ ErrorEquals: ['States.ALL'], Next: 'X' }] },
        E: { Type: 'Parallel', Branches: [{ StartAt: 'Q', States: { Q: { Type: 'Pass', Next: 'A' } } }], End: true },
      },
    });
    expect(valid).toBe(false);
    const messages = problems.map((p) => `${p.path}: ${p.message}`);
    expect(messages).toEqual([
      "/StartAt: StartAt names 'Nope', which is not a state of the machine.",
      "/States/A/Next: State 'A': Next 'Missing' is not a state in the same graph.",
      '/States/B/Type: State \'B\' has unknown Type "Teleport".',
      "/States/C/Choices/0/Next: State 'C': Choices[0].Next 'Gone' is not a state in the same graph.",
      "/States/C/Default: State 'C': Default 'Also gone' is not a state in the same graph.",
      "/States/D: State 'D' has neither Next nor End: true.",
      "/States/D/Catch/0/Next: State 'D': Catch[0].Next 'X' is not a state in the same graph.",
      "/States/E/Branches/0/States/Q/Next: State 'Q': Next 'A' is not a state in the same graph.",
    ]);
  });

  it('checks Retry and Catch placement and States.ALL', () => {
    const { problems } = validateDefinition({
      StartAt: 'P',
      States: {
        P: { Type: 'Pass', Retry: [{ ErrorEquals: ['States.ALL'] }], Next: 'T' },
        T: {
          Type: 'Task',
          Resource: 'r',
          Catch: [{ ErrorEquals: ['States.ALL', 'Other'], Next: 'P' }],
          Retry: [{ ErrorEquals: ['States.ALL'] }, { ErrorEquals: ['X'] }, { ErrorEquals: [] }],
          End: true,
        },
      },
    });
    expect(problems.map((p) => p.message)).toEqual([
      "State 'P': Pass states do not support Retry.",
      "State 'T': States.ALL must appear alone and in the last Retry entry.",
      "State 'T': Retry[2].ErrorEquals must be a non-empty array.",
      "State 'T': States.ALL must appear alone and in the last Catch entry.",
    ]);
  });

  it('rejects fields of the other query language', () => {
    const { problems } = validateDefinition({
      StartAt: 'A',
      States: {
        A: { Type: 'Pass', QueryLanguage: 'JSONata', InputPath: '$.x', Next: 'B' },
        B: { Type: 'Pass', Output: {}, End: true },
      },
    });
    expect(problems.map((p) => p.message)).toEqual([
      "State 'A' uses InputPath, which JSONata states do not support.",
      "State 'B' uses Output, which JSONPath states do not support.",
    ]);
  });

  it('refuses JSONPath states inside a JSONata machine and expressions that do not parse', () => {
    const { problems } = validateDefinition({
      QueryLanguage: 'JSONata',
      StartAt: 'A',
      States: {
        A: { Type: 'Pass', QueryLanguage: 'JSONPath', Next: 'B' },
        B: { Type: 'Pass', Output: { ok: '{% 1 + 1 %}', bad: ['{% 1 + %}'] }, End: true },
      },
    });
    expect(problems.map((p) => p.path)).toEqual(['/States/A/QueryLanguage', '/States/B/Output/bad/0']);
    expect(problems[1]!.message).toMatch(/^State 'B': the JSONata expression \{% 1 \+ %\} does not parse/);
  });

  it('refuses the ?? and ?: operators, which Step Functions (JSONata 2.0.6) does not have, and allows ?? inside strings and regular expressions', () => {
    const { problems } = validateDefinition({
      QueryLanguage: 'JSONata',
      StartAt: 'A',
      States: {
        A: {
          Type: 'Pass',
          Output: { a: '{% $states.input.a ?? 1 %}', b: '{% $states.input.b ?: 2 %}', text: "{% 'why ?? not' %}", regex: '{% $match("ac", /ab??c/) %}' },
          End: true,
        },
      },
    });
    expect(problems.map((p) => p.path)).toEqual(['/States/A/Output/a', '/States/A/Output/b']);
    expect(problems[0]!.message).toMatch(/'\?\?' \(at character 17\) is JSONata 2\.1 syntax, and Step Functions runs JSONata 2\.0\.6/);
    expect(problems[1]!.message).toMatch(/'\?:' .* write `a \? a : b`/);
  });

  it('rejects a definition without States', () => {
    expect(validateDefinition({ StartAt: 'A' }).problems[0]!.message).toContain('no States');
    expect(validateDefinition(null).valid).toBe(false);
  });

  it('accepts JSON text and reports text that is not JSON', async () => {
    const ok = await runExecution({
      definition: '{"StartAt":"A","States":{"A":{"Type":"Succeed"}}}',
      taskInvoker: async () => ({}),
      clock: new VirtualClock(),
    });
    expect(ok.status).toBe('SUCCEEDED');
    const bad = runExecution({ definition: '{"StartAt":', taskInvoker: async () => ({}), clock: new VirtualClock() });
    await expect(bad).rejects.toThrow(/not valid JSON/);
  });

  it('makes runExecution throw InvalidDefinitionError', async () => {
    const run = runExecution({ definition: { StartAt: 'A', States: {} }, taskInvoker: async () => ({}), clock: new VirtualClock() });
    await expect(run).rejects.toBeInstanceOf(InvalidDefinitionError);
  });
});
