// Handlers that attack the process they run in: memory outside the V8 heap, signals to the host.
type Attack =
  | { how: 'buffersInALoop'; mb: number }
  | { how: 'buffersOverTime'; mb: number }
  | { how: 'killOwnPid' }
  | { how: 'probeOwnPid' }
  | { how: 'echo'; value: unknown };

const CHUNK_MB = 64;

export const handler = async (event: Attack): Promise<unknown> => {
  const hoard: Buffer[] = [];
  switch (event.how) {
    case 'buffersInALoop':
      // Synchronous: the worker's event loop never turns until the memory is held.
      for (let mb = 0; mb < event.mb; mb += CHUNK_MB) hoard.push(Buffer.alloc(CHUNK_MB * 1024 * 1024, 1));
      // ...and keeps computing while it holds it, however fast the machine allocated.
      for (const until = Date.now() + 3_000; Date.now() < until; );
      return { heldMb: hoard.length * CHUNK_MB };
    case 'buffersOverTime':
      for (let mb = 0; mb < event.mb; mb += CHUNK_MB) {
        hoard.push(Buffer.alloc(CHUNK_MB * 1024 * 1024, 1));
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return { heldMb: hoard.length * CHUNK_MB };
    case 'killOwnPid':
      process.kill(process.pid);
      return new Promise(() => undefined);
    case 'probeOwnPid':
      // Signal 0 only asks whether the process exists; it harms nothing.
      return { alive: process.kill(process.pid, 0) };
    case 'echo':
      return event.value;
  }
};
