/** Charges the setup fee with the step's idempotency key, so a retry never charges twice. */
import * as z from 'zod/mini';
import { PermanentError, step } from '../../lib/runtime/index.ts';

const Input = z.looseObject({ userId: z.string().check(z.minLength(1)) });

export const handler = step({ input: Input }, async ({ userId }, ctx): Promise<{ chargeId: string; amountCents: number }> => {
  const { setupFeeCents, currency } = await ctx.config<{ setupFeeCents: number; currency: string }>({ setupFeeCents: 4900, currency: 'EUR' });
  const apiKey = await ctx.secret('paymentsApiKey');
  const charge = await ctx.http.post<{ id?: string }>(
    `${ctx.serviceUrl('PAYMENTS_API_URL')}/charges`,
    { customer: userId, amountCents: setupFeeCents, currency, description: 'Setup fee' },
    { headers: { authorization: `Bearer ${apiKey}` }, idempotencyKey: true },
  );
  if (!charge.id) throw new PermanentError('the payments API accepted the charge but returned no id');
  return { chargeId: charge.id, amountCents: setupFeeCents };
});
