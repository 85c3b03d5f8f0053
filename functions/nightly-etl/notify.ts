/** Tells the data team what the night's run loaded, on the channel the dynamic config names. */
import * as z from 'zod/mini';
import { step } from '../../lib/runtime/index.ts';

const Input = z.object({ date: z.string(), loaded: z.number(), rows: z.number() });

export const handler = step({ input: Input }, async ({ date, loaded, rows }, ctx): Promise<{ notified: boolean }> => {
  const { notifyChannel } = await ctx.config<{ notifyChannel: string }>({ notifyChannel: '#data-eng' });
  await ctx.http.post(
    `${ctx.serviceUrl('NOTIFY_API_URL')}/messages`,
    { channel: notifyChannel, text: `nightly-etl ${date}: ${loaded} files, ${rows} rows loaded` },
    // One message per execution, however often this state is retried.
    { idempotencyKey: `${ctx.execution.executionId}:notify` },
  );
  return { notified: true };
});
