/**
 * JSON Schema validation of a configuration document, the same check AppConfig's JSON Schema
 * validator runs at deployment, repeated when the document is read.
 *
 * Regular expressions in a schema (`pattern`, `patternProperties`) run on RE2 (re2js, pure JS):
 * linear in the input, so no pattern and value pair can hang a handler, the CLI or `validate`
 * (`^(a+)+$` against a long run of a's backtracks for ever in JavaScript's RegExp). RE2 has no
 * lookaround or backreferences; `validate` refuses such patterns, located, before deployment.
 */
import { Ajv } from 'ajv';
import { RE2JS } from 're2js';

/** Returns the problems of a document, one line each; empty when it is valid. */
export type ConfigValidator = (document: unknown) => string[];

/** One problem of a document: the dotted key it concerns (`''` for the whole document) and what is wrong. */
export interface ConfigProblem {
  readonly key: string;
  readonly message: string;
}

/** Compiles a workflow's config schema once; `allErrors` so a user sees every problem at once. */
export function createConfigValidator(schema: object): ConfigValidator {
  const validate = createConfigAjv().compile(schema);
  return (document) => {
    if (validate(document)) return [];
    return (validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}${e.params && 'allowedValues' in e.params ? `: ${JSON.stringify(e.params.allowedValues)}` : ''}`);
  };
}

/**
 * Like {@link createConfigValidator}, but each problem names its key as a dotted path, so a
 * refusal can say which value is at fault (a missing required key is named itself, not its parent).
 */
export function createConfigChecker(schema: object): (document: unknown) => ConfigProblem[] {
  const validate = createConfigAjv().compile(schema);
  return (document) => {
    if (validate(document)) return [];
    return (validate.errors ?? []).map((e) => {
      const parts = e.instancePath.split('/').slice(1).map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
      const missing = e.keyword === 'required' && typeof e.params?.missingProperty === 'string' ? [e.params.missingProperty] : [];
      const allowed = e.params && 'allowedValues' in e.params ? `: ${JSON.stringify(e.params.allowedValues)}` : '';
      return { key: [...parts, ...missing].join('.'), message: `${e.message ?? 'is invalid'}${allowed}` };
    });
  };
}

/** The Ajv instance every config schema is compiled with, here and in `validate`. */
export function createConfigAjv(): Ajv {
  return new Ajv({ allErrors: true, strict: false, code: { regExp: re2RegExp } });
}

/**
 * Compiles a schema's regular expression with RE2.
 * @throws Error naming what RE2 cannot do (lookaround, backreferences, ...), from re2js
 * @example
 * compileSchemaPattern('^[a-z]+(-[a-z]+)*$').test('blue-green'); // true
 */
export function compileSchemaPattern(pattern: string): { test(input: string): boolean } {
  return RE2JS.compile(toRe2Syntax(pattern));
}

// Ajv calls this with ("pattern", "u") and only ever uses .test; `code` names it in generated
// standalone code, which Aethon does not produce.
const re2RegExp = Object.assign((pattern: string) => compileSchemaPattern(pattern), { code: 'compileSchemaPattern' });

/** ECMAScript's four-hex-digit \u escapes (and \u{...}) are spelled \x{...} in RE2; the rest of the common syntax agrees. */
function toRe2Syntax(pattern: string): string {
  return pattern.replace(/(?<!\\)((?:\\\\)*)\\u(?:\{([0-9A-Fa-f]{1,6})\}|([0-9A-Fa-f]{4}))/g, (_, slashes: string, braced?: string, plain?: string) => `${slashes}\\x{${braced ?? plain}}`);
}
