/** Checks the deployed service's health; an unhealthy service fails the step and triggers the rollback. */
import { requestJson, RetryableError, serviceUrl, type TaskPayload } from '../../lib/runtime/index.ts';

export class VerificationFailedError extends Error {
  override readonly name = 'Aethon.VerificationFailed';
}

export async function handler(event: TaskPayload<{ service: string; deploymentId: string }>): Promise<{ healthy: true }> {
  const health = await requestJson<{ status?: string }>(`${serviceUrl('DEPLOY_API_URL')}/deployments/${encodeURIComponent(event.input.deploymentId)}/health`);
  if (health.status === 'starting') throw new RetryableError(`${event.input.service} is still starting`);
  if (health.status !== 'healthy') throw new VerificationFailedError(`${event.input.service} is ${health.status ?? 'in an unknown state'} after deploy`);
  return { healthy: true };
}
