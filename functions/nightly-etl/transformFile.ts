/** Works out where a partner file lands in the warehouse and which table it feeds. */
import { PermanentError, type TaskPayload } from '../../lib/runtime/index.ts';
import type { PartnerFile } from './fetchFileList.ts';

export interface TransformedFile {
  readonly fileId: string;
  readonly table: string;
  readonly targetKey: string;
  readonly sizeBytes: number;
}

export async function handler(event: TaskPayload<{ date: string; file: PartnerFile }>): Promise<TransformedFile> {
  const { date, file } = event.input;
  const match = /^([a-z][a-z0-9_]*)[-_.]/i.exec(file.name);
  if (!match) throw new PermanentError(`cannot tell the table of file '${file.name}'; expected '<table>-<rest>'`);
  const table = match[1]!.toLowerCase();
  return { fileId: file.id, table, targetKey: `raw/${table}/dt=${date}/${file.id}.csv`, sizeBytes: file.sizeBytes };
}
