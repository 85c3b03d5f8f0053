/** Compensation for deploy: puts the previous version back. */
import { requestJson, serviceUrl } from '../../lib/runtime/index.ts';

export async function handler(event: { input: { service: string }; result: { deploymentId: string; previousVersion: string | null } }): Promise<{ rolledBackTo: string | null }> {
  const { service } = event.input;
  const { deploymentId, previousVersion } = event.result;
  await requestJson(`${serviceUrl('DEPLOY_API_URL')}/deployments/${encodeURIComponent(deploymentId)}/rollback`, {
    body: { service, to: previousVersion },
    idempotencyKey: `rollback:${deploymentId}`,
  });
  return { rolledBackTo: previousVersion };
}
