/** Loads one transformed file into the warehouse, once: the file id is the step's idempotency key. */
import * as z from 'zod/mini';
import { step } from '../../lib/runtime/index.ts';

const Input = z.object({ fileId: z.string().check(z.minLength(1)), table: z.string().check(z.minLength(1)), targetKey: z.string().check(z.minLength(1)), sizeBytes: z.optional(z.number()) });

export const handler = step({ input: Input }, async ({ fileId, table, targetKey }, ctx): Promise<{ fileId: string; rows: number }> => {
  const result = await ctx.http.post<{ rows?: number }>(`${ctx.serviceUrl('WAREHOUSE_API_URL')}/loads`, { table, key: targetKey }, { idempotencyKey: true });
  return { fileId, rows: Number(result.rows ?? 0) };
});
