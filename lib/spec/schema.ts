/**
 * The workflow file format, as a zod schema. It is the single source for parsing, for the types
 * the compiler works on, and for schema/workflow.schema.json that editors use.
 */
import { z } from 'zod';
import { AethonErrors } from '../contracts/aethonErrors.ts';
import { StatesErrors } from '../contracts/statesErrors.ts';
import { isDuration } from './duration.ts';
import { environmentSchema } from './environmentSchema.ts';

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
  errors: z.array(errorName).min(1).default([AethonErrors.RETRYABLE, StatesErrors.TIMEOUT]).describe('The errors this retrier handles. Default: Aethon.Retryable and States.Timeout.'),
  interval: duration.default('1s').describe('The wait before the first retry. Default 1s.'),
  maxAttempts: z.int().min(0).max(99_999_999).default(3).describe('Retries after the first attempt; 0 disables retrying. Default 3.'),
  backoffRate: z.number().min(1).default(2).describe('Each wait is the previous one times this. Default 2.'),
  maxDelay: duration.optional().describe('The longest wait between attempts, however large the backoff grows.'),
  jitter: z.enum(['full', 'none']).default('full').describe('full: each wait is random between 0 and the computed delay, so retries of many executions spread out. Default full.'),
}).meta({ id: 'Retry', description: 'A retry policy: which errors, how often, how long between attempts.' });

export const catchSchema = z.strictObject({
  errors: z.array(errorName).min(1).default([StatesErrors.ALL]).describe('The errors this catcher handles (after retries ran out). Default States.ALL.'),
  next: stepName.describe('The step to go to when one of the errors is caught.'),
  output: template.optional().describe('What the next step receives; $states.errorOutput holds Error and Cause. Default: the error output.'),
  assign: assignments.optional(),
});

const transition = {
  next: stepName.optional().describe('The step to run after this one (a step of the same steps mapping).'),
  end: z.literal(true).optional().describe('true: the execution (or branch, or iteration) ends successfully after this step. Give next or end.'),
};

/** On a step that can fail: whether its failure undoes the compensable steps completed before it. */
const undoing = {
  undoOnFailure: z
    .boolean()
    .optional()
    .describe('false: a failure of this step fails the execution (or goes to its catch) without undoing the compensable steps completed before it, e.g. a notification. Default true.'),
};
const stepDescription = z.string().optional().describe('A note for readers; it becomes the state Comment.');
const shaping = {
  description: stepDescription,
  output: template.optional().describe("The step's output; $states.input is its input, $states.result (or $result on a task) its result. Default: the result."),
  assign: assignments.optional(),
};

const handlerRef = z
  .string()
  .regex(/^[^#\s]+\.(?:ts|mts|js|mjs)(?:#[A-Za-z_$][\w$]*)?$/, {
    message: "expected a handler file such as functions/billing/charge.ts, optionally with '#exportName'",
  })
  .describe("A handler file relative to the project root, e.g. functions/billing/charge.ts; the named export 'handler' is called unless '#exportName' follows.");
const retryList = z.array(retrySchema).optional().describe('Retry policies, tried in order; the first whose errors match applies.');
const catchList = z.array(catchSchema).optional().describe('Where to go when the step fails after its retries; the first matching catcher applies.');
const memory = z.int().min(128).max(10_240).optional().describe("The function's memory in MB (128 to 10240); Lambda gives CPU in proportion. Default 256.");

export const compensationSchema = z.strictObject({
  handler: handlerRef.describe('The handler that undoes the step; it receives the step input.'),
  timeout: duration.optional().describe("The compensation function's timeout. Default: the workflow defaults.timeout, else 30s."),
  retry: retryList,
  on: z
    .array(errorName)
    .min(1)
    .optional()
    .describe('The errors of a later step that undo this one (exact names, or States.ALL); other failures leave it in place. Default: every error.'),
});

export const taskStepSchema = z.strictObject({
  type: z.literal('task').describe('A task step runs a TypeScript handler in a Lambda function.'),
  handler: handlerRef,
  input: template.optional().describe('What the handler receives. Default: the step input.'),
  timeout: duration.optional().describe("The state's TimeoutSeconds, also the function's timeout (at most 15m). Default: defaults.timeout, else 30s."),
  heartbeat: duration.optional().describe('A HeartbeatSeconds deadline; a Lambda step cannot send heartbeats, so prefer timeout.'),
  memory,
  retry: retryList,
  catch: catchList,
  idempotency: z
    .strictObject({
      key: z.string().min(1).describe('A JMESPath expression over the step input, e.g. "email" or "[order.id, order.line]".'),
      ttl: duration.default('1h').describe('How long a record is kept; keep it at least the workflow timeout. Default 1h.'),
      validate: z
        .union([z.literal('input'), z.array(z.string().min(1)).min(1)])
        .optional()
        .describe(
          'What must match for a repeated key to replay the stored result: JMESPath expressions of the fields that change the side effect (a different value fails with Aethon.IdempotencyConflict), or "input" for the whole step input. Default: the key alone.',
        ),
    })
    .optional()
    .describe('Run the side effect once per key: a repeat replays the stored result.'),
  secrets: z.array(z.string().min(1)).optional().describe('Logical names (keys of the top-level secrets) this handler may read with ctx.secret(name).'),
  environment: environmentSchema.optional().describe("Environment variables of this step's functions; they override the workflow's environment of the same name."),
  compensate: z
    .union([handlerRef, compensationSchema])
    .optional()
    .describe('The handler that undoes this step when a later step fails: a file, or { handler, timeout, retry, on }.'),
  ...undoing,
  ...shaping,
  ...transition,
});

export const choiceStepSchema = z.strictObject({
  type: z.literal('choice').describe('A choice step goes to the first step whose condition holds.'),
  choices: z
    .array(
      z.strictObject({
        when: z.string().min(1).describe('A JSONata condition; {% %} braces optional.'),
        next: stepName.describe('The step to go to when the condition holds.'),
        output: template.optional().describe('The output passed on when this choice is taken. Default: the step input.'),
        assign: assignments.optional(),
      }),
    )
    .min(1)
    .describe('Conditions tried in order.'),
  default: stepName.optional().describe('The step to go to when no condition holds; without it the execution fails with States.NoChoiceMatched.'),
  ...undoing,
  ...shaping,
});

export const waitStepSchema = z.strictObject({
  type: z.literal('wait').describe('A wait step pauses for a duration or until a timestamp.'),
  duration: z.string().optional().describe('A duration (30s) or a {% JSONata %} expression giving seconds.'),
  timestamp: z.string().optional().describe('An ISO 8601 timestamp or a {% JSONata %} expression giving one.'),
  ...shaping,
  ...transition,
});

export const passStepSchema = z.strictObject({
  type: z.literal('pass').describe('A pass step shapes data (output, assign) without calling anything.'),
  ...shaping,
  ...transition,
});

export const succeedStepSchema = z.strictObject({
  type: z.literal('succeed').describe('A succeed step ends the execution (or branch, or iteration) successfully.'),
  description: stepDescription,
  output: template.optional().describe('The final output. Default: the step input.'),
});

export const failStepSchema = z.strictObject({
  type: z.literal('fail').describe('A fail step ends the execution with an error.'),
  description: stepDescription,
  error: z.string().min(1).describe('The error name, e.g. Aethon.Permanent or OrderRejected; a catch or compensate.on matches it.'),
  cause: z.string().optional().describe('A human-readable explanation carried with the error.'),
  ...undoing,
});

// Parallel and Map nest steps. z.lazy breaks the type cycle; lib/spec/types.ts restores the
// precise nested types.
const nestedSteps = z.record(stepName, z.lazy((): z.ZodType<unknown> => stepSchema));

/** A nested set of steps: a Parallel branch or a Map's item processor. */
const startAt = stepName.optional().describe('The first step. Default: the first step in the steps mapping.');
const nestedStepsField = nestedSteps.describe('The steps, by name.');
export const stepGraphSchema = z.strictObject({
  startAt,
  steps: nestedStepsField,
});

export const parallelStepSchema = z.strictObject({
  type: z.literal('parallel').describe('A parallel step runs its branches at the same time; its output is the list of their outputs.'),
  branches: z.array(stepGraphSchema).min(1).describe('Each branch is a set of steps with its own startAt.'),
  retry: retryList,
  catch: catchList,
  ...undoing,
  ...shaping,
  ...transition,
});

export const mapStepSchema = z.strictObject({
  type: z.literal('map').describe("A map step runs its steps once per item of a list; its output is the list of the iterations' outputs."),
  items: z.union([z.string().min(1), z.array(z.unknown())]).describe('A JSONata expression giving the array, or a literal array.'),
  itemSelector: template.optional().describe('What each iteration receives; $states.context.Map.Item.Value is the item. Default: the item.'),
  maxConcurrency: z.int().min(0).optional().describe('At most this many iterations run at once; 0 means no limit. Default 0.'),
  toleratedFailurePercentage: z.number().min(0).max(100).optional().describe('The map still succeeds while at most this percentage of iterations failed.'),
  toleratedFailureCount: z.int().min(0).optional().describe('The map still succeeds while at most this many iterations failed.'),
  startAt,
  steps: nestedStepsField.describe('The steps each iteration runs, by name.'),
  retry: retryList,
  catch: catchList,
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
    bus: z.string().min(1).default('default').describe('The EventBridge bus the rule listens on. Default: the account default bus.'),
    pattern: z.record(z.string(), z.unknown()).describe('An EventBridge event pattern.'),
    input: jsonPath.default('$.detail').describe('Which part of the event becomes the execution input.'),
    idempotencyKey: jsonPath.optional().describe('A path over the event; duplicates of the same key start nothing new.'),
  }).describe('Start an execution for each EventBridge event matching a pattern.'),
});

export const scheduleTriggerSchema = z.strictObject({
  schedule: z.strictObject({
    expression: z.string().regex(/^(rate|cron|at)\(.+\)$/, {
      message: "expected 'rate(1 day)', 'cron(0 2 * * ? *)' or 'at(2026-01-01T00:00:00)'",
    }).describe("An EventBridge Scheduler expression: 'rate(1 day)', 'cron(0 2 * * ? *)' or 'at(2026-01-01T00:00:00)'."),
    timezone: z.string().default('UTC').describe('The IANA time zone of cron and at expressions, e.g. Europe/Paris. Default UTC.'),
    input: z.unknown().optional().describe('The execution input of each scheduled start. Default: {}.'),
  }).describe('Start an execution on a schedule (EventBridge Scheduler).'),
});

export const workflowSchema = z.strictObject({
  name: z
    .string()
    .min(1)
    .max(MAX_NAME_LENGTH, { message: `workflow names are at most ${MAX_NAME_LENGTH} characters (a Step Functions limit)` })
    .regex(WORKFLOW_NAME, { message: 'workflow names use letters, digits, - and _, and start with a letter or digit' })
    .describe('The workflow name: letters, digits, - and _, at most 80 characters; it names the state machine, stacks and functions.'),
  description: z.string().optional().describe('What the workflow does, for readers; it becomes the state machine Comment.'),
  type: z.enum(['standard', 'express']).default('standard').describe('standard (up to a year, exactly-once steps) or express (at most 5 minutes). Default standard.'),
  timeout: duration.optional().describe("The execution's limit; past it the execution fails with States.Timeout."),
  startAt,
  triggers: z.array(z.union([eventTriggerSchema, scheduleTriggerSchema])).optional().describe('What starts executions besides the CLI: EventBridge events and schedules.'),
  config: z
    .strictObject({
      schema: z.record(z.string(), z.unknown()).describe('A JSON Schema for the dynamic settings.'),
      defaults: z.record(z.string(), z.unknown()).describe('The settings in force until someone changes them; they must satisfy the schema.'),
    })
    .optional()
    .describe('Dynamic settings (AppConfig), read by handlers with ctx.config(); changed at run time with aethon config set.'),
  secrets: z
    .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.string().min(1))
    .optional()
    .describe('Logical secret name -> Secrets Manager secret name. A step lists the ones its handler may read.'),
  environment: environmentSchema
    .optional()
    .describe('Environment variables of every task function: literals, { ssm } parameters or { import } stack exports. A step can override them.'),
  defaults: z
    .strictObject({
      retry: retryList.describe('The retry policies of every task step that declares none.'),
      timeout: duration.optional().describe('The timeout of every task step and compensation that declares none. Default 30s.'),
      memory: memory.describe('The memory of every function whose step declares none, in MB. Default 256.'),
    })
    .optional()
    .describe('Settings applied to every task step that does not set its own.'),
  logging: z
    .strictObject({
      includeExecutionData: z.boolean().default(false).describe('Include state inputs and outputs in the Step Functions execution logs. Default false.'),
    })
    .optional()
    .describe("The state machine's execution logging."),
  steps: z.record(stepName, stepSchema).describe('The steps, by name; the first one starts unless startAt says otherwise.'),
});
