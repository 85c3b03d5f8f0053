/**
 * JSON Schema validation of a configuration document, the same check AppConfig's JSON Schema
 * validator runs at deployment, repeated when the document is read.
 */
import { Ajv } from 'ajv';

/** Returns the problems of a document, one line each; empty when it is valid. */
export type ConfigValidator = (document: unknown) => string[];

/** Compiles a workflow's config schema once; `allErrors` so a user sees every problem at once. */
export function createConfigValidator(schema: object): ConfigValidator {
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validate = ajv.compile(schema);
  return (document) => {
    if (validate(document)) return [];
    return (validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}${e.params && 'allowedValues' in e.params ? `: ${JSON.stringify(e.params.allowedValues)}` : ''}`);
  };
}
