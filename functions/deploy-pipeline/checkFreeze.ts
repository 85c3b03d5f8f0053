/** Reads the freeze flag from dynamic configuration, so an incident can stop deploys in seconds. */
import { readConfig } from '../../lib/runtime/index.ts';

export async function handler(): Promise<{ frozen: boolean; reason?: string }> {
  const config = readConfig({ deploysFrozen: false as boolean, freezeReason: undefined as string | undefined });
  return config.deploysFrozen ? { frozen: true, reason: config.freezeReason ?? 'no reason given' } : { frozen: false };
}
