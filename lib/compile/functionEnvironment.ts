/**
 * The environment of one task function, computed from the compiled workflow. CDK passes resource
 * names (possibly tokens) in `where`; the local engine passes local paths and endpoints.
 */
import { FunctionEnv, MAX_SCHEMA_ENV_BYTES, PowertoolsEnv } from '../contracts/functionEnvironment.ts';
import { scopesOf, type EnvironmentValueSpec, type TaskStepSpec } from '../spec/index.ts';
import type { CompiledWorkflow } from './compileWorkflow.ts';
import type { CompiledFunction } from './functions.ts';

export interface FunctionEnvironmentOptions {
  readonly stage: string;
  /** The idempotency table's name; only set for functions that declare idempotency. */
  readonly idempotencyTable?: string;
  readonly appConfig?: { readonly application: string; readonly environment: string; readonly profile: string };
  /**
   * Local runs: the .aethon folder and dynalite's endpoint. With `localDir` the declared
   * `environment:` is included with its local values (see {@link localEnvironment}); CDK resolves
   * it itself (declaredEnvironment), since references become deploy-time tokens there.
   */
  readonly localDir?: string;
  readonly dynamodbEndpoint?: string;
  /** @default 'INFO' */
  readonly logLevel?: string;
  /** @default 'Aethon' */
  readonly metricsNamespace?: string;
}

export function functionEnvironment(workflow: CompiledWorkflow, fn: CompiledFunction, options: FunctionEnvironmentOptions): Record<string, string> {
  const env: Record<string, string> = {
    ...(options.localDir ? localEnvironment(declaredEnvironment(workflow, fn)) : {}),
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

/** The variables a workflow declares for one function: its `environment:`, then its step's. */
export type DeclaredEnvironment = Readonly<Record<string, EnvironmentValueSpec>>;

/**
 * The `environment:` of a function: the workflow's, overridden name by name by its task step's (a
 * compensation function gets its step's, as it gets its step's secrets).
 */
export function declaredEnvironment(workflow: CompiledWorkflow, fn: CompiledFunction): DeclaredEnvironment {
  return { ...workflow.spec.environment, ...taskStep(workflow, fn.stepName)?.environment };
}

function taskStep(workflow: CompiledWorkflow, stepName: string): TaskStepSpec | undefined {
  for (const scope of scopesOf(workflow.spec.steps, workflow.spec.startAt)) {
    const step = scope.steps[stepName];
    if (step?.type === 'task') return step;
  }
  return undefined;
}

/**
 * The declared variables as a local run sets them: literals as written, an SSM parameter or a
 * stack export by its `local:` value. The engine's `environment` (the CLI's --env) still wins
 * over them (lib/local/lambda/lambdaEnvironment.ts). A reference without `local:` stays unset: a
 * handler that needs it fails naming the variable.
 */
export function localEnvironment(declared: DeclaredEnvironment): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(declared)) {
    const local = typeof value === 'string' ? value : value.local;
    if (local !== undefined) env[name] = local;
  }
  return env;
}

/** One declared value for people: the literal, `ssm:<name>` or `import:<export>`. */
export function describeEnvironmentValue(value: EnvironmentValueSpec): string {
  if (typeof value === 'string') return value;
  return 'ssm' in value ? `ssm:${value.ssm}` : `import:${value.import}`;
}
