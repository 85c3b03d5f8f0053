/**
 * The function environment (see lib/contracts/functionEnvironment.ts) read once into a typed
 * object. Reading through this one place keeps the variable names in the shared contract.
 */
import { DEFAULT_CONFIG_MAX_AGE_SECONDS, FunctionEnv, PowertoolsEnv } from '../contracts/functionEnvironment.ts';
import { PermanentError } from './errors.ts';

/** What the runtime knows about the function it runs in. */
export interface RuntimeEnv {
  readonly workflow: string;
  readonly step: string;
  readonly role: 'task' | 'compensation';
  readonly stage: string;
  /** The state's TimeoutSeconds. @default 30 */
  readonly timeoutSeconds: number;
  readonly serviceName: string;
  /** @default 'Aethon' */
  readonly metricsNamespace: string;
  /** @default 'INFO' */
  readonly logLevel: string;
  readonly idempotency?: { readonly table: string; readonly key: string; readonly ttlSeconds: number; readonly validate?: string };
  /** Logical secret name -> Secrets Manager name. @default {} */
  readonly secrets: Readonly<Record<string, string>>;
  readonly appConfig?: { readonly application: string; readonly environment: string; readonly profile: string };
  /** @default 30 */
  readonly configMaxAgeSeconds: number;
  /** The config JSON Schema, when it fitted into the environment. */
  readonly configSchema?: object;
  /** Local runs only: the project's .aethon folder. */
  readonly localDir?: string;
  /** Local runs only: dynalite's endpoint. */
  readonly dynamodbEndpoint?: string;
}

const DEFAULT_TIMEOUT_SECONDS = 30;
/** An idempotency record without a declared TTL lives as long as Powertools' default. */
const DEFAULT_IDEMPOTENCY_TTL_SECONDS = 3600;

/** Reads the function environment; a malformed value is a PermanentError naming the variable. */
export function readRuntimeEnv(env: NodeJS.ProcessEnv = process.env): RuntimeEnv {
  const get = (name: string): string | undefined => (env[name]?.trim() ? env[name]!.trim() : undefined);
  const workflow = get(FunctionEnv.WORKFLOW) ?? 'unknown-workflow';
  const idempotencyTable = get(FunctionEnv.IDEMPOTENCY_TABLE);
  const idempotencyKey = get(FunctionEnv.IDEMPOTENCY_KEY);
  const application = get(FunctionEnv.APPCONFIG_APPLICATION);
  const environment = get(FunctionEnv.APPCONFIG_ENVIRONMENT);
  const profile = get(FunctionEnv.APPCONFIG_PROFILE);
  const schema = get(FunctionEnv.CONFIG_SCHEMA);
  const localDir = get(FunctionEnv.LOCAL_DIR);
  const dynamodbEndpoint = get(FunctionEnv.DYNAMODB_ENDPOINT);
  return {
    workflow,
    step: get(FunctionEnv.STEP) ?? 'unknown-step',
    role: get(FunctionEnv.ROLE) === 'compensation' ? 'compensation' : 'task',
    stage: get(FunctionEnv.STAGE) ?? 'local',
    timeoutSeconds: positiveNumber(get(FunctionEnv.TIMEOUT_SECONDS), FunctionEnv.TIMEOUT_SECONDS) ?? DEFAULT_TIMEOUT_SECONDS,
    serviceName: get(PowertoolsEnv.SERVICE_NAME) ?? workflow,
    metricsNamespace: get(PowertoolsEnv.METRICS_NAMESPACE) ?? 'Aethon',
    logLevel: get(PowertoolsEnv.LOG_LEVEL) ?? 'INFO',
    ...(idempotencyTable && idempotencyKey
      ? {
          idempotency: {
            table: idempotencyTable,
            key: idempotencyKey,
            ttlSeconds: positiveNumber(get(FunctionEnv.IDEMPOTENCY_TTL_SECONDS), FunctionEnv.IDEMPOTENCY_TTL_SECONDS) ?? DEFAULT_IDEMPOTENCY_TTL_SECONDS,
            ...(get(FunctionEnv.IDEMPOTENCY_VALIDATE) ? { validate: get(FunctionEnv.IDEMPOTENCY_VALIDATE)! } : {}),
          },
        }
      : {}),
    secrets: jsonObject(get(FunctionEnv.SECRETS), FunctionEnv.SECRETS) as Record<string, string>,
    ...(application && environment && profile ? { appConfig: { application, environment, profile } } : {}),
    configMaxAgeSeconds: positiveNumber(get(FunctionEnv.CONFIG_MAX_AGE_SECONDS), FunctionEnv.CONFIG_MAX_AGE_SECONDS) ?? DEFAULT_CONFIG_MAX_AGE_SECONDS,
    ...(schema ? { configSchema: jsonObject(schema, FunctionEnv.CONFIG_SCHEMA) } : {}),
    ...(localDir ? { localDir } : {}),
    ...(dynamodbEndpoint ? { dynamodbEndpoint } : {}),
  };
}

function positiveNumber(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new PermanentError(`${name} must be a positive number of seconds, not '${value}'`, { resource: name });
  return n;
}

function jsonObject(value: string | undefined, name: string): object {
  if (value === undefined) return {};
  try {
    const parsed: unknown = JSON.parse(value);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed;
  } catch {
    // Reported below with the variable's name; the parser's message adds nothing actionable.
  }
  throw new PermanentError(`${name} must hold a JSON object`, { resource: name });
}
