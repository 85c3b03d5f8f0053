import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { StatesErrors } from '../../contracts/statesErrors.ts';
import { TaskFailure, type TaskInvocation, type TaskInvoker } from '../taskInvoker.ts';

const GET_OBJECT = 'arn:aws:states:::s3:getObject';
const LIST_OBJECTS = 'arn:aws:states:::s3:listObjectsV2';
const PUT_OBJECT = 'arn:aws:states:::s3:putObject';

/** Options of {@link createLocalS3Invoker}. */
export interface LocalS3InvokerOptions {
  /** The folder standing for S3: object `s3://bucket/a/b.csv` is the file `<root>/bucket/a/b.csv`. */
  readonly root: string;
  /**
   * Runs every other task (a mock invoker, the local Lambda invoker).
   * @default none: any other resource fails with States.Runtime
   */
  readonly fallback?: TaskInvoker;
}

/**
 * Creates a TaskInvoker that answers `s3:getObject`, `s3:listObjectsV2` and `s3:putObject` from
 * a local folder, so a Distributed Map's ItemReader reads real files and its ResultWriter writes
 * them without AWS. A key never leaves its bucket's folder (`..` is refused); a missing object
 * fails with `S3.NoSuchKeyException`.
 * @example
 * const invoker = createLocalS3Invoker({ root: 'test/s3', fallback: createMockInvoker({ ... }) });
 */
export function createLocalS3Invoker(options: LocalS3InvokerOptions): TaskInvoker {
  const root = resolve(options.root);
  return async (invocation: TaskInvocation): Promise<unknown> => {
    const { resource } = invocation;
    if (resource !== GET_OBJECT && resource !== LIST_OBJECTS && resource !== PUT_OBJECT) {
      if (options.fallback !== undefined) return options.fallback(invocation);
      throw new TaskFailure(StatesErrors.RUNTIME, `State '${invocation.stateName}': resource '${resource}' has no local runner (the local S3 folder answers only s3:getObject, s3:listObjectsV2 and s3:putObject)`);
    }
    const parameters = (invocation.parameters ?? {}) as Record<string, unknown>;
    const bucket = requireString(invocation, parameters, 'Bucket');
    const bucketDir = inside(root, bucket, invocation);
    if (resource === PUT_OBJECT) {
      const file = inside(bucketDir, requireString(invocation, parameters, 'Key'), invocation);
      const body = typeof parameters.Body === 'string' ? parameters.Body : JSON.stringify(parameters.Body ?? '');
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, body, 'utf8');
      return { ETag: `"${createHash('md5').update(body).digest('hex')}"` };
    }
    if (resource === GET_OBJECT) {
      const key = requireString(invocation, parameters, 'Key');
      const file = inside(bucketDir, key, invocation);
      try {
        return { Body: await readFile(file, 'utf8'), ContentLength: (await stat(file)).size };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        throw new TaskFailure('S3.NoSuchKeyException', `The specified key does not exist: s3://${bucket}/${key} (looked for ${file})`);
      }
    }
    const prefix = typeof parameters.Prefix === 'string' ? parameters.Prefix : '';
    const keys = (await listFiles(bucketDir)).filter((key) => key.startsWith(prefix)).sort();
    const contents = await Promise.all(
      keys.map(async (key) => {
        const info = await stat(join(bucketDir, key));
        return { Key: key, Size: info.size, LastModified: info.mtime.toISOString(), StorageClass: 'STANDARD' };
      }),
    );
    return { Name: bucket, Prefix: prefix, KeyCount: contents.length, IsTruncated: false, Contents: contents };
  };
}

function requireString(invocation: TaskInvocation, parameters: Record<string, unknown>, field: string): string {
  const value = parameters[field];
  if (typeof value === 'string' && value !== '') return value;
  throw new TaskFailure(StatesErrors.RUNTIME, `State '${invocation.stateName}': ${invocation.resource} needs a non-empty string ${field}, got ${JSON.stringify(value)}`);
}

/** `base/name`, refused when `name` climbs out of `base` (a key like `../../etc/passwd`). */
function inside(base: string, name: string, invocation: TaskInvocation): string {
  const path = resolve(base, name);
  const rel = relative(base, path);
  if (rel === '' || rel.startsWith('..') || resolve(base, rel) !== path) {
    throw new TaskFailure(StatesErrors.RUNTIME, `State '${invocation.stateName}': '${name}' leaves the local S3 folder ${base}`);
  }
  return path;
}

/** Every file under `dir`, as S3 keys (`/`-separated, relative to `dir`); none when it is missing. */
async function listFiles(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { recursive: true, withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return entries.filter((entry) => entry.isFile()).map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'));
}
