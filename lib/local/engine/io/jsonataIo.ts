import type { JsonataScope } from '../../jsonata/evaluate.ts';
import { StatesErrors } from '../../../contracts/statesErrors.ts';
import { jsonataScope } from '../context.ts';
import { TaskFailure } from '../../errors.ts';
import { stateErrorPrefix } from '../failures.ts';
import { stateResult, type StateContext, type StateResult } from '../types.ts';
import { commitAssign, evaluateJsonataField } from './finish.ts';
import { after, type CatcherFields, type MaybePromise, type OutputFields, type StateData, type StateIo } from './StateIo.ts';

/**
 * A JSONata state's data: Arguments, then Output and Assign, both evaluated against the
 * variables from before the state's own assignment. Expressions run synchronously where the
 * fast path can (../../jsonata/fastPath.ts), so most states never wait for a Promise.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html
 */
class JsonataData implements StateData {
  #scope: JsonataScope | undefined;

  public constructor(
    private readonly ctx: StateContext,
    private readonly input: unknown,
    private readonly context: Record<string, unknown>,
  ) {}

  /** `$states` with the input and context (no result): built once, on first use. */
  private get scope(): JsonataScope {
    return (this.#scope ??= jsonataScope(this.ctx, this.context, this.input));
  }

  private evaluate(field: string, value: unknown, scope = this.scope): MaybePromise<unknown> {
    return value === undefined ? undefined : evaluateJsonataField(this.ctx, field, value, scope);
  }

  public arguments(): MaybePromise<unknown> {
    const args = this.ctx.state.Arguments;
    const value = args === undefined ? this.input : this.evaluate('Arguments', args);
    const { inspector } = this.ctx.runtime;
    if (inspector === undefined) return value;
    return after(value, (evaluated) => {
      inspector(this.ctx, 'afterArguments', evaluated);
      return evaluated;
    });
  }

  public field(name: string): MaybePromise<unknown> {
    return this.evaluate(name, this.ctx.state[name]);
  }

  public value(field: string, value: unknown): MaybePromise<unknown> {
    return this.evaluate(field, value);
  }

  public template(field: string, value: unknown): MaybePromise<unknown> {
    return this.evaluate(field, value);
  }

  public items(): MaybePromise<unknown> {
    const items = this.ctx.state.Items;
    return items === undefined ? this.input : this.evaluate('Items', items);
  }

  public selectItem(selector: unknown, item: unknown, index: number): MaybePromise<unknown> {
    const itemContext = { ...this.context, Map: { Item: { Index: index, Value: item } } };
    return this.evaluate('ItemSelector', selector, jsonataScope(this.ctx, itemContext, this.input));
  }

  public matches(rule: Readonly<Record<string, unknown>>, index: number): MaybePromise<boolean> {
    const field = `Choices[${index}]/Condition`;
    return after(this.evaluate(field, rule.Condition), (matched) => {
      if (typeof matched === 'boolean') return matched;
      throw new TaskFailure(
        StatesErrors.QUERY_EVALUATION_ERROR,
        `${stateErrorPrefix(this.ctx)} The JSONata expression specified for the field '${field}' must return a boolean, got ${JSON.stringify(matched) ?? 'undefined'}.`,
      );
    });
  }

  public finishWithResult(result: unknown, next: string | undefined, resultJson?: string): MaybePromise<StateResult> {
    this.ctx.runtime.inspector?.(this.ctx, 'result', result);
    const scope = jsonataScope(this.ctx, this.context, this.input, { result });
    return this.finish(scope, result, next, this.ctx.state as OutputFields, '', resultJson);
  }

  public finishPass(next: string | undefined): MaybePromise<StateResult> {
    return this.finish(this.scope, this.input, next, this.ctx.state as OutputFields, '');
  }

  public finishWithInput(next: string | undefined, fields?: OutputFields, prefix = ''): MaybePromise<StateResult> {
    return this.finish(this.scope, this.input, next, fields ?? (this.ctx.state as OutputFields), prefix);
  }

  public finishCaught(catcher: CatcherFields, index: number, errorOutput: { Error: string; Cause: string }, next: string): MaybePromise<StateResult> {
    const scope = jsonataScope(this.ctx, this.context, this.input, { errorOutput });
    return this.finish(scope, errorOutput, next, catcher, `Catch[${index}]/`);
  }

  /**
   * Assign, then Output (default `defaultOutput`), both against the variables from before this
   * state's assignment; `knownJson` is `defaultOutput` as JSON, reused when Output leaves it as is.
   */
  private finish(
    scope: JsonataScope,
    defaultOutput: unknown,
    next: string | undefined,
    fields: OutputFields,
    prefix: string,
    knownJson?: string,
  ): MaybePromise<StateResult> {
    const { Output, Assign } = fields;
    return after(this.evaluate(`${prefix}Assign`, Assign, scope), (assigned) =>
      after(Output === undefined ? defaultOutput : this.evaluate(`${prefix}Output`, Output, scope), (output) => {
        const variables = assigned as Record<string, unknown> | undefined;
        commitAssign(this.ctx, variables);
        return stateResult(output, next, variables, knownJson !== undefined && output === defaultOutput ? knownJson : undefined);
      }),
    );
  }
}

/** The JSONata strategy. */
export const JSONATA_IO: StateIo = {
  language: 'JSONata',
  argumentsField: 'Arguments',
  open: (ctx, input, context) => new JsonataData(ctx, input, context),
};
