/** Loads one transformed file into the warehouse; the file id is the idempotency key. */
import { requestJson, serviceUrl, type TaskPayload } from '../../lib/runtime/index.ts';
import type { TransformedFile } from './transformFile.ts';

export async function handler(event: TaskPayload<TransformedFile>): Promise<{ fileId: string; rows: number }> {
  const { fileId, table, targetKey } = event.input;
  const result = await requestJson<{ rows?: number }>(`${serviceUrl('WAREHOUSE_API_URL')}/loads`, {
    body: { table, key: targetKey },
    idempotencyKey: fileId,
  });
  return { fileId, rows: Number(result.rows ?? 0) };
}
