/** Lists the partner's files for a date. The partner API answers 503 at times; that is retried. */
import { PermanentError, requestJson, serviceUrl, type TaskPayload } from '../../lib/runtime/index.ts';

export interface PartnerFile {
  readonly id: string;
  readonly name: string;
  readonly sizeBytes: number;
}

export async function handler(event: TaskPayload<{ date?: string }>): Promise<{ date: string; files: PartnerFile[] }> {
  const date = event.input?.date ?? event.context.executionStartTime.slice(0, 10);
  const apiKey = process.env.PARTNER_API_KEY;
  if (!apiKey) throw new PermanentError('the partner API key is missing (secret partnerApiKey)');
  const body = await requestJson<{ files?: unknown }>(`${serviceUrl('PARTNER_API_URL')}/files?date=${encodeURIComponent(date)}`, {
    headers: { 'x-api-key': apiKey },
  });
  if (!Array.isArray(body.files)) throw new PermanentError("the partner API's answer has no 'files' list");
  return { date, files: body.files.map(toPartnerFile) };
}

function toPartnerFile(raw: unknown, index: number): PartnerFile {
  const file = raw as Partial<PartnerFile> | null;
  if (!file || typeof file.id !== 'string' || typeof file.name !== 'string') {
    throw new PermanentError(`file ${index} in the partner's list has no id or name`);
  }
  return { id: file.id, name: file.name, sizeBytes: Number(file.sizeBytes ?? 0) };
}
