/**
 * JSONata expressions in workflow files. Values follow ASL's JSONata rule: a string wrapped in
 * `{% %}` is an expression, any other value is a literal. Conditions (`when`) and Map `items` are
 * always expressions, so there the braces are optional.
 */
const WRAPPED = /^\{%([\s\S]*)%\}$/;

/** True when the string is a `{% ... %}` expression. */
export function isExpression(value: unknown): value is string {
  return typeof value === 'string' && WRAPPED.test(value.trim());
}

/** The expression text, without `{% %}`; a bare string is taken as the expression itself. */
export function expressionBody(value: string): string {
  const match = WRAPPED.exec(value.trim());
  return (match ? match[1]! : value).trim();
}

/** Wraps an expression body in `{% %}` as ASL expects. */
export function wrapExpression(body: string): string {
  return `{% ${body} %}`;
}

/** Every `{% %}` string in a template (nested objects and arrays included), with its path. */
export function* expressionsIn(
  template: unknown,
  path: readonly (string | number)[] = [],
): Generator<{ readonly path: (string | number)[]; readonly body: string }> {
  if (isExpression(template)) {
    yield { path: [...path], body: expressionBody(template) };
  } else if (Array.isArray(template)) {
    for (const [index, item] of template.entries()) yield* expressionsIn(item, [...path, index]);
  } else if (template !== null && typeof template === 'object') {
    for (const [key, item] of Object.entries(template)) yield* expressionsIn(item, [...path, key]);
  }
}
