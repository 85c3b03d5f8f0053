/** Compensation for chargeSetupFee: refunds the charge when a later step failed. */
import { requestJson, serviceUrl } from '../../lib/runtime/index.ts';

export async function handler(event: { result: { chargeId: string }; error?: { Error?: string } }): Promise<{ refunded: string }> {
  const { chargeId } = event.result;
  await requestJson(`${serviceUrl('PAYMENTS_API_URL')}/refunds`, {
    headers: { authorization: `Bearer ${process.env.PAYMENTS_API_KEY ?? ''}` },
    body: { charge: chargeId, reason: event.error?.Error ?? 'onboarding failed' },
    idempotencyKey: `refund:${chargeId}`,
  });
  return { refunded: chargeId };
}
