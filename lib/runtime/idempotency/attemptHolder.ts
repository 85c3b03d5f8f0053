/**
 * Who holds an in-progress idempotency record: the execution and the process its attempt runs in.
 * Powertools writes the in-progress record before the work, naming nobody; locally Aethon adds
 * this holder, so that after a `kill -9` of the process running an attempt (`aethon dev`, whose
 * step workers are threads of that one process) the resumed attempt of the SAME execution can tell
 * a dead holder from a live duplicate and take the record over instead of waiting for its expiry.
 *
 * Only local runs name a holder: on AWS an attempt's process lives in a Lambda sandbox that no
 * other invocation can probe, so a record there keeps Powertools' rule (free at its in-progress
 * expiry, the remaining time of the killed invocation).
 */
import { hostname } from 'node:os';

/** Stored with an in-progress record (attribute `aethon_holder`). */
export interface AttemptHolder {
  readonly execution: string;
  readonly host: string;
  readonly pid: number;
}

/** The process this code runs in, and how to ask whether another one is still alive. */
export interface ProcessIdentity {
  readonly host: string;
  readonly pid: number;
  isAlive(pid: number): boolean;
}

/** This process on this machine; liveness by signal 0 (delivers nothing, only checks the pid). */
export function thisProcess(): ProcessIdentity {
  return { host: hostname(), pid: process.pid, isAlive: processExists };
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user. Only ESRCH proves it is gone.
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

export function isAttemptHolder(value: unknown): value is AttemptHolder {
  if (typeof value !== 'object' || value === null) return false;
  const { execution, host, pid } = value as Record<string, unknown>;
  return typeof execution === 'string' && typeof host === 'string' && typeof pid === 'number';
}

/**
 * True only when the record's holder is an attempt of `executionId` whose process is provably
 * gone: same machine, another pid (this process may still run an earlier attempt, e.g. one whose
 * state timed out), and that pid no longer exists. A reused pid counts as alive, which only
 * means waiting for the expiry as before.
 */
export function isDeadHolderOf(holder: AttemptHolder, executionId: string, self: ProcessIdentity): boolean {
  return holder.execution === executionId && holder.host === self.host && holder.pid !== self.pid && !self.isAlive(holder.pid);
}
