/**
 * The workflow's dynamic configuration as the handler sees it. The engine or the Lambda
 * environment hands it over as JSON in AETHON_CONFIG; an unreadable document is an error that
 * names itself, never a silent default.
 */
import { AethonErrors } from '../contracts/aethonErrors.ts';

export class ConfigInvalidError extends Error {
  override readonly name = AethonErrors.CONFIG_INVALID;
}

export function readConfig<T extends Record<string, unknown>>(fallback: T): T {
  const raw = process.env.AETHON_CONFIG;
  if (raw === undefined || raw.trim() === '') return fallback;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    throw new ConfigInvalidError(`AETHON_CONFIG is not JSON: ${(error as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new ConfigInvalidError('AETHON_CONFIG must be a JSON object');
  return { ...fallback, ...(parsed as Partial<T>) };
}
