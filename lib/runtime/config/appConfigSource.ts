/**
 * AppConfig through Powertools Parameters' AppConfigProvider (AppConfig Data API sessions), with
 * the provider's cache: a warm function asks AppConfig at most once per `maxAgeSeconds`, and an
 * incident change reaches every function within that time.
 * @see https://docs.aws.amazon.com/powertools/typescript/latest/features/parameters/#fetching-appconfig
 */
import { AppConfigProvider } from '@aws-lambda-powertools/parameters/appconfig';
import type { AppConfigDataClient } from '@aws-sdk/client-appconfigdata';
import type { ConfigRead, ConfigSource } from './ConfigSource.ts';

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
  // Fetched without Powertools' JSON transform: a document that is not JSON would make the
  // transform throw before anything is cached, and every read would fetch (and report) it again.
  // The raw bytes are cached for maxAge; parsing happens here, once per distinct text, and the text
  // is the version, so DynamicConfig reports a bad document once.
  let last: { readonly text: string; readonly read: ConfigRead } | undefined;
  const decoder = new TextDecoder();
  return {
    description: `AppConfig ${options.application}/${options.environment}/${options.profile}`,
    async read() {
      const raw = await provider.get(options.profile, { maxAge });
      if (raw === undefined) return undefined;
      const text = typeof raw === 'string' ? raw : decoder.decode(raw as Uint8Array);
      if (last?.text !== text) last = { text, read: parse(text) };
      return last.read;
    },
  };
}

function parse(text: string): ConfigRead {
  try {
    return { document: JSON.parse(text) as unknown, version: text };
  } catch {
    return { problem: 'the document is not JSON', version: text };
  }
}
