/** Compensation for chargeSetupFee: refunds the charge when a later step failed. */
import { compensation } from '../../lib/runtime/index.ts';

export const handler = compensation<{ userId: string }, { chargeId: string }, { refunded: string }>(async ({ result, error }, ctx) => {
  const apiKey = await ctx.secret('paymentsApiKey');
  await ctx.http.post(
    `${ctx.serviceUrl('PAYMENTS_API_URL')}/refunds`,
    { charge: result.chargeId, reason: error?.Error ?? 'onboarding failed' },
    { headers: { authorization: `Bearer ${apiKey}` }, idempotencyKey: `refund:${result.chargeId}` },
  );
  return { refunded: result.chargeId };
});
