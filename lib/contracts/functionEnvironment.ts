/**
 * Environment variables through which a deployed (or locally run) task function learns what it is
 * and where its dependencies are. The compiler computes the values, CDK and the local engine set
 * them, lib/runtime reads them: the names live here so the three cannot drift.
 */
export const FunctionEnv = {
  /** The workflow's name. */
  WORKFLOW: 'AETHON_WORKFLOW',
  /** The step (state) this function serves. */
  STEP: 'AETHON_STEP',
  /** `task` or `compensation`. */
  ROLE: 'AETHON_FUNCTION_ROLE',
  /** The deployment stage (dev, prod, ...), or `local`. */
  STAGE: 'AETHON_STAGE',
  /** The state's TimeoutSeconds; an idempotency record left in progress expires after it. */
  TIMEOUT_SECONDS: 'AETHON_TIMEOUT_SECONDS',
  /** DynamoDB table of idempotency records (partition key `id`, TTL attribute `expiration`). */
  IDEMPOTENCY_TABLE: 'AETHON_IDEMPOTENCY_TABLE',
  /**
   * JMESPath over the step input that forms the idempotency key; unset: the step is not idempotent.
   * On a compensation function: the key of the step it undoes, whose record it releases.
   */
  IDEMPOTENCY_KEY: 'AETHON_IDEMPOTENCY_KEY',
  /** JMESPath of the input fields a replay must match (else Aethon.IdempotencyConflict); unset: the key alone. */
  IDEMPOTENCY_VALIDATE: 'AETHON_IDEMPOTENCY_VALIDATE',
  IDEMPOTENCY_TTL_SECONDS: 'AETHON_IDEMPOTENCY_TTL_SECONDS',
  /** JSON object: logical secret name -> Secrets Manager name, only the secrets this function may read. */
  SECRETS: 'AETHON_SECRETS',
  /** AppConfig ids for the workflow's dynamic configuration. */
  APPCONFIG_APPLICATION: 'AETHON_APPCONFIG_APPLICATION',
  APPCONFIG_ENVIRONMENT: 'AETHON_APPCONFIG_ENVIRONMENT',
  APPCONFIG_PROFILE: 'AETHON_APPCONFIG_PROFILE',
  /** How long a fetched configuration is cached before it is read again. @default 30 */
  CONFIG_MAX_AGE_SECONDS: 'AETHON_CONFIG_MAX_AGE_SECONDS',
  /** The config JSON Schema (minified), when it fits; AppConfig's validator guards deployments either way. */
  CONFIG_SCHEMA: 'AETHON_CONFIG_SCHEMA',
  /** Local runs only: the project's .aethon folder (local secrets and config stores). */
  LOCAL_DIR: 'AETHON_LOCAL_DIR',
  /** Local runs only: the DynamoDB endpoint (dynalite). */
  DYNAMODB_ENDPOINT: 'AETHON_DYNAMODB_ENDPOINT',
} as const;

/** Environment variables of Powertools for AWS Lambda that Aethon sets. */
export const PowertoolsEnv = {
  SERVICE_NAME: 'POWERTOOLS_SERVICE_NAME',
  METRICS_NAMESPACE: 'POWERTOOLS_METRICS_NAMESPACE',
  LOG_LEVEL: 'POWERTOOLS_LOG_LEVEL',
} as const;

/** Lambda caps a function's environment at 4 KB in total; a larger config schema is left out. */
export const MAX_SCHEMA_ENV_BYTES = 2048;

/**
 * Names a workflow's `environment:` may not declare: Lambda reserves AWS_* and the runtime's own
 * variables, Aethon sets AETHON_*, the Powertools names above and NODE_OPTIONS (source maps).
 * @see https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime
 */
export const RESERVED_ENV_PREFIXES: readonly string[] = ['AWS_', 'AETHON_'];
export const RESERVED_ENV_NAMES: readonly string[] = [
  ...Object.values(PowertoolsEnv),
  'NODE_OPTIONS',
  '_HANDLER',
  '_X_AMZN_TRACE_ID',
  'LAMBDA_TASK_ROOT',
  'LAMBDA_RUNTIME_DIR',
];
/** Set by Lambda (and the local runner) in every function, though a function may override them. */
export const LAMBDA_PROVIDED_ENV_NAMES: readonly string[] = ['PATH', 'LANG', 'TZ', 'HOME', 'TMPDIR', 'LD_LIBRARY_PATH', 'NODE_PATH'];

/** Why `name` cannot be declared in `environment:`, or undefined when it can. */
export function reservedEnvReason(name: string): string | undefined {
  const prefix = RESERVED_ENV_PREFIXES.find((p) => name.startsWith(p));
  if (prefix === 'AWS_') return `names starting with AWS_ are reserved by Lambda and the AWS SDK`;
  if (prefix) return `names starting with ${prefix} are set by Aethon's runtime`;
  if (RESERVED_ENV_NAMES.includes(name)) return `${name} is set by Aethon or Lambda for every function`;
  return undefined;
}

/** How long a warm function keeps a fetched configuration when AETHON_CONFIG_MAX_AGE_SECONDS is unset. */
export const DEFAULT_CONFIG_MAX_AGE_SECONDS = 30;
