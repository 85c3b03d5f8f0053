/**
 * What one wrapped handler keeps between invocations of a warm container: the logger, metrics,
 * redactor, config (with its last good value), secrets (with their cache) and idempotency store.
 * Built on the first invocation rather than at import, so module init stays cheap (cold start) and
 * tests can set the environment after importing a handler.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { AppConfigDataClient } from '@aws-sdk/client-appconfigdata';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Clock } from '../clock.ts';
import { systemClock } from '../clock.ts';
import type { ConfigSource } from '../config/ConfigSource.ts';
import { DynamicConfig } from '../config/DynamicConfig.ts';
import { localConfigSource } from '../config/localConfigSource.ts';
import { readRuntimeEnv, type RuntimeEnv } from '../env.ts';
import type { StepIdempotency } from '../idempotency/StepIdempotency.ts';
import { createStepLogger, toLogLevel } from '../logging/createStepLogger.ts';
import { StepMetrics } from '../metrics/StepMetrics.ts';
import { Redactor } from '../redact/Redactor.ts';
import { localSecretSource } from '../secrets/localSecretSource.ts';
import type { SecretSource } from '../secrets/SecretSource.ts';
import { StepSecrets } from '../secrets/StepSecrets.ts';

/** Dependencies a test or a bench may replace; production uses the defaults. */
export interface StepRuntimeOptions {
  /** @default process.env, read at the first invocation */
  readonly env?: NodeJS.ProcessEnv;
  /** @default systemClock */
  readonly clock?: Clock;
  /** How long secret values are cached on AWS. @default 300 */
  readonly secretsMaxAgeSeconds?: number;
  /** AWS SDK clients to use instead of default ones (tests, custom endpoints). */
  readonly clients?: {
    readonly secretsManager?: SecretsManagerClient;
    readonly appConfigData?: AppConfigDataClient;
    readonly dynamodb?: DynamoDBClient;
  };
}

export class StepRuntime {
  readonly env: RuntimeEnv;
  readonly clock: Clock;
  readonly redactor = new Redactor();
  readonly logger: Logger;
  readonly metrics: StepMetrics;
  readonly config: DynamicConfig;
  readonly secrets: StepSecrets;
  /** The level from the environment, restored when the dynamic config stops overriding it. */
  private readonly baseLogLevel: string;
  private idempotency: Promise<StepIdempotency> | undefined;
  private coldStart = true;

  constructor(private readonly options: StepRuntimeOptions = {}) {
    this.env = readRuntimeEnv(options.env ?? process.env);
    this.clock = options.clock ?? systemClock;
    this.baseLogLevel = toLogLevel(this.env.logLevel) ?? 'INFO';
    this.logger = createStepLogger({ serviceName: this.env.serviceName, logLevel: this.baseLogLevel, redactor: this.redactor });
    // POWERTOOLS_DEV (handy locally for readable logs) also switches Powertools Metrics off; locally
    // the EMF lines are what the engine keeps with the execution, so keep them on unless told off.
    if (this.env.localDir && process.env.POWERTOOLS_METRICS_DISABLED === undefined) process.env.POWERTOOLS_METRICS_DISABLED = 'false';
    this.metrics = new StepMetrics({ namespace: this.env.metricsNamespace, serviceName: this.env.serviceName, workflow: this.env.workflow, step: this.env.step });
    const schema = this.env.configSchema;
    const loadValidator = schema ? () => import('../config/validateConfig.ts').then(({ createConfigValidator }) => createConfigValidator(schema)) : undefined;
    this.config = new DynamicConfig(this.configSource(), loadValidator, this.logger);
    this.secrets = new StepSecrets(this.env.secrets, this.secretSource(), this.redactor, { workflow: this.env.workflow, step: this.env.step });
  }

  /** True on the first invocation of this container (and wrapper), false after. */
  takeColdStart(): boolean {
    const cold = this.coldStart;
    this.coldStart = false;
    return cold;
  }

  /** Applies the config's `logLevel`, when it names one; otherwise the environment's level. */
  applyLogLevel(document: Readonly<Record<string, unknown>>): void {
    const level = toLogLevel(document.logLevel) ?? this.baseLogLevel;
    if (this.logger.getLevelName() !== level) this.logger.setLogLevel(level as Parameters<Logger['setLogLevel']>[0]);
  }

  /**
   * The idempotency store, or undefined when the step declares no idempotency key. For a
   * compensation it is the record of the step it undoes, which it releases.
   */
  idempotencyStore(): Promise<StepIdempotency> | undefined {
    const spec = this.env.idempotency;
    if (!spec) return undefined;
    // Loaded on demand: steps without idempotency never pay for the DynamoDB client at init.
    this.idempotency ??= import('../idempotency/StepIdempotency.ts').then(
      ({ StepIdempotency }) =>
        new StepIdempotency({
          workflow: this.env.workflow,
          step: this.env.step,
          table: spec.table,
          key: spec.key,
          ...(spec.validate ? { validate: spec.validate } : {}),
          ttlSeconds: spec.ttlSeconds,
          logger: this.logger,
          ...(this.env.dynamodbEndpoint ? { endpoint: this.env.dynamodbEndpoint } : {}),
          ...(this.options.clients?.dynamodb ? { client: this.options.clients.dynamodb } : {}),
        }),
    );
    return this.idempotency;
  }

  private configSource(): ConfigSource | undefined {
    if (this.env.localDir) return localConfigSource(this.env.localDir, this.env.workflow);
    const appConfig = this.env.appConfig;
    if (!appConfig) return undefined;
    const client = this.options.clients?.appConfigData;
    const maxAgeSeconds = this.env.configMaxAgeSeconds;
    let source: Promise<ConfigSource> | undefined;
    // The Powertools provider (and its SDK client) is loaded on the first read, not at init.
    const load = () => (source ??= import('../config/appConfigSource.ts').then(({ appConfigSource }) => appConfigSource({ ...appConfig, maxAgeSeconds, ...(client ? { client } : {}) })));
    return {
      description: `AppConfig ${appConfig.application}/${appConfig.environment}/${appConfig.profile}`,
      read: async () => (await load()).read(),
    };
  }

  private secretSource(): SecretSource {
    if (this.env.localDir) return localSecretSource({ localDir: this.env.localDir, env: this.options.env ?? process.env });
    const client = this.options.clients?.secretsManager;
    const maxAgeSeconds = this.options.secretsMaxAgeSeconds ?? 300;
    let source: Promise<SecretSource> | undefined;
    const load = () => (source ??= import('../secrets/awsSecretSource.ts').then(({ awsSecretSource }) => awsSecretSource({ maxAgeSeconds, ...(client ? { client } : {}) })));
    return { get: async (secretName, logicalName) => (await load()).get(secretName, logicalName) };
  }
}
