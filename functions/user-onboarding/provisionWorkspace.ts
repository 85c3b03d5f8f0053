/** Provisions the user's workspace; the last step, whose failure triggers the refund. */
import { requestJson, serviceUrl, type TaskPayload } from '../../lib/runtime/index.ts';

export async function handler(event: TaskPayload<{ userId: string }>): Promise<{ workspaceId: string }> {
  const workspace = await requestJson<{ id?: string }>(`${serviceUrl('WORKSPACES_API_URL')}/workspaces`, {
    body: { owner: event.input.userId, plan: process.env.PLAN ?? 'team' },
    idempotencyKey: `workspace:${event.input.userId}`,
  });
  return { workspaceId: String(workspace.id ?? '') };
}
