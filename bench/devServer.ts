/**
 * `npx tsx bench/devServer.ts`: what durability costs in `aethon dev` (issue 14). A 10-state Pass
 * chain, 100 executions at a time, on the in-memory engine and through the dev server's runner
 * (every execution checkpointed to LevelDB), with the runner's own cost and the cost of the writes
 * alone beside them; one long execution's checkpoints, rewritten whole vs appended; then 1,000
 * StartExecution calls through @aws-sdk/client-sfn against one server, all followed to their end,
 * with the process's RSS.
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
/** Executions per trial; each trial keeps 100 running at a time until this many have ended. */
const PER_TRIAL = 3_000;
const TRIALS = 7;

/** Runs `PER_TRIAL` executions, 100 at a time: transitions per second. */
async function hundredAtATime(run: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const t = performance.now();
  await Promise.all(Array.from({ length: CONCURRENT }, async () => {
    while (next < PER_TRIAL) await run(next++);
  }));
  return (PER_TRIAL * STATES) / ((performance.now() - t) / 1000);
}

/**
 * The same chain four ways in one process, interleaved so the shared machine's noise and the JIT
 * fall on all alike (medians of TRIALS): the in-memory engine; the dev runner with its store writes
 * switched off (what its bookkeeping costs); the dev runner durable (every execution checkpointed
 * to LevelDB before StartExecution answers); and what writing the same records costs without running
 * anything (JSON encoding and the LevelDB batch: the floor of any durable run that keeps the history).
 */
async function chainFigures(): Promise<Record<'engine' | 'runnerNoWrites' | 'durable' | 'writesAlone', number>> {
  const engine = await LocalEngine.start({ projectRoot: mkdtempSync(join(tmpdir(), 'bench-')), dynamodb: 'none' });
  const server = await startDevServer({ projectRoot: mkdtempSync(join(tmpdir(), 'bench-')), port: 0, announce: false });
  const machine = await server.plane.registry.create({ name: 'chain', definition: chain, type: 'STANDARD', roleArn: 'r', creationDate: new Date().toISOString() });
  const { store, runner, checkpoints } = server.plane;
  const commit = store.commit;
  const sample = await engine.runDefinition(chain, 'chain');
  const { logs: _logs, notRecorded: _notRecorded, ...finalRecord } = sample;
  const writeOnly = await openExecutionStore(mkdtempSync(join(tmpdir(), 'bench-')));
  const figures = { engine: [] as number[], runnerNoWrites: [] as number[], durable: [] as number[], writesAlone: [] as number[] };
  let trial = 0;
  const throughRunner = (t: number) => async (i: number) => {
    const { executionArn } = await runner.start(machine, { name: `t${t}-${i}` });
    await runner.find(executionArn)?.done;
  };
  for (let k = 0; k < TRIALS; k++) {
    figures.engine.push(await hundredAtATime(() => engine.runDefinition(chain, 'chain')));
    (store as { commit: typeof commit }).commit = async () => {};
    figures.runnerNoWrites.push(await hundredAtATime(throughRunner(trial++)));
    await checkpoints.flush();
    (store as { commit: typeof commit }).commit = commit;
    figures.durable.push(await hundredAtATime(throughRunner(trial++)));
    await checkpoints.flush();
    // One batch per 100 records, as the group commits write them.
    const t = performance.now();
    for (let b = 0; b < PER_TRIAL / CONCURRENT; b++) {
      await writeOnly.commit({ records: Array.from({ length: CONCURRENT }, (_, i) => ({ ...finalRecord, executionArn: `${finalRecord.executionArn}-${k}-${b}-${i}`, name: `w${k}-${b}-${i}` })) });
    }
    figures.writesAlone.push((PER_TRIAL * STATES) / ((performance.now() - t) / 1000));
  }
  await writeOnly.close();
  await server.close();
  await engine.close();
  const median = (values: number[]): number => [...values].sort((a, b) => a - b)[values.length >> 1]!;
  return { engine: median(figures.engine), runnerNoWrites: median(figures.runnerNoWrites), durable: median(figures.durable), writesAlone: median(figures.writesAlone) };
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

const f = await chainFigures();
const perExecution = (transitionsPerSecond: number): string => `${((1e6 * STATES) / transitionsPerSecond).toFixed(1)} µs per execution`;
console.log(`10-state Pass chain, ${CONCURRENT} concurrent, medians of ${TRIALS} x ${PER_TRIAL} executions, one process:`);
console.log(`  in-memory engine                 ${f.engine.toFixed(0).padStart(9)} transitions/s  (${perExecution(f.engine)})`);
console.log(`  dev runner, store writes off     ${f.runnerNoWrites.toFixed(0).padStart(9)} transitions/s  (${perExecution(f.runnerNoWrites)})`);
console.log(`  dev runner, durable              ${f.durable.toFixed(0).padStart(9)} transitions/s  (${perExecution(f.durable)}); durable / in-memory: ${(f.engine / f.durable).toFixed(2)}x`);
console.log(`  writing the final records alone  ${f.writesAlone.toFixed(0).padStart(9)} transitions/s  (${perExecution(f.writesAlone)}): the floor, ${((f.engine / f.writesAlone) + 1).toFixed(2)}x the engine with nothing else`);
const long = await longHistory(500);
console.log(`one execution checkpointed 500 times (2 events each, 1,000 in all): whole record rewritten each time ${long.rewriteMs.toFixed(0)} ms, append-only ${long.appendMs.toFixed(0)} ms`);
const sdk = await sdkThousand();
console.log(`1,000 StartExecution through @aws-sdk/client-sfn, all SUCCEEDED: ${(sdk.ms / 1000).toFixed(1)} s, process RSS ${sdk.rssMb.toFixed(0)} MB`);
