/** The environment and context a local Lambda function sees, as the Lambda service builds them. */
import { randomBytes } from 'node:crypto';
import { basename, dirname, extname } from 'node:path';
import type { ResolvedFunction } from './functionResolver.ts';
import { reservedEnvReason } from '../../contracts/functionEnvironment.ts';
import type { LambdaInvokerOptions, LocalFunctionConfig } from './types.ts';

/** Variables copied from the engine's environment when `inheritEnv` is not set. */
export const DEFAULT_INHERITED_ENV = ['PATH', 'HOME', 'TMPDIR', 'TZ', 'LANG', 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'];

/** The Lambda context fields of an invocation. */
export function contextFor(target: ResolvedFunction, qualifier: string | undefined, region: string, accountId: string) {
  const { functionName } = target.config;
  const arn = `arn:aws:lambda:${region}:${accountId}:function:${functionName}`;
  return {
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: qualifier === undefined || qualifier === '$LATEST' ? arn : `${arn}:${qualifier}`,
    memoryLimitInMB: String(target.config.memoryMb ?? 128),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: logStreamName(),
  };
}

function logStreamName(): string {
  const day = new Date().toISOString().slice(0, 10).replaceAll('-', '/');
  return `${day}/[$LATEST]${randomBytes(16).toString('hex')}`;
}

/** The worker's whole environment: nothing from the engine but `inheritEnv` leaks in. */
export function lambdaEnvironment(
  config: LocalFunctionConfig,
  options: LambdaInvokerOptions,
  region: string,
  memoryMb: number,
  bundleFile: string,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of options.inheritEnv ?? DEFAULT_INHERITED_ENV) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  const exportName = config.exportName ?? 'handler';
  return {
    ...env,
    ...options.sharedEnvironment,
    ...config.environment,
    // The engine's variables (--env, a test's service URLs) win over the workflow's declared
    // environment, but never over the names Aethon and Lambda reserve.
    ...overridable(options.sharedEnvironment),
    // Reserved in Lambda: a function cannot override them.
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs20.x',
    AWS_LAMBDA_FUNCTION_NAME: config.functionName,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(memoryMb),
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${config.functionName}`,
    // Where the code runs from, as on Lambda (/var/task/index.js): the bundle, so it agrees with __dirname.
    LAMBDA_TASK_ROOT: dirname(bundleFile),
    _HANDLER: `${basename(bundleFile, extname(bundleFile))}.${exportName}`,
  };
}

function overridable(shared: Readonly<Record<string, string>> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(shared ?? {}).filter(([name]) => reservedEnvReason(name) === undefined));
}
