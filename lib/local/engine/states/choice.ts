import { StatesErrors } from '../../../contracts/statesErrors.ts';
import { contextObject } from '../context.ts';
import { TaskFailure } from '../../errors.ts';
import type { MaybePromise, StateData } from '../io/StateIo.ts';
import type { StateContext, StateHandler, StateResult } from '../types.ts';

type Rule = Readonly<Record<string, unknown>> & { readonly Next: string };

/**
 * Choice: the first rule that matches picks `Next` (else `Default`, else
 * States.NoChoiceMatched). The state-level `Assign` applies whichever way the state goes, merged
 * with the matched rule's own `Assign` (the rule's values win on a shared name); a rule's
 * `Output` replaces the state's.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html
 */
export const choiceState: StateHandler = (input, ctx) => {
  const rules = (ctx.state.Choices as readonly Rule[] | undefined) ?? [];
  return firstMatch(ctx, ctx.io.open(ctx, input, contextObject(ctx)), rules, 0);
};

/** Tries the rules from `from` on, synchronously until a condition needs jsonata's evaluator. */
function firstMatch(ctx: StateContext, data: StateData, rules: readonly Rule[], from: number): MaybePromise<StateResult> {
  for (let i = from; i < rules.length; i++) {
    const matched = data.matches(rules[i]!, i);
    if (matched instanceof Promise) return matched.then((m) => (m ? chosen(ctx, data, rules[i]!, i) : firstMatch(ctx, data, rules, i + 1)));
    if (matched) return chosen(ctx, data, rules[i]!, i);
  }
  return data.finishWithInput(defaultNext(ctx));
}

function chosen(ctx: StateContext, data: StateData, rule: Rule, index: number): MaybePromise<StateResult> {
  const fields = { Output: rule.Output ?? ctx.state.Output, Assign: mergeAssign(ctx.state.Assign, rule.Assign) };
  return data.finishWithInput(rule.Next, fields, `Choices[${index}]/`);
}

/** State-level and rule-level Assign together; both are evaluated against the old values. */
function mergeAssign(stateLevel: unknown, ruleLevel: unknown): unknown {
  if (stateLevel === undefined) return ruleLevel;
  if (ruleLevel === undefined) return stateLevel;
  return { ...(stateLevel as object), ...(ruleLevel as object) };
}

function defaultNext(ctx: StateContext): string {
  const fallback = ctx.state.Default;
  if (typeof fallback === 'string') return fallback;
  throw new TaskFailure(StatesErrors.NO_CHOICE_MATCHED, `No Choice Rule matched in state '${ctx.name}' and it has no Default.`);
}
