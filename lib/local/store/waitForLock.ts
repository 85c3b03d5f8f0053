/**
 * Waiting for a local resource that one process at a time may hold (the execution store, the
 * local DynamoDB), with a bound and a message that says who holds it. LevelDB's own lock is an OS
 * lock the kernel drops when its process dies, even by `kill -9`, so a lock is never stale; the
 * holder file next to it only describes the holder for the message and is never trusted as a lock.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { ToolErrors } from '../../contracts/toolErrors.ts';

/** Who holds a resource, as its holder wrote it down. */
export interface HolderInfo {
  readonly pid: number;
  /** The command line, e.g. `aethon start release --local`. */
  readonly command: string;
  /** ISO 8601. */
  readonly since: string;
}

/** What a waiter is told once, when the resource turns out to be busy for more than a moment. */
export interface WaitNotice {
  /** What is waited for, e.g. `the local execution store (/p/.aethon/executions)`. */
  readonly what: string;
  /** The holder, when it wrote itself down. */
  readonly holder?: HolderInfo;
  /** How long the wait lasts at most. */
  readonly waitMs: number;
}

/** How long and how to wait for a held resource. */
export interface StoreWaitOptions {
  /**
   * How long to wait for another holder. Long enough for another command's execution to finish
   * (a `start --local` holds the store while its execution runs), short enough to never hang CI.
   * @default 120000
   */
  readonly waitMs?: number;
  /** @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
  /** @default Date.now */
  readonly now?: () => number;
  /** Called once when the resource is busy for more than a moment, so people know why nothing happens. */
  readonly onWait?: (notice: WaitNotice) => void;
}

export const DEFAULT_WAIT_MS = 120_000;

/** Thrown when the wait ran out; says what holds the resource and what to do. */
export class ResourceBusyError extends Error {
  override readonly name = ToolErrors.LOCAL_RESOURCE_BUSY;
  constructor(readonly what: string, readonly holder: HolderInfo | undefined, readonly waitedMs: number, options?: { cause?: unknown }) {
    super(`gave up after ${Math.round(waitedMs / 1000)} s waiting for ${what}, ${describeHolder(holder)}. Run the command again once that process has finished, or stop it.`, options);
  }
}

/** `in use by pid 42 (aethon start release --local) since 2026-...`, or what is known of it. */
export function describeHolder(holder: HolderInfo | undefined): string {
  return holder ? `in use by pid ${holder.pid} (${holder.command}) since ${holder.since}` : 'in use by another aethon process';
}

/** Tries `open` until it stops failing with a lock error or the wait runs out. */
export async function waitForLock<T>(what: string, holderFile: string, open: () => Promise<T>, isLocked: (error: unknown) => boolean, options: StoreWaitOptions = {}): Promise<T> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const waitMs = options.waitMs ?? DEFAULT_WAIT_MS;
  const deadline = now() + waitMs;
  for (let attempt = 0; ; attempt++) {
    try {
      const opened = await open();
      writeHolder(holderFile);
      return opened;
    } catch (error) {
      if (!isLocked(error)) throw error;
      if (now() >= deadline) throw new ResourceBusyError(what, readHolder(holderFile), waitMs, { cause: error });
      if (attempt === 5) options.onWait?.({ what, waitMs, ...holderField(readHolder(holderFile)) });
      // Short waits first: a duplicate's whole turn takes milliseconds.
      await sleep(Math.min(20 * 2 ** Math.min(attempt, 4), 250));
    }
  }
}

/** Removes the holder file if this process wrote it. */
export function clearHolder(holderFile: string): void {
  if (readHolder(holderFile)?.pid === process.pid) rmSync(holderFile, { force: true });
}

function holderField(holder: HolderInfo | undefined): { holder?: HolderInfo } {
  return holder ? { holder } : {};
}

function writeHolder(holderFile: string): void {
  const info: HolderInfo = { pid: process.pid, command: commandLine(), since: new Date().toISOString() };
  try {
    writeFileSync(holderFile, JSON.stringify(info));
  } catch {
    // Only a description for others' messages: never a reason to fail the holder.
  }
}

function readHolder(holderFile: string): HolderInfo | undefined {
  try {
    const info = JSON.parse(readFileSync(holderFile, 'utf8')) as HolderInfo;
    return typeof info?.pid === 'number' && typeof info.command === 'string' ? info : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `aethon start release --local` for the CLI; the Node command line for anything else (tests).
 * Values of --env are left out: they are service URLs and sometimes tokens, and other processes
 * print this.
 */
function commandLine(): string {
  const [, script = '', ...args] = process.argv;
  const name = /^aethon(\.[jt]s)?$/.test(basename(script)) ? 'aethon' : `node ${basename(script)}`;
  const shown = args.map((arg, i) => (args[i - 1] === '--env' ? arg.replace(/=.*$/s, '=…') : arg.replace(/^(--env=[^=]*=).*$/s, '$1…')));
  return [name, ...shown].join(' ').slice(0, 200);
}
