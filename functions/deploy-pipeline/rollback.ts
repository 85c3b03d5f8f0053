/** Compensation for deploy: puts the previous version back. */
import { compensation } from '../../lib/runtime/index.ts';

export const handler = compensation<{ service: string }, { deploymentId: string; previousVersion: string | null }, { rolledBackTo: string | null }>(
  async ({ input, result }, ctx) => {
    const { deploymentId, previousVersion } = result;
    await ctx.http.post(
      `${ctx.serviceUrl('DEPLOY_API_URL')}/deployments/${encodeURIComponent(deploymentId)}/rollback`,
      { service: input.service, to: previousVersion },
      { idempotencyKey: `rollback:${deploymentId}` },
    );
    return { rolledBackTo: previousVersion };
  },
);
