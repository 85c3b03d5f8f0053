/** Deploys the artifact once per (service, artifact) and remembers what ran before, for the rollback. */
import * as z from 'zod/mini';
import { step } from '../../lib/runtime/index.ts';

const Input = z.looseObject({ service: z.string().check(z.minLength(1)), artifact: z.string().check(z.minLength(1)) });

export const handler = step({ input: Input }, async ({ service, artifact }, ctx): Promise<{ deploymentId: string; previousVersion: string | null }> => {
  const deployment = await ctx.http.post<{ id?: string; previousVersion?: string }>(`${ctx.serviceUrl('DEPLOY_API_URL')}/deployments`, { service, artifact }, { idempotencyKey: true });
  return { deploymentId: String(deployment.id ?? ''), previousVersion: deployment.previousVersion ?? null };
});
