/**
 * What a local command prints while another process holds the local store, and how long it
 * waits. Its own module, so that `aethon run` shares it with start and send-event without
 * loading their AWS clients.
 */
import { describeHolder, type StoreWaitOptions } from '../local/store/waitForLock.ts';
import type { CliIo } from './io.ts';

/**
 * Tells, once, what holds the local store and how long this command waits for it: 120 s, or
 * $AETHON_STORE_WAIT_SECONDS (a CI job may rather fail fast than wait for another job).
 */
export function storeWaitNotice(io: CliIo): StoreWaitOptions {
  const seconds = Number(io.env.AETHON_STORE_WAIT_SECONDS ?? Number.NaN);
  return {
    ...(Number.isFinite(seconds) && seconds >= 0 ? { waitMs: seconds * 1000 } : {}),
    onWait: ({ what, holder, waitMs }) => io.stderr.write(`waiting up to ${Math.round(waitMs / 1000)} s for ${what}, ${describeHolder(holder)}; Ctrl-C to give up\n`),
  };
}
