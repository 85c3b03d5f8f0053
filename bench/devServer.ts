/**
 * `npx tsx bench/devServer.ts`: what durability costs in `aethon dev` (issue 14). A 10-state Pass
 * chain, 100 executions at a time, on the in-memory engine and through the dev server's runner
 * (every event checkpointed to LevelDB); one long execution's checkpoints, rewritten whole vs
 * appended; then 1,000 StartExecution calls through
 * @aws-sdk/client-sfn against one server, all followed to their end, with the process's RSS.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateStateMachineCommand, DescribeExecutionCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { startDevServer } from '../lib/dev/index.ts';
import { LocalEngine } from '../lib/local/localEngine.ts';
import { openExecutionStore } from '../lib/local/store/index.ts';
import type { ExecutionRecord, HistoryEvent } from '../lib/local/types.ts';

const STATES = 10;
const chain = { StartAt: 'S0', States: Object.fromEntries(Array.from({ length: STATES }, (_, i) => [`S${i}`, i === STATES - 1 ? { Type: 'Pass', End: true } : { Type: 'Pass', Next: `S${i + 1}` }])) };
const CONCURRENT = 100;
// Enough rounds that a round's fixed costs and the shared machine's noise do not decide the ratio.
const ROUNDS = 20;

async function inMemory(): Promise<number> {
  const engine = await LocalEngine.start({ projectRoot: mkdtempSync(join(tmpdir(), 'bench-')), dynamodb: 'none' });
  const t = performance.now();
  for (let r = 0; r < ROUNDS; r++) await Promise.all(Array.from({ length: CONCURRENT }, () => engine.runDefinition(chain, 'chain')));
  const ms = performance.now() - t;
  await engine.close();
  return (ROUNDS * CONCURRENT * STATES) / (ms / 1000);
}

async function durable(): Promise<number> {
  const server = await startDevServer({ projectRoot: mkdtempSync(join(tmpdir(), 'bench-')), port: 0, announce: false });
  const machine = await server.plane.registry.create({ name: 'chain', definition: chain, type: 'STANDARD', roleArn: 'r', creationDate: new Date().toISOString() });
  const t = performance.now();
  for (let r = 0; r < ROUNDS; r++) {
    const started = await Promise.all(Array.from({ length: CONCURRENT }, (_, i) => server.plane.runner.start(machine, { name: `r${r}-${i}` })));
    await Promise.all(started.map((s) => server.plane.runner.find(s.executionArn)?.done));
  }
  await server.plane.checkpoints.flush();
  const ms = performance.now() - t;
  await server.close();
  return (ROUNDS * CONCURRENT * STATES) / (ms / 1000);
}

async function sdkThousand(): Promise<{ ms: number; rssMb: number }> {
  const server = await startDevServer({ projectRoot: mkdtempSync(join(tmpdir(), 'bench-')), port: 0, announce: false });
  const sfn = new SFNClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'l', secretAccessKey: 'l' } });
  const { stateMachineArn } = await sfn.send(new CreateStateMachineCommand({ name: 'chain', definition: JSON.stringify(chain), roleArn: 'r' }));
  const t = performance.now();
  const arns: string[] = [];
  for (let batch = 0; batch < 10; batch++) {
    const started = await Promise.all(Array.from({ length: 100 }, (_, i) => sfn.send(new StartExecutionCommand({ stateMachineArn, name: `e${batch}-${i}` }))));
    arns.push(...started.map((s) => s.executionArn!));
  }
  let done = 0;
  for (const executionArn of arns) {
    for (;;) {
      const { status } = await sfn.send(new DescribeExecutionCommand({ executionArn }));
      if (status !== 'RUNNING') break;
      await new Promise((r) => setTimeout(r, 10));
    }
    done++;
  }
  const ms = performance.now() - t;
  const rssMb = process.memoryUsage().rss / 1024 / 1024;
  await server.close();
  if (done !== 1000) throw new Error('not all finished');
  return { ms, rssMb };
}

/**
 * One long execution checkpointed `commits` times, two events each, as a whole record rewritten
 * every time (before append-only checkpoints) and appended: milliseconds for each.
 */
async function longHistory(commits: number): Promise<{ rewriteMs: number; appendMs: number }> {
  const event = (id: number): HistoryEvent => ({ id, previousEventId: id - 1, timestamp: new Date().toISOString(), type: 'PassStateEntered', stateEnteredEventDetails: { name: `S${id}`, input: '{"order":{"id":"o-1","lines":[1,2,3]}}' } }) as HistoryEvent;
  const head = (name: string): ExecutionRecord => ({ executionArn: `arn:aws:states:us-east-1:123456789012:execution:long:${name}`, name, stateMachineName: 'long', status: 'RUNNING', startDate: new Date().toISOString(), input: {}, history: [] });
  const store = await openExecutionStore(mkdtempSync(join(tmpdir(), 'bench-')));
  try {
    const history: HistoryEvent[] = [];
    let t = performance.now();
    for (let c = 0; c < commits; c++) {
      history.push(event(2 * c + 1), event(2 * c + 2));
      await store.commit({ records: [{ ...head('rewrite'), history: [...history] }] });
    }
    const rewriteMs = performance.now() - t;
    t = performance.now();
    for (let c = 0; c < commits; c++) await store.commit({ appended: [{ record: head('append'), newEvents: [event(2 * c + 1), event(2 * c + 2)] }] });
    return { rewriteMs, appendMs: performance.now() - t };
  } finally {
    await store.close();
  }
}

// Alternating and best of three: the machine is shared, and the first runs warm the JIT up.
let memory = 0;
let disk = 0;
for (let trial = 0; trial < 3; trial++) {
  memory = Math.max(memory, await inMemory());
  disk = Math.max(disk, await durable());
}
console.log(`10-state chain, ${CONCURRENT} concurrent x ${ROUNDS}, best of 3: in-memory ${memory.toFixed(0)} transitions/s, durable (aethon dev runner) ${disk.toFixed(0)} transitions/s, ratio ${(memory / disk).toFixed(2)}x`);
const long = await longHistory(500);
console.log(`one execution checkpointed 500 times (2 events each, 1,000 in all): whole record rewritten each time ${long.rewriteMs.toFixed(0)} ms, append-only ${long.appendMs.toFixed(0)} ms`);
const sdk = await sdkThousand();
console.log(`1,000 StartExecution through @aws-sdk/client-sfn, all SUCCEEDED: ${(sdk.ms / 1000).toFixed(1)} s, process RSS ${sdk.rssMb.toFixed(0)} MB`);
