/**
 * The `environment:` mapping of a workflow or a task step: variables its functions see. A value
 * is a literal, an SSM String parameter or a CloudFormation export of another stack (both
 * resolved by CloudFormation when the stack deploys). Secrets are refused here: they go through
 * `secrets:`, so they are fetched at run time, redacted from logs and never sit in the
 * function's configuration in clear.
 */
import { z } from 'zod';

/** Lambda's rule for variable names. */
export const ENVIRONMENT_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

const localValue = z
  .string()
  .optional()
  .describe('The value local runs use (aethon run, the local engine); an --env of the same name overrides it.');

export const ssmReferenceSchema = z
  .strictObject({
    ssm: z
      .string()
      .regex(/^[A-Za-z0-9_.\-/]+$/, { message: 'an SSM parameter name uses letters, digits and _ . - /' })
      .describe('The name of an SSM String parameter, e.g. /shared/orders/table-name, read when the stack deploys.'),
    local: localValue,
  })
  .describe('The value of an SSM Parameter Store String parameter in the account and region of the stage.');

export const importReferenceSchema = z
  .strictObject({
    import: z.string().min(1).describe("The export name of another stack's output (Outputs.<Name>.Export.Name), read with Fn::ImportValue."),
    local: localValue,
  })
  .describe('The value of a CloudFormation export of another stack in the same account and region.');

const SECRET_STRING = /^arn:aws[\w-]*:secretsmanager:|\{\{resolve:(secretsmanager|ssm-secure):/;
const SECRET_KEYS = ['secret', 'secretsmanager', 'secretArn', 'ssmSecure'];

/** Why a value looks like a secret reference, or undefined. */
export function secretReferenceIn(value: unknown): string | undefined {
  if (typeof value === 'string' && SECRET_STRING.test(value)) return 'it refers to a secret';
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const key = Object.keys(value).find((k) => SECRET_KEYS.includes(k));
    if (key) return `'${key}:' refers to a secret`;
  }
  return undefined;
}

const SECRET_HINT = "declare it under the top-level 'secrets:' and list it in the step's 'secrets:'; the handler reads it with ctx.secret(name)";

function valueError(issue: { input?: unknown }): string {
  const secret = secretReferenceIn(issue.input);
  if (secret) return `${secret}: secrets cannot go in environment, ${SECRET_HINT}`;
  return 'expected a string, a number, true/false, { ssm: <parameter name> } or { import: <export name> } (each reference may add local: <value>)';
}

const literal = z
  .string()
  .refine((value) => !SECRET_STRING.test(value), { error: (issue) => valueError(issue) })
  .describe('A literal value.');

export const environmentValueSchema = z.union(
  [literal, z.union([z.number(), z.boolean()]).transform(String).describe('A number or true/false, set as its text.'), ssmReferenceSchema, importReferenceSchema],
  { error: (issue) => valueError(issue) },
);

export const environmentSchema = z.record(
  z.string().regex(ENVIRONMENT_NAME, { message: 'environment variable names start with a letter and use letters, digits and _' }),
  environmentValueSchema,
);

/** One declared value after parsing: a literal string or a reference resolved at deploy time. */
export type EnvironmentValueSpec = z.output<typeof environmentValueSchema>;
