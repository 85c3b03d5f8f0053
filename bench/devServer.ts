/**
 * `npx tsx bench/devServer.ts`: what durability costs in `aethon dev` (issue 14). A 10-state Pass
 * chain, 100 executions at a time, on the in-memory engine and through the dev server's runner
 * (every event checkpointed to LevelDB); then 1,000 StartExecution calls through
 * @aws-sdk/client-sfn against one server, all followed to their end, with the process's RSS.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateStateMachineCommand, DescribeExecutionCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { startDevServer } from '../lib/dev/index.ts';
import { LocalEngine } from '../lib/local/localEngine.ts';

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

// Alternating and best of three: the machine is shared, and the first runs warm the JIT up.
let memory = 0;
let disk = 0;
for (let trial = 0; trial < 3; trial++) {
  memory = Math.max(memory, await inMemory());
  disk = Math.max(disk, await durable());
}
console.log(`10-state chain, ${CONCURRENT} concurrent x ${ROUNDS}, best of 3: in-memory ${memory.toFixed(0)} transitions/s, durable (aethon dev runner) ${disk.toFixed(0)} transitions/s, ratio ${(memory / disk).toFixed(2)}x`);
const sdk = await sdkThousand();
console.log(`1,000 StartExecution through @aws-sdk/client-sfn, all SUCCEEDED: ${(sdk.ms / 1000).toFixed(1)} s, process RSS ${sdk.rssMb.toFixed(0)} MB`);
