/**
 * Secrets Manager through Powertools Parameters, cached for `maxAgeSeconds` so a warm function
 * does not call (and pay for, and get throttled by) Secrets Manager on every invocation.
 * @see https://docs.aws.amazon.com/powertools/typescript/latest/features/parameters/
 */
import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { PermanentError, RetryableError } from '../errors.ts';
import type { SecretSource } from './SecretSource.ts';

export interface AwsSecretSourceOptions {
  /** How long a value is cached. @default 300 */
  readonly maxAgeSeconds?: number;
  /** A preconfigured client (tests, custom endpoints). @default a client from the Lambda environment */
  readonly client?: SecretsManagerClient;
}

/** Secrets Manager error names that mean the caller cannot fix it by waiting. */
const NOT_FOUND = new Set(['ResourceNotFoundException']);
const PERMANENT = new Set(['AccessDeniedException', 'InvalidRequestException', 'InvalidParameterException', 'DecryptionFailure']);

export function awsSecretSource(options: AwsSecretSourceOptions = {}): SecretSource {
  const provider = new SecretsProvider(options.client ? { awsSdkV3Client: options.client } : {});
  const maxAge = options.maxAgeSeconds ?? 300;
  return {
    async get(secretName, logicalName) {
      try {
        const value = await provider.get(secretName, { maxAge });
        if (value === undefined) return undefined;
        return typeof value === 'string' ? value : new TextDecoder().decode(value as Uint8Array);
      } catch (error) {
        // Powertools wraps the SDK error in GetParameterError; the SDK's name is on the cause.
        const sdkName = (error as Error).cause instanceof Error ? ((error as Error).cause as Error).name : (error as Error).name;
        if (NOT_FOUND.has(sdkName)) return undefined;
        const details = { resource: logicalName };
        if (PERMANENT.has(sdkName)) throw new PermanentError(`Secrets Manager refused secret '${logicalName}' (${secretName}): ${sdkName}`, details, { cause: error });
        throw new RetryableError(`Secrets Manager could not be read for secret '${logicalName}' (${secretName})`, details, { cause: error });
      }
    },
  };
}
