/**
 * `.aethon/dev.json`: where a running `aethon dev` listens, so the CLI's local commands talk to it
 * instead of opening the store it holds. A file whose process is gone (the server was killed) is
 * treated as absent; the LevelDB lock, not this file, is what keeps two owners apart.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** What a running dev server writes about itself. */
export interface DevServerInfo {
  readonly pid: number;
  /** `http://127.0.0.1:8083` */
  readonly endpoint: string;
  /** The access token a client must sign with, when the server listens beyond loopback. */
  readonly token?: string;
  /** ISO 8601. */
  readonly startedAt: string;
}

/** The file's path under a project's local state folder. */
export const devServerFileOf = (localDir: string): string => join(localDir, 'dev.json');

/** Writes the file, readable by its owner only (it may hold the token). */
export function writeDevServerFile(localDir: string, info: DevServerInfo): void {
  writeFileSync(devServerFileOf(localDir), JSON.stringify(info, null, 2) + '\n', { mode: 0o600 });
}

/** Removes the file if this process wrote it. */
export function removeDevServerFile(localDir: string, pid: number = process.pid): void {
  if (readDevServerFile(localDir)?.pid === pid) rmSync(devServerFileOf(localDir), { force: true });
}

/** The running dev server of a project; undefined when none runs (no file, or its process is gone). */
export function runningDevServer(localDir: string): DevServerInfo | undefined {
  const info = readDevServerFile(localDir);
  return info !== undefined && isAlive(info.pid) ? info : undefined;
}

function readDevServerFile(localDir: string): DevServerInfo | undefined {
  try {
    const info = JSON.parse(readFileSync(devServerFileOf(localDir), 'utf8')) as DevServerInfo;
    return typeof info?.pid === 'number' && typeof info.endpoint === 'string' ? info : undefined;
  } catch {
    return undefined;
  }
}

/** Signal 0 tests for the process without touching it; EPERM means it exists under another user. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
