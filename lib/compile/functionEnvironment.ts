/**
 * The environment of one task function, computed from the compiled workflow. CDK passes resource
 * names (possibly tokens) in `where`; the local engine passes local paths and endpoints.
 */
import { FunctionEnv, MAX_SCHEMA_ENV_BYTES, PowertoolsEnv } from '../contracts/functionEnvironment.ts';
import type { CompiledWorkflow } from './compileWorkflow.ts';
import type { CompiledFunction } from './functions.ts';

export interface FunctionEnvironmentOptions {
  readonly stage: string;
  /** The idempotency table's name; only set for functions that declare idempotency. */
  readonly idempotencyTable?: string;
  readonly appConfig?: { readonly application: string; readonly environment: string; readonly profile: string };
  /** Local runs: the .aethon folder and dynalite's endpoint. */
  readonly localDir?: string;
  readonly dynamodbEndpoint?: string;
  /** @default 'INFO' */
  readonly logLevel?: string;
  /** @default 'Aethon' */
  readonly metricsNamespace?: string;
}

export function functionEnvironment(workflow: CompiledWorkflow, fn: CompiledFunction, options: FunctionEnvironmentOptions): Record<string, string> {
  const env: Record<string, string> = {
    [FunctionEnv.WORKFLOW]: workflow.name,
    [FunctionEnv.STEP]: fn.stepName,
    [FunctionEnv.ROLE]: fn.role,
    [FunctionEnv.STAGE]: options.stage,
    [FunctionEnv.TIMEOUT_SECONDS]: String(fn.timeoutSeconds),
    [PowertoolsEnv.SERVICE_NAME]: workflow.name,
    [PowertoolsEnv.METRICS_NAMESPACE]: options.metricsNamespace ?? 'Aethon',
    [PowertoolsEnv.LOG_LEVEL]: options.logLevel ?? 'INFO',
  };
  if (fn.idempotency && options.idempotencyTable) {
    env[FunctionEnv.IDEMPOTENCY_TABLE] = options.idempotencyTable;
    env[FunctionEnv.IDEMPOTENCY_KEY] = fn.idempotency.key;
    env[FunctionEnv.IDEMPOTENCY_TTL_SECONDS] = String(fn.idempotency.ttlSeconds);
    if (fn.idempotency.validate) env[FunctionEnv.IDEMPOTENCY_VALIDATE] = fn.idempotency.validate;
  }
  if (fn.secrets.length > 0) {
    env[FunctionEnv.SECRETS] = JSON.stringify(Object.fromEntries(fn.secrets.map((name) => [name, workflow.secrets[name]!])));
  }
  if (workflow.config && options.appConfig) {
    env[FunctionEnv.APPCONFIG_APPLICATION] = options.appConfig.application;
    env[FunctionEnv.APPCONFIG_ENVIRONMENT] = options.appConfig.environment;
    env[FunctionEnv.APPCONFIG_PROFILE] = options.appConfig.profile;
  }
  if (workflow.config) {
    const schema = JSON.stringify(workflow.config.schema);
    if (Buffer.byteLength(schema) <= MAX_SCHEMA_ENV_BYTES) env[FunctionEnv.CONFIG_SCHEMA] = schema;
  }
  if (options.localDir) env[FunctionEnv.LOCAL_DIR] = options.localDir;
  if (options.dynamodbEndpoint) env[FunctionEnv.DYNAMODB_ENDPOINT] = options.dynamodbEndpoint;
  return env;
}
