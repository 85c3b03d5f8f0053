/**
 * Real work (a handler in a worker thread, a socket) takes wall-clock time that a virtual clock
 * cannot see; without a hold, virtual sleeps such as the state's own timeout would skip past it.
 */
import type { Clock } from './engine/index.ts';
import type { TaskInvoker } from './taskInvoker.ts';

export function holdClockDuring(invoker: TaskInvoker, clock: Clock): TaskInvoker {
  const holdable = clock as Clock & { hold?: () => () => void };
  if (typeof holdable.hold !== 'function') return invoker;
  return async (invocation) => {
    const release = holdable.hold!();
    try {
      return await invoker(invocation);
    } finally {
      release();
    }
  };
}
