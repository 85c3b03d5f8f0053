/**
 * Secrets for local runs, from the environment or from `<localDir>/secrets.json`.
 *
 * Lookup order for a secret with logical name `partnerApiKey` and Secrets Manager name
 * `aethon/partner-api-key`:
 * 1. environment variable `AETHON_SECRET_PARTNER_API_KEY` (the logical name in UPPER_SNAKE_CASE);
 * 2. `secrets.json` key `"aethon/partner-api-key"` (the Secrets Manager name, so one file serves
 *    every workflow, as one account's Secrets Manager does);
 * 3. `secrets.json` key `"partnerApiKey"`.
 *
 * Layout of `<localDir>/secrets.json` (keep it out of version control):
 * ```json
 * { "aethon/partner-api-key": "pk_live_...", "aethon/payments-api-key": "sk_test_..." }
 * ```
 * Values are strings; a JSON object secret is stored as its JSON text, as Secrets Manager does.
 * The file is re-read when it changes, so a secret can be added without restarting the engine.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PermanentError } from '../errors.ts';
import type { SecretSource } from './SecretSource.ts';

/** The file name under the local dir. */
export const LOCAL_SECRETS_FILE = 'secrets.json';

/** `partnerApiKey` -> `AETHON_SECRET_PARTNER_API_KEY`. */
export function secretEnvVariable(logicalName: string): string {
  const snake = logicalName.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/[^A-Za-z0-9]+/g, '_');
  return `AETHON_SECRET_${snake.toUpperCase()}`;
}

export interface LocalSecretSourceOptions {
  /** The project's .aethon folder; without it only the environment is read. */
  readonly localDir?: string;
  /** @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

export function localSecretSource(options: LocalSecretSourceOptions): SecretSource {
  const env = options.env ?? process.env;
  const file = options.localDir ? join(options.localDir, LOCAL_SECRETS_FILE) : undefined;
  let cache: { stamp: string; values: Record<string, unknown> } | undefined;

  function readFile(): Record<string, unknown> {
    if (!file) return {};
    let stamp: string;
    try {
      const stat = statSync(file);
      stamp = `${stat.mtimeMs}:${stat.size}:${stat.ino}`;
    } catch {
      return {};
    }
    if (cache?.stamp === stamp) return cache.values;
    let values: unknown;
    try {
      values = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      // Never echo the file's content: it is made of secrets.
      throw new PermanentError(`${file} is not valid JSON (${(error as Error).name}); it must map secret names to string values`, { resource: file });
    }
    if (!values || typeof values !== 'object' || Array.isArray(values)) throw new PermanentError(`${file} must hold a JSON object of secret names to values`, { resource: file });
    cache = { stamp, values: values as Record<string, unknown> };
    return cache.values;
  }

  return {
    async get(secretName, logicalName) {
      const fromEnv = env[secretEnvVariable(logicalName)];
      if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
      const values = readFile();
      const value = values[secretName] ?? values[logicalName];
      if (value === undefined || value === null) return undefined;
      return typeof value === 'string' ? value : JSON.stringify(value);
    },
  };
}
