/** Deploys the artifact and remembers what was running before, for the rollback. */
import { requestJson, serviceUrl, type TaskPayload } from '../../lib/runtime/index.ts';

export async function handler(event: TaskPayload<{ service: string; artifact: string }>): Promise<{ deploymentId: string; previousVersion: string | null }> {
  const { service, artifact } = event.input;
  const deployment = await requestJson<{ id?: string; previousVersion?: string }>(`${serviceUrl('DEPLOY_API_URL')}/deployments`, {
    body: { service, artifact },
    idempotencyKey: `deploy:${service}:${artifact}`,
  });
  return { deploymentId: String(deployment.id ?? ''), previousVersion: deployment.previousVersion ?? null };
}
