import { StatesErrors } from '../../../contracts/statesErrors.ts';
import { evaluateChoiceRule } from '../../choice/index.ts';
import { contextObject, jsonataScope, pathScope } from '../context.ts';
import { EngineFailure, asRuntimeFailure, stateErrorPrefix } from '../failures.ts';
import { commitAssign, evaluateJsonataField, finishJsonata, proceed } from '../io/finish.ts';
import { applyInputPath, applyOutputPath, evaluateAssign } from '../io/jsonPath.ts';
import { stateResult, type StateContext, type StateHandler, type StateResult } from '../types.ts';

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
  const context = contextObject(ctx);
  if (ctx.queryLanguage === 'JSONata') return choiceJsonata(input, ctx, rules, context);
  const scope = pathScope(ctx, context);
  const effective = applyInputPath(ctx, input, scope);
  let chosen: { Next: string; Assign?: unknown } | undefined;
  for (const rule of rules) {
    let matched: boolean;
    try {
      matched = evaluateChoiceRule(rule, effective, scope);
    } catch (error) {
      throw asRuntimeFailure(error, ctx, 'Choices');
    }
    if (matched) {
      chosen = rule;
      break;
    }
  }
  const next = chosen?.Next ?? defaultNext(ctx);
  const assign = mergeAssign(ctx.state.Assign, chosen?.Assign);
  const assigned = assign === undefined ? undefined : evaluateAssign(ctx, assign, effective, scope);
  const output = applyOutputPath(ctx, effective, scope);
  commitAssign(ctx, assigned);
  return stateResult(output, next, assigned);
};

async function choiceJsonata(
  input: unknown,
  ctx: StateContext,
  rules: readonly Rule[],
  context: Record<string, unknown>,
): Promise<StateResult> {
  const scope = jsonataScope(ctx, context, input);
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i]!;
    const matched = await evaluateJsonataField(ctx, `Choices[${i}]/Condition`, rule.Condition, scope);
    if (typeof matched !== 'boolean') {
      throw new EngineFailure(
        StatesErrors.QUERY_EVALUATION_ERROR,
        `${stateErrorPrefix(ctx)} The JSONata expression specified for the field 'Choices[${i}]/Condition' must return a boolean, got ${JSON.stringify(matched) ?? 'undefined'}.`,
      );
    }
    if (matched) return proceed(await finishJsonata(ctx, input, context, input, undefined, pick(rule, ctx), `Choices[${i}]/`), rule.Next);
  }
  return proceed(await finishJsonata(ctx, input, context, input), defaultNext(ctx));
}

function pick(rule: Rule, ctx: StateContext): { Output?: unknown; Assign?: unknown } {
  return { Output: rule.Output ?? ctx.state.Output, Assign: mergeAssign(ctx.state.Assign, rule.Assign) };
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
  throw new EngineFailure(StatesErrors.NO_CHOICE_MATCHED, `No Choice Rule matched in state '${ctx.name}' and it has no Default.`);
}
