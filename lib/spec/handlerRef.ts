/** Handler references in workflow files: `functions/billing/charge.ts` or `...charge.ts#chargeCard`. */
import { realpathSync } from 'node:fs';
import { isAbsolute, posix, relative, resolve, sep } from 'node:path';

export interface HandlerRef {
  /** The file, relative to the project root, as written. */
  readonly file: string;
  readonly exportName: string;
}

export function parseHandlerRef(ref: string): HandlerRef {
  const [file, exportName] = ref.split('#');
  return { file: file!, exportName: exportName ?? 'handler' };
}

/**
 * The absolute path of a handler file. Every engine resolves handlers through this one function
 * (validate, the local engine, the CDK entry), so a path means the same file everywhere.
 * Only meaningful for a reference {@link handlerOutsideProject} accepts.
 */
export function handlerPath(projectRoot: string, ref: string): string {
  return resolve(projectRoot, parseHandlerRef(ref).file);
}

/**
 * Why a handler file is outside the project, or undefined when it is inside. A handler is code
 * that Aethon bundles into a Lambda and runs locally: it must come from the project, never from
 * `../..`, an absolute path or a symbolic link that leads out of it.
 */
export function handlerOutsideProject(projectRoot: string, ref: string): string | undefined {
  const { file } = parseHandlerRef(ref);
  if (isAbsolute(file) || /^[A-Za-z]:[\\/]/.test(file)) return `'${file}' is an absolute path`;
  const normalized = posix.normalize(file.replaceAll('\\', '/'));
  if (normalized === '..' || normalized.startsWith('../')) return `'${file}' leads outside the project`;
  // A symbolic link is followed only when both exist; a missing file is reported elsewhere.
  let real: string;
  let root: string;
  try {
    real = realpathSync(handlerPath(projectRoot, ref));
    root = realpathSync(projectRoot);
  } catch {
    return undefined;
  }
  const inside = relative(root, real);
  if (inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) {
    return `'${file}' is a symbolic link to ${real}, outside the project`;
  }
  return undefined;
}
