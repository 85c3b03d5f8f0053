/** Compensation for createUser: deactivates the account when onboarding cannot finish. */
import { compensation } from '../../lib/runtime/index.ts';

export const handler = compensation<unknown, { userId: string }, { deactivated: string }>(async ({ result }, ctx) => {
  const { userId } = result;
  await ctx.http.post(`${ctx.serviceUrl('ACCOUNTS_API_URL')}/users/${encodeURIComponent(userId)}/deactivate`, {}, { idempotencyKey: `deactivate:${userId}` });
  return { deactivated: userId };
});
