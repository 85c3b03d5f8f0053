/** Tells the data team what the night's run loaded. */
import { requestJson, serviceUrl, type TaskPayload } from '../../lib/runtime/index.ts';

export async function handler(event: TaskPayload<{ date: string; loaded: number; rows: number }>): Promise<{ notified: boolean }> {
  const { date, loaded, rows } = event.input;
  await requestJson(`${serviceUrl('NOTIFY_API_URL')}/messages`, {
    body: { channel: process.env.NOTIFY_CHANNEL ?? '#data-eng', text: `nightly-etl ${date}: ${loaded} files, ${rows} rows loaded` },
    idempotencyKey: `${event.context.executionId}:notify`,
  });
  return { notified: true };
}
