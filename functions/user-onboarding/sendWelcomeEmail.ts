/** Sends the welcome email, once per user: the step is idempotent by userId, and so is the request. */
import * as z from 'zod/mini';
import { step } from '../../lib/runtime/index.ts';

const Input = z.looseObject({ userId: z.string().check(z.minLength(1)), email: z.email(), name: z.string().check(z.minLength(1)) });

export const handler = step({ input: Input }, async ({ email, name }, ctx): Promise<{ messageId: string }> => {
  const apiKey = await ctx.secret('emailApiKey');
  const sent = await ctx.http.post<{ messageId?: string }>(
    `${ctx.serviceUrl('EMAIL_API_URL')}/send`,
    { to: email, template: 'welcome', variables: { name } },
    { headers: { authorization: `Bearer ${apiKey}` }, idempotencyKey: true },
  );
  return { messageId: String(sent.messageId ?? '') };
});
