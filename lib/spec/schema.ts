/**
 * The workflow file format, as a zod schema. It is the single source for parsing, for the types
 * the compiler works on, and for schema/workflow.schema.json that editors use.
 */
import { z } from 'zod';
import { AethonErrors } from '../contracts/aethonErrors.ts';
import { StatesErrors } from '../contracts/statesErrors.ts';
import { isDuration } from './duration.ts';

/** Step Functions accepts more in names, but workflow names also name stacks, functions and profiles. */
export const WORKFLOW_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
export const MAX_NAME_LENGTH = 80;
// ASL forbids control characters in state names; everything else is allowed.
const STEP_NAME = /^[^\u0000-\u001f\u007f-\u009f]+$/;

const duration = z
  .string()
  .refine(isDuration, { message: 'expected a duration such as 30s, 5m, 1h or 1h30m' })
  .describe('A duration: 30s, 5m, 1h, 1d or combinations such as 1h30m.')
  .meta({ id: 'Duration' });

const stepName = z
  .string()
  .min(1)
  .max(MAX_NAME_LENGTH, { message: `step names are at most ${MAX_NAME_LENGTH} characters (a Step Functions limit)` })
  .regex(STEP_NAME, { message: 'step names may not contain control characters' })
  .meta({ id: 'StepName' });

const errorName = z.string().min(1).describe('An error name as ASL ErrorEquals matches it, e.g. Aethon.Retryable or States.Timeout.');

/** A JSON value that may contain `{% JSONata %}` strings anywhere. */
const template = z.unknown().describe('A JSON value; strings written as {% ... %} are JSONata expressions.');
const assignments = z
  .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { message: 'variable names are letters, digits and _' }), template)
  .describe('Variables to set, by name; values may be {% JSONata %} expressions.');

export const retrySchema = z.strictObject({
  errors: z.array(errorName).min(1).default([AethonErrors.RETRYABLE, StatesErrors.TIMEOUT]),
  interval: duration.default('1s'),
  maxAttempts: z.int().min(0).max(99_999_999).default(3),
  backoffRate: z.number().min(1).default(2),
  maxDelay: duration.optional(),
  jitter: z.enum(['full', 'none']).default('full'),
}).meta({ id: 'Retry' });

export const catchSchema = z.strictObject({
  errors: z.array(errorName).min(1).default([StatesErrors.ALL]),
  next: stepName,
  output: template.optional(),
  assign: assignments.optional(),
});

const transition = {
  next: stepName.optional(),
  end: z.literal(true).optional(),
};

/** On a step that can fail: whether its failure undoes the compensable steps completed before it. */
const undoing = {
  undoOnFailure: z
    .boolean()
    .optional()
    .describe('false: a failure of this step fails the execution (or goes to its catch) without undoing the compensable steps completed before it, e.g. a notification. Default true.'),
};
const shaping = {
  description: z.string().optional(),
  output: template.optional(),
  assign: assignments.optional(),
};

const handlerRef = z
  .string()
  .regex(/^[^#\s]+\.(?:ts|mts|js|mjs)(?:#[A-Za-z_$][\w$]*)?$/, {
    message: "expected a handler file such as functions/billing/charge.ts, optionally with '#exportName'",
  });

export const compensationSchema = z.strictObject({
  handler: handlerRef,
  timeout: duration.optional(),
  retry: z.array(retrySchema).optional(),
  on: z
    .array(errorName)
    .min(1)
    .optional()
    .describe('The errors of a later step that undo this one (exact names, or States.ALL); other failures leave it in place. Default: every error.'),
});

export const taskStepSchema = z.strictObject({
  type: z.literal('task'),
  handler: handlerRef,
  input: template.optional(),
  timeout: duration.optional(),
  heartbeat: duration.optional(),
  memory: z.int().min(128).max(10_240).optional(),
  retry: z.array(retrySchema).optional(),
  catch: z.array(catchSchema).optional(),
  idempotency: z
    .strictObject({
      key: z.string().min(1).describe('A JMESPath expression over the step input, e.g. "email" or "[order.id, order.line]".'),
      ttl: duration.default('1h'),
      validate: z
        .union([z.literal('input'), z.array(z.string().min(1)).min(1)])
        .optional()
        .describe(
          'What must match for a repeated key to replay the stored result: JMESPath expressions of the fields that change the side effect (a different value fails with Aethon.IdempotencyConflict), or "input" for the whole step input. Default: the key alone.',
        ),
    })
    .optional(),
  secrets: z.array(z.string().min(1)).optional(),
  compensate: z.union([handlerRef, compensationSchema]).optional(),
  ...undoing,
  ...shaping,
  ...transition,
});

export const choiceStepSchema = z.strictObject({
  type: z.literal('choice'),
  choices: z
    .array(
      z.strictObject({
        when: z.string().min(1).describe('A JSONata condition; {% %} braces optional.'),
        next: stepName,
        output: template.optional(),
        assign: assignments.optional(),
      }),
    )
    .min(1),
  default: stepName.optional(),
  ...undoing,
  ...shaping,
});

export const waitStepSchema = z.strictObject({
  type: z.literal('wait'),
  duration: z.string().optional().describe('A duration (30s) or a {% JSONata %} expression giving seconds.'),
  timestamp: z.string().optional().describe('An ISO 8601 timestamp or a {% JSONata %} expression giving one.'),
  ...shaping,
  ...transition,
});

export const passStepSchema = z.strictObject({ type: z.literal('pass'), ...shaping, ...transition });

export const succeedStepSchema = z.strictObject({
  type: z.literal('succeed'),
  description: z.string().optional(),
  output: template.optional(),
});

export const failStepSchema = z.strictObject({
  type: z.literal('fail'),
  description: z.string().optional(),
  error: z.string().min(1),
  cause: z.string().optional(),
  ...undoing,
});

// Parallel and Map nest steps. z.lazy breaks the type cycle; lib/spec/types.ts restores the
// precise nested types.
const nestedSteps = z.record(stepName, z.lazy((): z.ZodType<unknown> => stepSchema));

/** A nested set of steps: a Parallel branch or a Map's item processor. */
export const stepGraphSchema = z.strictObject({
  startAt: stepName.optional(),
  steps: nestedSteps,
});

export const parallelStepSchema = z.strictObject({
  type: z.literal('parallel'),
  branches: z.array(stepGraphSchema).min(1),
  retry: z.array(retrySchema).optional(),
  catch: z.array(catchSchema).optional(),
  ...undoing,
  ...shaping,
  ...transition,
});

export const mapStepSchema = z.strictObject({
  type: z.literal('map'),
  items: z.union([z.string().min(1), z.array(z.unknown())]).describe('A JSONata expression giving the array, or a literal array.'),
  itemSelector: template.optional(),
  maxConcurrency: z.int().min(0).optional(),
  toleratedFailurePercentage: z.number().min(0).max(100).optional(),
  toleratedFailureCount: z.int().min(0).optional(),
  startAt: stepName.optional(),
  steps: nestedSteps,
  retry: z.array(retrySchema).optional(),
  catch: z.array(catchSchema).optional(),
  ...undoing,
  ...shaping,
  ...transition,
});

export const STEP_TYPES = ['task', 'choice', 'wait', 'pass', 'parallel', 'map', 'succeed', 'fail'] as const;

export const stepSchema: z.ZodDiscriminatedUnion<
  [
    typeof taskStepSchema,
    typeof choiceStepSchema,
    typeof waitStepSchema,
    typeof passStepSchema,
    typeof parallelStepSchema,
    typeof mapStepSchema,
    typeof succeedStepSchema,
    typeof failStepSchema,
  ]
> = z.discriminatedUnion('type', [
  taskStepSchema,
  choiceStepSchema,
  waitStepSchema,
  passStepSchema,
  parallelStepSchema,
  mapStepSchema,
  succeedStepSchema,
  failStepSchema,
]).meta({ id: 'Step' }) as never;

const jsonPath = z.string().regex(/^\$(\.[A-Za-z0-9_-]+|\[\d+\])*$/, { message: "expected a simple JSONPath such as '$.detail.userId'" });

export const eventTriggerSchema = z.strictObject({
  event: z.strictObject({
    bus: z.string().min(1).default('default'),
    pattern: z.record(z.string(), z.unknown()).describe('An EventBridge event pattern.'),
    input: jsonPath.default('$.detail').describe('Which part of the event becomes the execution input.'),
    idempotencyKey: jsonPath.optional().describe('A path over the event; duplicates of the same key start nothing new.'),
  }),
});

export const scheduleTriggerSchema = z.strictObject({
  schedule: z.strictObject({
    expression: z.string().regex(/^(rate|cron|at)\(.+\)$/, {
      message: "expected 'rate(1 day)', 'cron(0 2 * * ? *)' or 'at(2026-01-01T00:00:00)'",
    }),
    timezone: z.string().default('UTC'),
    input: z.unknown().optional(),
  }),
});

export const workflowSchema = z.strictObject({
  name: z
    .string()
    .min(1)
    .max(MAX_NAME_LENGTH, { message: `workflow names are at most ${MAX_NAME_LENGTH} characters (a Step Functions limit)` })
    .regex(WORKFLOW_NAME, { message: 'workflow names use letters, digits, - and _, and start with a letter or digit' }),
  description: z.string().optional(),
  type: z.enum(['standard', 'express']).default('standard'),
  timeout: duration.optional(),
  startAt: stepName.optional(),
  triggers: z.array(z.union([eventTriggerSchema, scheduleTriggerSchema])).optional(),
  config: z
    .strictObject({
      schema: z.record(z.string(), z.unknown()).describe('A JSON Schema for the dynamic settings.'),
      defaults: z.record(z.string(), z.unknown()),
    })
    .optional(),
  secrets: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.string().min(1)).optional(),
  defaults: z
    .strictObject({
      retry: z.array(retrySchema).optional(),
      timeout: duration.optional(),
      memory: z.int().min(128).max(10_240).optional(),
    })
    .optional(),
  logging: z.strictObject({ includeExecutionData: z.boolean().default(false) }).optional(),
  steps: z.record(stepName, stepSchema),
});
