/**
 * The local config store: versioned dynamic configuration per workflow, the local counterpart of
 * AppConfig's hosted configuration versions. The runtime reads it; the CLI (`aethon config set /
 * history / rollback`) writes it through these same functions.
 *
 * Layout under the project's .aethon folder (FunctionEnv.LOCAL_DIR):
 * ```
 * config/<workflow>/
 *   current.json            the version in force: a ConfigVersion record
 *   history/000001.json     every version ever written, append-only: ConfigVersion records
 *   history/000002.json
 *   spec.json               digest of the workflow file's config last merged in (reconcileLocalConfig.ts)
 * ```
 * A ConfigVersion record is `{ "version": 2, "createdAt": "2026-11-28T17:00:00.000Z",
 * "message": "freeze for incident 42", "document": { ...the configuration... } }`, plus
 * `"rolledBackFrom": 1` on a rollback. A rollback never rewrites history: it writes a new version
 * whose document is the old one's, as an AppConfig redeploy of an old version would.
 *
 * The history is the source of truth and the audit trail; current.json is the published copy that
 * running handlers stat. Writes are safe with other writers and after `kill -9` at any point,
 * without a lock (a lock could outlive a killed holder):
 * - a version is written to a temporary file, then linked to its history name: link() fails when
 *   the name exists, so a version appears whole or not at all, and two writers never share one;
 * - a caller that passes `expectedVersion` (compare-and-set) is refused with
 *   {@link ConfigVersionConflictError} when someone wrote after it read, and re-reads and retries;
 * - current.json is replaced by rename, then the writer checks that no newer version appeared
 *   meanwhile and publishes again if one did, so the last rename is always the newest version;
 *   a reader that finds current.json behind the history (its writer was killed) republishes it.
 */
import { linkSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '../clock.ts';
import { systemClock } from '../clock.ts';
import { ToolErrors } from '../../contracts/toolErrors.ts';

/** One version of a workflow's configuration. */
export interface ConfigVersion {
  readonly version: number;
  /** ISO 8601. */
  readonly createdAt: string;
  readonly message?: string;
  /** Set when this version restored an older one. */
  readonly rolledBackFrom?: number;
  readonly document: unknown;
}

export interface WriteConfigOptions {
  /** Why the change was made; shown by `aethon config history`. */
  readonly message?: string;
  /** @default systemClock */
  readonly clock?: Clock;
  /**
   * Called before anything is written; return problems (one line each) to refuse the document.
   * The CLI passes the workflow's JSON Schema validator here, so a bad value never lands.
   * @default accepts every document
   */
  readonly validate?: (document: unknown) => readonly string[];
  /**
   * Compare-and-set: write only if the newest version is still this one (0: none yet), else
   * throw {@link ConfigVersionConflictError}. Read-modify-write callers pass the version they read.
   * @default append after whatever version is newest
   */
  readonly expectedVersion?: number;
}

/** Thrown by writes that a validator refused, or reads of a version that does not exist. */
export class LocalConfigStoreError extends Error {
  override readonly name: string = ToolErrors.LOCAL_CONFIG_STORE_FAILED;
  constructor(message: string, readonly issues: readonly string[] = []) {
    super(message);
  }
}

/** Another writer wrote a version after the caller read `expectedVersion`: re-read and retry. */
export class ConfigVersionConflictError extends LocalConfigStoreError {
  override readonly name = ToolErrors.CONFIG_VERSION_CONFLICT;
  constructor(readonly workflow: string, readonly expectedVersion: number) {
    super(`the configuration of '${workflow}' changed after version ${expectedVersion} was read`);
  }
}

const WORKFLOW_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** The folder of one workflow's configuration. */
export function localConfigDir(localDir: string, workflow: string): string {
  // The name becomes a path: refuse anything that could climb out of the store.
  if (!WORKFLOW_NAME.test(workflow) || workflow.includes('..')) throw new LocalConfigStoreError(`'${workflow}' is not a valid workflow name for the config store`);
  return join(localDir, 'config', workflow);
}

/** The path of current.json, for readers that watch it. */
export function currentConfigFile(localDir: string, workflow: string): string {
  return join(localConfigDir(localDir, workflow), 'current.json');
}

/** The version in force, or undefined when none was ever written. Throws on a corrupt file. */
export function readCurrentConfig(localDir: string, workflow: string): ConfigVersion | undefined {
  const published = readRecord(currentConfigFile(localDir, workflow));
  const latest = latestVersion(localDir, workflow);
  if (latest <= (published?.version ?? 0)) return published;
  // A writer was killed between its history link and its rename: finish its publication.
  publishLatest(localDir, workflow);
  return readConfigVersion(localDir, workflow, latest);
}

/** Every version, oldest first. */
export function listConfigVersions(localDir: string, workflow: string): ConfigVersion[] {
  const dir = join(localConfigDir(localDir, workflow), 'history');
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((n) => /^\d+\.json$/.test(n))
    .sort()
    .map((n) => readRecord(join(dir, n))!)
    .filter(Boolean);
}

/** One version, or undefined when it does not exist. */
export function readConfigVersion(localDir: string, workflow: string, version: number): ConfigVersion | undefined {
  return readRecord(historyFile(localDir, workflow, version));
}

/** Writes a new version and makes it current. */
export function writeConfigVersion(localDir: string, workflow: string, document: unknown, options: WriteConfigOptions = {}): ConfigVersion {
  return write(localDir, workflow, document, options, undefined);
}

/** Makes an older version's document current again, as a new version. */
export function rollbackConfig(localDir: string, workflow: string, toVersion: number, options: WriteConfigOptions = {}): ConfigVersion {
  const target = readConfigVersion(localDir, workflow, toVersion);
  if (!target) throw new LocalConfigStoreError(`workflow '${workflow}' has no config version ${toVersion}; see 'aethon config history ${workflow}'`);
  return write(localDir, workflow, target.document, { message: `rollback to version ${toVersion}`, ...options }, toVersion);
}

function write(localDir: string, workflow: string, document: unknown, options: WriteConfigOptions, rolledBackFrom: number | undefined): ConfigVersion {
  const issues = options.validate?.(document) ?? [];
  if (issues.length > 0) throw new LocalConfigStoreError(`the configuration of '${workflow}' was refused:\n  ${issues.join('\n  ')}`, issues);
  const dir = localConfigDir(localDir, workflow);
  mkdirSync(join(dir, 'history'), { recursive: true });
  const createdAt = new Date((options.clock ?? systemClock).now()).toISOString();
  for (let version = (options.expectedVersion ?? latestVersion(localDir, workflow)) + 1; ; version++) {
    const record: ConfigVersion = {
      version,
      createdAt,
      ...(options.message ? { message: options.message } : {}),
      ...(rolledBackFrom !== undefined ? { rolledBackFrom } : {}),
      document,
    };
    if (!createExclusively(historyFile(localDir, workflow, version), `${JSON.stringify(record, null, 2)}\n`)) {
      if (options.expectedVersion !== undefined) throw new ConfigVersionConflictError(workflow, options.expectedVersion);
      continue; // a concurrent writer took this version: append after it
    }
    publishLatest(localDir, workflow);
    return record;
  }
}

/** Writes the whole file under a temporary name, then links it: false when the name exists. */
function createExclusively(file: string, text: string): boolean {
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(tmp, text);
  try {
    linkSync(tmp, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    rmSync(tmp, { force: true });
  }
}

/** Copies the newest history version to current.json, until no newer one appeared meanwhile. */
function publishLatest(localDir: string, workflow: string): void {
  const dir = localConfigDir(localDir, workflow);
  for (let latest = latestVersion(localDir, workflow); latest > 0; ) {
    const tmp = join(dir, `.current.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
    writeFileSync(tmp, readFileSync(historyFile(localDir, workflow, latest)));
    renameSync(tmp, join(dir, 'current.json'));
    const newest = latestVersion(localDir, workflow);
    if (newest === latest) return;
    latest = newest;
  }
}

function latestVersion(localDir: string, workflow: string): number {
  try {
    const numbers = readdirSync(join(localConfigDir(localDir, workflow), 'history'))
      .map((n) => /^(\d+)\.json$/.exec(n)?.[1])
      .filter((n): n is string => n !== undefined)
      .map(Number);
    return numbers.length ? Math.max(...numbers) : 0;
  } catch {
    return 0;
  }
}

function historyFile(localDir: string, workflow: string, version: number): string {
  return join(localConfigDir(localDir, workflow), 'history', `${String(version).padStart(6, '0')}.json`);
}

function readRecord(file: string): ConfigVersion | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const record = JSON.parse(text) as ConfigVersion;
  if (!record || typeof record !== 'object' || typeof record.version !== 'number' || !('document' in record)) {
    throw new LocalConfigStoreError(`${file} is not a config version record ({ version, createdAt, document })`);
  }
  return record;
}
