import { describe, it, expect } from 'vitest';
import { selectChoice } from '../../../../lib/local/choice/index.ts';
import type { PathScope } from '../../../../lib/local/jsonpath/index.ts';
import { TaskFailure } from '../../../../lib/local/errors.ts';
import { choiceStateX } from '../../../fixtures/awsDocs/choiceStateX.ts';

const scope: PathScope = { context: {}, variables: {} };


describe('Function: selectChoice', () => {
  it.each([
    [{ type: 'Private', value: 22 }, 'ValueInTwenties'],
    [{ type: 'Public', value: 22 }, 'Public'],
    [{ type: 'Private', value: 0 }, 'ValueIsZero'],
    [{ type: 'Private', value: 30 }, 'DefaultState'],
    [{ type: 'Private', value: 19.5 }, 'DefaultState'],
  ])('routes %j to %s', (data, expected) => {
    expect(selectChoice(choiceStateX, data, scope)).toBe(expected);
  });

  it('takes the first matching rule when several match', () => {
    const state = {
      Choices: [
        { Variable: '$.n', NumericGreaterThan: 0, Next: 'First' },
        { Variable: '$.n', NumericGreaterThan: 1, Next: 'Second' },
      ],
    };
    expect(selectChoice(state, { n: 5 }, scope)).toBe('First');
  });

  it('fails the execution with a missing $.type, as the example note warns', () => {
    expect(() => selectChoice(choiceStateX, { value: 22 }, scope)).toThrow(TaskFailure);
  });

  it('raises States.NoChoiceMatched when nothing matches and there is no Default', () => {
    const state = { Choices: [{ Variable: '$.n', NumericEquals: 1, Next: 'One' }] };
    try {
      selectChoice(state, { n: 2 }, scope);
      expect.unreachable('selectChoice should have thrown');
    } catch (error) {
      expect(error).toBeInstanceOf(TaskFailure);
      expect((error as TaskFailure).name).toBe('States.NoChoiceMatched');
      expect((error as TaskFailure).message).toContain('{"n":2}');
    }
  });

  it('raises States.Runtime for a matching rule without Next', () => {
    const state = { Choices: [{ Variable: '$.n', NumericEquals: 1 }] };
    expect(() => selectChoice(state, { n: 1 }, scope)).toThrow(/has no 'Next' state/);
  });
});
