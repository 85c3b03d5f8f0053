/**
 * The environment of one task function, computed from the compiled workflow. CDK passes resource
 * names (possibly tokens) in `where`; the local engine passes local paths and endpoints.
 */
import { FunctionEnv, MAX_SCHEMA_ENV_BYTES, PowertoolsEnv } from '../contracts/functionEnvironment.ts';
import { scopesOf, type Diagnostic, type EnvironmentValueSpec, type SpecPath, type TaskStepSpec, type WorkflowSpec } from '../spec/index.ts';
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

/** What the environment is computed from: a compiled workflow, or one being compiled. */
export type EnvironmentSource = Pick<CompiledWorkflow, 'name' | 'secrets' | 'config' | 'spec'>;

export function functionEnvironment(workflow: EnvironmentSource, fn: CompiledFunction, options: FunctionEnvironmentOptions): Record<string, string> {
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
export function declaredEnvironment(workflow: EnvironmentSource, fn: CompiledFunction): DeclaredEnvironment {
  return { ...workflow.spec.environment, ...taskStep(workflow, fn.stepName)?.environment };
}

function taskStep(workflow: EnvironmentSource, stepName: string): TaskStepSpec | undefined {
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

/** Lambda's cap on the total size of a function's environment variables (names and values). */
export const MAX_LAMBDA_ENV_BYTES = 4096;
// Deploy-time values are tokens at compile time: count them at the length they usually resolve to.
const TABLE_NAME_ESTIMATE = 'x'.repeat(64);
const APPCONFIG_ID_ESTIMATE = 'x'.repeat(7);
const NODE_OPTIONS_BYTES = 'NODE_OPTIONS'.length + '--enable-source-maps'.length;

/**
 * Functions whose environment would pass Lambda's 4 KB: the declared variables (an SSM or
 * import reference counted at its name's length, since its value is unknown until deployed)
 * plus the ones Aethon sets. Found at validate time instead of by a failed deploy.
 */
export function environmentSizeProblems(spec: WorkflowSpec, functions: readonly CompiledFunction[], pathOf: ReadonlyMap<string, SpecPath>): Diagnostic[] {
  const workflow: EnvironmentSource = { name: spec.name, secrets: spec.secrets ?? {}, config: spec.config, spec };
  const bytes = (env: Record<string, string>) => Object.entries(env).reduce((sum, [name, value]) => sum + Buffer.byteLength(name) + Buffer.byteLength(value), 0);
  return functions.flatMap((fn): Diagnostic[] => {
    const declared = declaredEnvironment(workflow, fn);
    const declaredBytes = bytes(Object.fromEntries(Object.entries(declared).map(([name, value]) => [name, typeof value === 'string' ? value : describeEnvironmentValue(value)])));
    const own = functionEnvironment(workflow, fn, {
      stage: 'prod',
      ...(fn.idempotency ? { idempotencyTable: TABLE_NAME_ESTIMATE } : {}),
      ...(spec.config ? { appConfig: { application: APPCONFIG_ID_ESTIMATE, environment: APPCONFIG_ID_ESTIMATE, profile: APPCONFIG_ID_ESTIMATE } } : {}),
    });
    const ownBytes = bytes(own) + NODE_OPTIONS_BYTES;
    if (declaredBytes === 0 || declaredBytes + ownBytes <= MAX_LAMBDA_ENV_BYTES) return [];
    const stepPath = pathOf.get(fn.stepName) ?? ['steps'];
    const stepDeclares = taskStep(workflow, fn.stepName)?.environment !== undefined;
    return [
      {
        code: 'environment-too-large',
        severity: 'error',
        message: `the environment of ${fn.role === 'task' ? 'step' : 'the compensation of'} '${fn.stepName}' would be about ${declaredBytes + ownBytes} bytes (declared ${declaredBytes}, Aethon's own ${ownBytes}); Lambda allows ${MAX_LAMBDA_ENV_BYTES} in total`,
        path: stepDeclares ? [...stepPath, 'environment'] : ['environment'],
        hint: 'keep large values out of environment variables: read them at run time from config (ctx.config) or a parameter',
      },
    ];
  });
}
