/** Compensation for createUser: deactivates the account when onboarding cannot finish. */
import { requestJson, serviceUrl } from '../../lib/runtime/index.ts';

export async function handler(event: { result: { userId: string } }): Promise<{ deactivated: string }> {
  const { userId } = event.result;
  await requestJson(`${serviceUrl('ACCOUNTS_API_URL')}/users/${encodeURIComponent(userId)}/deactivate`, { method: 'POST', body: {}, idempotencyKey: `deactivate:${userId}` });
  return { deactivated: userId };
}
