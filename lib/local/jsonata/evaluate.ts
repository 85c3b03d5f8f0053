import jsonata from 'jsonata';
import { StatesErrors } from '../../contracts/statesErrors.ts';
import { TaskFailure } from '../errors.ts';
import { defineOwn } from '../jsonpath/evaluateSegments.ts';
import { compileFastPath, FALL_BACK, type FastExpression, type Node as FastNode } from './fastPath.ts';
import {
  BUDGET_BINDING,
  enterNode,
  EVALUATE_ENTRY,
  EvaluationAbortedError,
  EvaluationBudget,
  JsonataBudgetExceededError,
  MAX_SEQUENCE_LENGTH,
  type EvaluationGuard,
  type StopSignal,
} from './budget.ts';
import { LinearTimeRegExp } from './LinearTimeRegExp.ts';
import { laterJsonataProblem } from '../../contracts/jsonataVersion.ts';

/** The `$states` binding of a JSONata expression. */
export interface JsonataStates {
  readonly input: unknown;
  readonly context: unknown;
  readonly result?: unknown;
  readonly errorOutput?: unknown;
}

/** Everything an expression can read: `$states`, workflow variables and functions. */
export interface JsonataScope {
  readonly states: JsonataStates;
  readonly variables: Readonly<Record<string, unknown>>;
  /** Extra functions (from {@link stepFunctionsJsonataFunctions}). */
  readonly functions: Readonly<Record<string, unknown>>;
  /** Limits of each evaluation; without one, an expression runs unbounded (tests of this module only). */
  readonly guard?: EvaluationGuard;
  /** Stops a budgeted evaluation at its next yield (the state's branch or execution ended). */
  readonly signal?: StopSignal;
}

/** States.QueryEvaluationError that also says which field (e.g. `Arguments/Payload/id`) failed. */
export class JsonataEvaluationError extends TaskFailure<typeof StatesErrors.QUERY_EVALUATION_ERROR> {
  /** Location of the failing field inside the state, as AWS names it (`Output/a[0]/b`). */
  public readonly location: string;

  public constructor(location: string, cause: string) {
    super(StatesErrors.QUERY_EVALUATION_ERROR, cause);
    this.location = location;
  }
}

/** A compiled expression and the `$names` it mentions (bound per evaluation, nothing else). */
interface Compiled {
  readonly expression: ReturnType<typeof jsonata>;
  readonly names: readonly string[];
  /** The synchronous evaluator, when the expression only uses forms it knows (fastPath.ts). */
  readonly fast?: FastExpression;
}
const compiled = new Map<string, Compiled>();
const NAME = /\$([A-Za-z_][A-Za-z0-9_]*)/g;
/** Templates (objects/arrays from a definition) known to hold no `{% %}` string. */
const staticTemplates = new WeakSet<object>();
/** Templates known to hold at least one: walked again only to evaluate. */
const dynamicTemplates = new WeakSet<object>();

const EXPRESSION = /^\s*\{%([\s\S]*)%\}\s*$/;


/** Whether a string is a JSONata expression `{% ... %}`. */
export function isJsonataExpression(value: unknown): value is string {
  return typeof value === 'string' && value.includes('{%') && EXPRESSION.test(value);
}

/** Compiled expressions by their whole `{% ... %}` text: one lookup per evaluation, no regex. */
const compiledByText = new Map<string, Compiled & { readonly source: string }>();

function compileText(text: string, field: string): Compiled & { readonly source: string } {
  let entry = compiledByText.get(text);
  if (entry === undefined) {
    const source = EXPRESSION.exec(text)![1]!;
    entry = { ...compile(source, field), source };
    if (compiledByText.size >= 10_000) compiledByText.clear();
    compiledByText.set(text, entry);
  }
  return entry;
}

function compile(source: string, field: string): Compiled {
  let entry = compiled.get(source);
  if (entry === undefined) {
    let expression: ReturnType<typeof jsonata>;
    try {
      // Patterns run on a linear-time engine whatever the budget says.
      expression = jsonata(source, { RegexEngine: LinearTimeRegExp as unknown as RegExpConstructor });
      // jsonata looks its evaluation hook up by this symbol (its typings only admit string names).
      expression.assign(EVALUATE_ENTRY as unknown as string, enterNode);
    } catch (error) {
      throw new JsonataEvaluationError(
        field,
        `The JSONata expression '${source.trim()}' specified for the field '${field}' could not be parsed: ${(error as Error).message}`,
      );
    }
    // Binding only the names an expression mentions keeps JSONata's per-call setup small.
    const names = [...new Set(Array.from(source.matchAll(NAME), (m) => m[1]!))].filter((n) => n !== 'states');
    const fast = compileFastPath(expression.ast() as unknown as FastNode);
    entry = fast === undefined ? { expression, names } : { expression, names, fast };
    compiled.set(source, entry);
  }
  return entry;
}

/**
 * Compiles a `{% expr %}` string (warming the cache) and returns the parse error's message, or
 * `undefined` when it parses; lets definition checks refuse what AWS refuses at creation, which
 * includes the operators newer than the JSONata version Step Functions runs.
 */
export function jsonataSyntaxError(text: string): string | undefined {
  try {
    const body = EXPRESSION.exec(text)![1]!;
    compile(body, '');
    return laterJsonataProblem(body);
  } catch (error) {
    return (error as Error).message.replace(/^.*could not be parsed: /, '');
  }
}

/**
 * Evaluates one `{% expr %}` string. Compiled expressions are cached per source text because
 * compiling is slow relative to evaluating.
 */
export async function evaluateExpression(text: string, scope: JsonataScope, field: string): Promise<unknown> {
  const { source, expression, names, fast } = compileText(text, field);
  if (fast !== undefined) {
    const value = runFast(fast, scope);
    if (value !== FALL_BACK) return value;
  }
  const bindings: Record<string, unknown> = { states: scope.states };
  for (const name of names) {
    // Variables shadow the Step Functions functions; unknown names stay unbound (JSONata's own).
    if (Object.prototype.hasOwnProperty.call(scope.variables, name)) bindings[name] = scope.variables[name];
    else if (Object.prototype.hasOwnProperty.call(scope.functions, name)) bindings[name] = scope.functions[name];
  }
  const budget = scope.guard === undefined ? undefined : new EvaluationBudget(scope.guard, scope.signal);
  if (budget !== undefined) bindings[BUDGET_BINDING] = budget;
  let value: unknown;
  try {
    value = await expression.evaluate(scope.states.input, bindings);
  } catch (error) {
    if (error instanceof EvaluationAbortedError) throw error.reason;
    if (error instanceof JsonataEvaluationError) throw error;
    if (error instanceof TaskFailure) throw new JsonataEvaluationError(field, error.message);
    const what = `The JSONata expression '${excerpt(source)}' specified for the field '${field}'`;
    if (error instanceof JsonataBudgetExceededError) throw new JsonataEvaluationError(field, `${what} was stopped: ${error.message}.`);
    // jsonata reports the size it was asked for; say what the limit is.
    const limit = (error as { code?: unknown }).code === 'D2015' ? ` (Aethon's local limit is ${MAX_SEQUENCE_LENGTH.toLocaleString('en-US')} items)` : '';
    throw new JsonataEvaluationError(field, `${what} threw an error: ${(error as Error).message}${limit}`);
  } finally {
    budget?.finish();
  }
  return normalize(value);
}

/** The expression as a cause quotes it: whole when short, its head when long. */
function excerpt(source: string): string {
  const text = source.trim();
  return text.length <= 200 ? text : `${text.slice(0, 200)}...`;
}

/** Turns JSONata sequences and singleton artefacts into plain JSON values. */
function normalize(value: unknown): unknown {
  if (typeof value === 'function') return undefined;
  if (Array.isArray(value) && (value as { sequence?: boolean }).sequence === true) return Array.from(value);
  return value;
}

/**
 * Evaluates every `{% %}` string anywhere inside a value (nested objects and arrays included);
 * other values are returned as they are, without copying templates that hold no expression.
 * An expression whose result is undefined, at any depth, fails with States.QueryEvaluationError
 * naming its field (`Output/a/b`), as AWS does.
 */
export async function evaluateTemplate(template: unknown, scope: JsonataScope, field: string): Promise<unknown> {
  // Most templates hold only forms the synchronous evaluator knows: answer those without awaiting.
  const now = evaluateTemplateSync(template, scope, field);
  if (now !== FALL_BACK) return now;
  return evaluateTemplateAsync(template, scope, field);
}

/** Templates (objects/arrays) with an expression that the synchronous evaluator cannot run. */
const needsJsonata = new WeakSet<object>();

/**
 * Evaluates a template synchronously when every expression in it has a synchronous form
 * (fastPath.ts) and the data lets it decide; {@link FALL_BACK} when any part needs JSONata itself
 * (then call {@link evaluateTemplate}). Throws as {@link evaluateTemplate} does.
 */
export function evaluateTemplateSync(template: unknown, scope: JsonataScope, field: string): unknown {
  if (typeof template === 'string') {
    if (!isExpressionText(template)) return template;
    const { fast, source } = compileText(template, field);
    if (fast === undefined) return FALL_BACK;
    const value = runFast(fast, scope);
    if (value === undefined) throw returnedNothing(source, field);
    return value;
  }
  if (!holdsExpression(template)) return template;
  if (needsJsonata.has(template)) return FALL_BACK;
  if (Array.isArray(template)) {
    const out: unknown[] = [];
    for (let i = 0; i < template.length; i++) {
      const value = evaluateTemplateSync(template[i], scope, `${field}[${i}]`);
      if (value === FALL_BACK) return fallBack(template, template[i]);
      out.push(value);
    }
    return out;
  }
  const out: Record<string, unknown> = {};
  for (const key in template) {
    if (!Object.prototype.hasOwnProperty.call(template, key)) continue;
    const part = (template as Record<string, unknown>)[key];
    const value = evaluateTemplateSync(part, scope, `${field}/${key}`);
    if (value === FALL_BACK) return fallBack(template, part);
    defineOwn(out, key, value);
  }
  return out;
}

/** Runs the synchronous form; a JavaScript error (deeply nested data) leaves the answer to JSONata. */
function runFast(fast: FastExpression, scope: JsonataScope): unknown {
  try {
    return fast(scope, null);
  } catch {
    return FALL_BACK;
  }
}

/** Whether a string is a `{% %}` expression; those already compiled are known without a regex. */
function isExpressionText(text: string): boolean {
  return compiledByText.has(text) || isJsonataExpression(text);
}

/**
 * Whether an object or array from a definition holds a `{% %}` string anywhere; the answer is
 * kept per template object, since definitions are evaluated again and again.
 */
function holdsExpression(template: unknown): template is object {
  if (template === null || typeof template !== 'object' || staticTemplates.has(template)) return false;
  if (dynamicTemplates.has(template)) return true;
  const holds = containsExpression(template);
  (holds ? dynamicTemplates : staticTemplates).add(template);
  return holds;
}

/**
 * The synchronous route could not decide. A template whose part has no synchronous form at all
 * goes straight to JSONata from now on; one that fell back on this data only is tried again.
 */
function fallBack(template: object, part: unknown): typeof FALL_BACK {
  if (hasNoFastForm(part)) needsJsonata.add(template);
  return FALL_BACK;
}

function hasNoFastForm(part: unknown): boolean {
  if (typeof part === 'string') return compiledByText.get(part)?.fast === undefined;
  return part !== null && typeof part === 'object' && needsJsonata.has(part);
}

function returnedNothing(source: string, field: string): JsonataEvaluationError {
  return new JsonataEvaluationError(field, `The JSONata expression '${source.trim()}' specified for the field '${field}' returned nothing (undefined).`);
}

async function evaluateTemplateAsync(template: unknown, scope: JsonataScope, field: string): Promise<unknown> {
  if (typeof template === 'string') {
    if (!isExpressionText(template)) return template;
    const value = await evaluateExpression(template, scope, field);
    if (value === undefined) throw returnedNothing(EXPRESSION.exec(template)![1]!, field);
    return value;
  }
  if (!holdsExpression(template)) return template;
  if (Array.isArray(template)) {
    const out: unknown[] = [];
    for (let i = 0; i < template.length; i++) out.push(await evaluateTemplate(template[i], scope, `${field}[${i}]`));
    return out;
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(template)) defineOwn(out, key, await evaluateTemplate(value, scope, `${field}/${key}`));
  return out;
}

function containsExpression(value: unknown): boolean {
  if (typeof value === 'string') return isJsonataExpression(value);
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some(containsExpression);
  return Object.values(value).some(containsExpression);
}
