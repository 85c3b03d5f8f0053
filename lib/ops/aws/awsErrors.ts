/**
 * AWS errors turned into messages that say what to do. The SDK already retries throttling with
 * backoff (standard retry mode); an error that reaches here has exhausted those retries.
 */
import { AwsOperationError, NotFoundError, OpsError } from '../errors.ts';

/** What was being attempted, for the message. */
export interface AwsCallContext {
  /** e.g. `StartExecution on deploy-pipeline`. */
  readonly action: string;
  /** The resource named in the request, e.g. a state machine ARN. */
  readonly resource?: string;
}

const THROTTLING = new Set(['ThrottlingException', 'TooManyRequestsException', 'ThrottledException', 'RequestLimitExceeded', 'Throttling']);

/** Translates any error of an AWS call; OpsErrors pass through unchanged. */
export function translateAwsError(error: unknown, context: AwsCallContext): OpsError {
  if (error instanceof OpsError) return error;
  const name = (error as { name?: string })?.name ?? 'Error';
  const message = (error as { message?: string })?.message ?? String(error);
  const on = context.resource ? ` (${context.resource})` : '';
  if (name === 'CredentialsProviderError' || /could not (load|resolve) credentials/i.test(message)) {
    return new AwsOperationError(
      `${context.action}: no AWS credentials (${message}). Set AWS_PROFILE to a profile in ~/.aws/config (and run 'aws sso login' if it uses SSO), or set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY.`,
      name,
      { cause: error },
    );
  }
  if (THROTTLING.has(name)) {
    return new AwsOperationError(`${context.action}: AWS throttled the request${on} even after retrying; wait a few seconds and run the command again.`, name, { cause: error });
  }
  if (name === 'StateMachineDoesNotExist') {
    return new AwsOperationError(
      `${context.action}: the state machine${on} does not exist. Is this stage deployed ('npx cdk deploy --outputs-file cdk-outputs.json'), and are the region and cdk-outputs.json (or --state-machine-arn) current?`,
      name,
      { cause: error },
    );
  }
  if (name === 'ExecutionDoesNotExist') return new NotFoundError(`${context.action}: no such execution${on}`, { cause: error });
  if (name === 'ResourceNotFoundException') {
    return new AwsOperationError(`${context.action}: AWS found no such resource${on}: ${message}. Is the stage deployed, and are cdk-outputs.json and the region current?`, name, { cause: error });
  }
  if (name === 'AccessDeniedException' || name === 'UnrecognizedClientException' || name === 'ExpiredTokenException') {
    return new AwsOperationError(`${context.action}: AWS refused the credentials in use (${name}: ${message}); check AWS_PROFILE and its permissions.`, name, { cause: error });
  }
  return new AwsOperationError(`${context.action} failed${on}: ${name}: ${message}`, name, { cause: error });
}

/** Runs one AWS call, translating its error. */
export async function awsCall<T>(context: AwsCallContext, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw translateAwsError(error, context);
  }
}
