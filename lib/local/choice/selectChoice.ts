import { TaskFailure } from '../errors.ts';
import { StatesErrors } from '../../contracts/statesErrors.ts';
import type { PathScope } from '../jsonpath/scope.ts';
import { evaluateChoiceRule } from './evaluateChoiceRule.ts';

/**
 * Picks the next state of a JSONPath Choice state: the `Next` of the first rule that matches, in
 * order, else `Default`.
 * @throws TaskFailure `States.NoChoiceMatched` when no rule matches and there is no `Default`.
 * @example selectChoice({ Choices: [{ Variable: '$.n', NumericEquals: 0, Next: 'Zero' }], Default: 'Other' }, { n: 0 }, scope) // 'Zero'
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html
 */
export function selectChoice(state: { Choices: unknown[]; Default?: string }, data: unknown, scope: PathScope): string {
  for (const [i, choice] of state.Choices.entries()) {
    if (typeof choice !== 'object' || choice === null || Array.isArray(choice)) {
      throw new TaskFailure(StatesErrors.RUNTIME, `Choices[${i}] must be a Choice rule object`);
    }
    const rule = choice as Record<string, unknown>;
    if (!evaluateChoiceRule(rule, data, scope)) continue;
    if (typeof rule.Next !== 'string') throw new TaskFailure(StatesErrors.RUNTIME, `Choices[${i}] has no 'Next' state`);
    return rule.Next;
  }
  if (state.Default !== undefined) return state.Default;
  const input = JSON.stringify(data) ?? String(data);
  throw new TaskFailure(
    StatesErrors.NO_CHOICE_MATCHED,
    `No Choice rule matched the input '${input.length > 500 ? `${input.slice(0, 500)}...` : input}' and no Default is set`,
  );
}
