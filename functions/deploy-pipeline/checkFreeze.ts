/** Reads the freeze flag from dynamic configuration, so an incident can stop deploys in seconds. */
import { step } from '../../lib/runtime/index.ts';

export const handler = step(async (_input: unknown, ctx): Promise<{ frozen: boolean; reason?: string }> => {
  const config = await ctx.config<{ deploysFrozen: boolean; freezeReason?: string }>({ deploysFrozen: false });
  if (!config.deploysFrozen) return { frozen: false };
  ctx.logger.warn('deploys are frozen by configuration', { reason: config.freezeReason });
  return { frozen: true, reason: config.freezeReason ?? 'no reason given' };
});
