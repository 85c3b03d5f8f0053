/** Lists the partner's files for a date. The partner API answers 503 at times; that is retried. */
import * as z from 'zod/mini';
import { PermanentError, step } from '../../lib/runtime/index.ts';

export interface PartnerFile {
  readonly id: string;
  readonly name: string;
  readonly sizeBytes: number;
}

const Input = z.nullish(z.object({ date: z.optional(z.iso.date()) }));

export const handler = step({ input: Input }, async (input, ctx): Promise<{ date: string; files: PartnerFile[] }> => {
  // A scheduled run has no date of its own: it processes the day the execution started.
  const date = input?.date ?? ctx.execution.executionStartTime.slice(0, 10);
  const apiKey = await ctx.secret('partnerApiKey');
  const body = await ctx.http.get<{ files?: unknown }>(`${ctx.serviceUrl('PARTNER_API_URL')}/files?date=${encodeURIComponent(date)}`, {
    headers: { 'x-api-key': apiKey },
  });
  if (!Array.isArray(body.files)) throw new PermanentError("the partner API's answer has no 'files' list");
  ctx.logger.info('partner files listed', { date, count: body.files.length });
  return { date, files: body.files.map(toPartnerFile) };
});

function toPartnerFile(raw: unknown, index: number): PartnerFile {
  const file = raw as Partial<PartnerFile> | null;
  if (!file || typeof file.id !== 'string' || typeof file.name !== 'string') {
    throw new PermanentError(`file ${index} in the partner's list has no id or name`);
  }
  return { id: file.id, name: file.name, sizeBytes: Number(file.sizeBytes ?? 0) };
}
