/** Works out where a partner file lands in the warehouse and which table it feeds. */
import * as z from 'zod/mini';
import { PermanentError, step } from '../../lib/runtime/index.ts';

export interface TransformedFile {
  readonly fileId: string;
  readonly table: string;
  readonly targetKey: string;
  readonly sizeBytes: number;
}

const Input = z.object({
  date: z.string().check(z.minLength(1)),
  file: z.object({ id: z.string().check(z.minLength(1)), name: z.string().check(z.minLength(1)), sizeBytes: z._default(z.number().check(z.nonnegative()), 0) }),
});

export const handler = step({ input: Input }, async ({ date, file }): Promise<TransformedFile> => {
  const match = /^([a-z][a-z0-9_]*)[-_.]/i.exec(file.name);
  if (!match) throw new PermanentError(`cannot tell the table of file '${file.name}'; expected '<table>-<rest>'`);
  const table = match[1]!.toLowerCase();
  return { fileId: file.id, table, targetKey: `raw/${table}/dt=${date}/${file.id}.csv`, sizeBytes: file.sizeBytes };
});
