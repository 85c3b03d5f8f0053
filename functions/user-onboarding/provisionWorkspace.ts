/** Provisions the user's workspace on the configured plan; the last step, whose failure triggers the refund. */
import * as z from 'zod/mini';
import { step } from '../../lib/runtime/index.ts';

const Input = z.looseObject({ userId: z.string().check(z.minLength(1)) });

export const handler = step({ input: Input }, async ({ userId }, ctx): Promise<{ workspaceId: string }> => {
  const { plan } = await ctx.config<{ plan: string }>({ plan: 'team' });
  const workspace = await ctx.http.post<{ id?: string }>(`${ctx.serviceUrl('WORKSPACES_API_URL')}/workspaces`, { owner: userId, plan }, { idempotencyKey: `workspace:${userId}` });
  return { workspaceId: String(workspace.id ?? '') };
});
