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
 * ```
 * A ConfigVersion record is `{ "version": 2, "createdAt": "2026-11-28T17:00:00.000Z",
 * "message": "freeze for incident 42", "document": { ...the configuration... } }`, plus
 * `"rolledBackFrom": 1` on a rollback. A rollback never rewrites history: it writes a new version
 * whose document is the old one's, as an AppConfig redeploy of an old version would.
 *
 * Writes are crash-safe: the history file is created exclusively (two writers never get the same
 * version), and current.json is replaced by rename, so a reader sees the old or the new record,
 * never half of one.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '../clock.ts';
import { systemClock } from '../clock.ts';

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
}

/** Thrown by writes that a validator refused, or reads of a version that does not exist. */
export class LocalConfigStoreError extends Error {
  override readonly name = 'Aethon.LocalConfigStoreError';
  constructor(message: string, readonly issues: readonly string[] = []) {
    super(message);
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
  return readRecord(currentConfigFile(localDir, workflow));
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
  for (let version = latestVersion(localDir, workflow) + 1; ; version++) {
    const record: ConfigVersion = {
      version,
      createdAt,
      ...(options.message ? { message: options.message } : {}),
      ...(rolledBackFrom !== undefined ? { rolledBackFrom } : {}),
      document,
    };
    const text = `${JSON.stringify(record, null, 2)}\n`;
    try {
      writeFileSync(historyFile(localDir, workflow, version), text, { flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue; // a concurrent writer took it
      throw error;
    }
    const tmp = join(dir, `.current.${process.pid}.${version}.tmp`);
    writeFileSync(tmp, text);
    renameSync(tmp, join(dir, 'current.json'));
    return record;
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
