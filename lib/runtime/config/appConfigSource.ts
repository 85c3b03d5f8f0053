/**
 * AppConfig through Powertools Parameters' AppConfigProvider (AppConfig Data API sessions), with
 * the provider's cache: a warm function asks AppConfig at most once per `maxAgeSeconds`, and an
 * incident change reaches every function within that time.
 * @see https://docs.aws.amazon.com/powertools/typescript/latest/features/parameters/#fetching-appconfig
 */
import { AppConfigProvider } from '@aws-lambda-powertools/parameters/appconfig';
import type { AppConfigDataClient } from '@aws-sdk/client-appconfigdata';
import type { ConfigSource } from './ConfigSource.ts';

export interface AppConfigSourceOptions {
  readonly application: string;
  readonly environment: string;
  readonly profile: string;
  /** @default 30 */
  readonly maxAgeSeconds?: number;
  /** @default a client from the Lambda environment */
  readonly client?: AppConfigDataClient;
}

export function appConfigSource(options: AppConfigSourceOptions): ConfigSource {
  const provider = new AppConfigProvider({
    application: options.application,
    environment: options.environment,
    ...(options.client ? { awsSdkV3Client: options.client } : {}),
  });
  const maxAge = options.maxAgeSeconds ?? 30;
  return {
    description: `AppConfig ${options.application}/${options.environment}/${options.profile}`,
    async read() {
      try {
        // Within maxAge the provider returns the very same object, which DynamicConfig uses to
        // skip validating a document it has already judged.
        const document = await provider.get(options.profile, { maxAge, transform: 'json' });
        return document === undefined ? undefined : { document, version: document };
      } catch (error) {
        if ((error as Error).name === 'TransformParameterError') return { problem: 'the document is not JSON', version: error };
        throw error;
      }
    },
  };
}
