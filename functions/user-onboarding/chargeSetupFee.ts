/** Charges the setup fee with a client-side idempotency key, so a retry never charges twice. */
import { PermanentError, requestJson, serviceUrl, type TaskPayload } from '../../lib/runtime/index.ts';

export async function handler(event: TaskPayload<{ userId: string }>): Promise<{ chargeId: string; amountCents: number }> {
  const amountCents = Number(process.env.SETUP_FEE_CENTS ?? 4900);
  const charge = await requestJson<{ id?: string }>(`${serviceUrl('PAYMENTS_API_URL')}/charges`, {
    headers: { authorization: `Bearer ${process.env.PAYMENTS_API_KEY ?? ''}` },
    body: { customer: event.input.userId, amountCents, currency: process.env.CURRENCY ?? 'EUR', description: 'Setup fee' },
    idempotencyKey: `setup-fee:${event.input.userId}`,
  });
  if (!charge.id) throw new PermanentError('the payments API accepted the charge but returned no id');
  return { chargeId: charge.id, amountCents };
}
