/** Handler references in workflow files: `functions/billing/charge.ts` or `...charge.ts#chargeCard`. */
import { resolve } from 'node:path';

export interface HandlerRef {
  /** The file, relative to the project root, as written. */
  readonly file: string;
  readonly exportName: string;
}

export function parseHandlerRef(ref: string): HandlerRef {
  const [file, exportName] = ref.split('#');
  return { file: file!, exportName: exportName ?? 'handler' };
}

export function handlerPath(projectRoot: string, ref: string): string {
  return resolve(projectRoot, parseHandlerRef(ref).file);
}
