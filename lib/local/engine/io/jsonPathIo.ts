import type { PathScope } from '../../jsonpath/scope.ts';
import { evaluateChoiceRule } from '../../choice/index.ts';
import { pathScope } from '../context.ts';
import { asRuntimeFailure } from '../failures.ts';
import { stateResult, type StateContext, type StateResult } from '../types.ts';
import { commitAssign } from './finish.ts';
import { applyInputPath, applyOutputPath, applyParameters, applyResultPath, applyResultSelector, applyTemplate, evaluateAssign, readPathField } from './jsonPath.ts';
import type { CatcherFields, OutputFields, StateData, StateIo } from './StateIo.ts';

const UNSET: unique symbol = Symbol('unset');

/**
 * A JSONPath state's data: InputPath -> Parameters -> (work) -> ResultSelector -> ResultPath ->
 * OutputPath, with Assign. Everything here is synchronous.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/concepts-input-output-filtering.html
 */
class JsonPathData implements StateData {
  #scope: PathScope | undefined;
  #effective: unknown = UNSET;

  public constructor(
    private readonly ctx: StateContext,
    private readonly input: unknown,
    private readonly context: Record<string, unknown>,
  ) {}

  private get scope(): PathScope {
    return (this.#scope ??= pathScope(this.ctx, this.context));
  }

  /** The input after InputPath, computed once. */
  private get effective(): unknown {
    if (this.#effective === UNSET) {
      this.#effective = applyInputPath(this.ctx, this.input, this.scope);
      this.ctx.runtime.inspector?.(this.ctx, 'afterInputPath', this.#effective);
    }
    return this.#effective;
  }

  public arguments(): unknown {
    const args = applyParameters(this.ctx, this.effective, this.scope);
    this.ctx.runtime.inspector?.(this.ctx, 'afterParameters', args);
    return args;
  }

  public field(name: string): unknown {
    const pathField = `${name}Path`;
    if (this.ctx.state[pathField] !== undefined) return readPathField(this.ctx, pathField, this.effective, this.scope);
    return this.ctx.state[name];
  }

  public value(_field: string, value: unknown): unknown {
    return value;
  }

  public template(field: string, value: unknown): unknown {
    return applyTemplate(this.ctx, field, value, this.effective, this.scope);
  }

  public items(): unknown {
    return this.ctx.state.ItemsPath === undefined ? this.effective : readPathField(this.ctx, 'ItemsPath', this.effective, this.scope);
  }

  public selectItem(selector: unknown, item: unknown, index: number): unknown {
    const itemContext = { ...this.context, Map: { Item: { Index: index, Value: item } } };
    return applyTemplate(this.ctx, 'ItemSelector', selector, this.effective, pathScope(this.ctx, itemContext));
  }

  public matches(rule: Readonly<Record<string, unknown>>): boolean {
    try {
      return evaluateChoiceRule(rule, this.effective, this.scope);
    } catch (error) {
      throw asRuntimeFailure(error, this.ctx, 'Choices');
    }
  }

  /** ResultSelector -> Assign ($ = selected result) -> ResultPath (into the raw input) -> OutputPath. */
  public finishWithResult(result: unknown, next: string | undefined, resultJson?: string): StateResult {
    const { ctx, scope } = this;
    const selected = applyResultSelector(ctx, result, scope);
    const assigned = ctx.state.Assign === undefined ? undefined : evaluateAssign(ctx, ctx.state.Assign, selected, scope);
    const combined = applyResultPath(ctx, this.input, selected);
    const { inspector } = ctx.runtime;
    if (inspector !== undefined) {
      inspector(ctx, 'result', result);
      inspector(ctx, 'afterResultSelector', selected);
      inspector(ctx, 'afterResultPath', combined);
    }
    const output = applyOutputPath(ctx, combined, scope);
    commitAssign(ctx, assigned);
    return stateResult(output, next, assigned, output === result ? resultJson : undefined);
  }

  public finishPass(next: string | undefined): StateResult {
    return this.finishWithResult('Result' in this.ctx.state ? this.ctx.state.Result : this.arguments(), next);
  }

  /** Assign over the effective input, then OutputPath; a Choice rule's Assign joins the state's. */
  public finishWithInput(next: string | undefined, fields?: OutputFields): StateResult {
    const { ctx, scope } = this;
    const assign = fields === undefined ? ctx.state.Assign : fields.Assign;
    const assigned = assign === undefined ? undefined : evaluateAssign(ctx, assign, this.effective, scope);
    const output = applyOutputPath(ctx, this.effective, scope);
    commitAssign(ctx, assigned);
    return stateResult(output, next, assigned);
  }

  /** Assign over the error output, then ResultPath (default `$`: the error output replaces the input). */
  public finishCaught(catcher: CatcherFields, _index: number, errorOutput: { Error: string; Cause: string }, next: string): StateResult {
    const { ctx } = this;
    const assigned = catcher.Assign === undefined ? undefined : evaluateAssign(ctx, catcher.Assign, errorOutput, this.scope);
    const output = applyResultPath(ctx, this.input, errorOutput, catcher.ResultPath === undefined ? '$' : catcher.ResultPath);
    commitAssign(ctx, assigned);
    return stateResult(output, next, assigned);
  }
}

/** The JSONPath strategy. */
export const JSONPATH_IO: StateIo = {
  language: 'JSONPath',
  argumentsField: 'Parameters',
  open: (ctx, input, context) => new JsonPathData(ctx, input, context),
};
