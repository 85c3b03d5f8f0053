/** Sends the welcome email, once per user. */
import { requestJson, serviceUrl, type TaskPayload } from '../../lib/runtime/index.ts';

export async function handler(event: TaskPayload<{ userId: string; email: string; name: string }>): Promise<{ messageId: string }> {
  const { userId, email, name } = event.input;
  const sent = await requestJson<{ messageId?: string }>(`${serviceUrl('EMAIL_API_URL')}/send`, {
    headers: { authorization: `Bearer ${process.env.EMAIL_API_KEY ?? ''}` },
    body: { to: email, template: 'welcome', variables: { name } },
    idempotencyKey: `welcome:${userId}`,
  });
  return { messageId: String(sent.messageId ?? '') };
}
