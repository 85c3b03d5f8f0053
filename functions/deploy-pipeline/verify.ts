/** Checks the deployed service's health; an unhealthy service fails the step and triggers the rollback. */
import * as z from 'zod/mini';
import { RetryableError, step } from '../../lib/runtime/index.ts';

/** The deployed service answers but is not healthy: a workflow-level failure that triggers the rollback. */
export class VerificationFailedError extends Error {
  override readonly name = 'Aethon.VerificationFailed';
}

const Input = z.looseObject({ service: z.string().check(z.minLength(1)), deploymentId: z.string().check(z.minLength(1)) });

export const handler = step({ input: Input }, async ({ service, deploymentId }, ctx): Promise<{ healthy: true }> => {
  const health = await ctx.http.get<{ status?: string }>(`${ctx.serviceUrl('DEPLOY_API_URL')}/deployments/${encodeURIComponent(deploymentId)}/health`);
  if (health.status === 'starting') throw new RetryableError(`${service} is still starting`);
  if (health.status !== 'healthy') throw new VerificationFailedError(`${service} is ${health.status ?? 'in an unknown state'} after deploy`);
  return { healthy: true };
});
