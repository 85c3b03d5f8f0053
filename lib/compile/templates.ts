/** Turning spec values into ASL JSONata values. */
import { expressionBody, expressionsIn, isExpression, wrapExpression, type CatchSpec } from '../spec/index.ts';
import { compact, type AslCatcher } from './asl.ts';

/** Maps every `{% %}` string in a template through `rewrite`, leaving literals alone. */
export function mapExpressions(template: unknown, rewrite: (body: string) => string): unknown {
  if (isExpression(template)) return wrapExpression(rewrite(expressionBody(template)));
  if (Array.isArray(template)) return template.map((item) => mapExpressions(item, rewrite));
  if (template !== null && typeof template === 'object') {
    return Object.fromEntries(Object.entries(template).map(([k, v]) => [k, mapExpressions(v, rewrite)]));
  }
  return template;
}

/**
 * In a task's output and assign, `$result` is the handler's return value. lambda:invoke wraps it
 * in `$states.result.Payload`; binding it once keeps workflow files free of that detail.
 */
export function bindTaskResult(template: unknown): unknown {
  return mapExpressions(template, (body) => (/\$result\b/.test(body) ? `($result := $states.result.Payload; ${body})` : body));
}

/** Conditions and Map items are always expressions; braces are optional in the spec. */
export function asExpression(value: string): string {
  return wrapExpression(expressionBody(value));
}

export function hasExpressions(template: unknown): boolean {
  return !expressionsIn(template).next().done;
}

export function renderCatchers(catchers: readonly CatchSpec[] | undefined): AslCatcher[] {
  return (catchers ?? []).map((c) => compact({ ErrorEquals: [...c.errors], Next: c.next, Output: c.output, Assign: c.assign }));
}
