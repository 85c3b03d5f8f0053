/**
 * `npx tsx bench/engine.ts`: throughput of the local engine against aws-local-stepfunctions (the
 * reference, run in the same process on the same definitions with in-process task functions), and
 * against the physical limit of calling the same task functions directly. Prints figures only.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { RealClock, runExecution, VirtualClock } from '../lib/local/engine/index.ts';
import type { TaskInvoker } from '../lib/local/taskInvoker.ts';

type Handler = (input: any) => unknown;
interface Case {
  readonly name: string;
  readonly definition: Record<string, unknown>;
  readonly input: unknown;
  readonly handlers: Record<string, Handler>;
  readonly iterations: number;
  /** aws-local-stepfunctions runs JSONPath only; JSONata cases are measured against direct calls alone. */
  readonly jsonata?: true;
}

const FN = 'arn:aws:lambda:us-east-1:123456789012:function:bench';
const task = (next: string | undefined) => ({ Type: 'Task', Resource: FN, ...(next ? { Next: next } : { End: true }) });

const cases: Case[] = [
  {
    name: '5-state Pass/Task chain',
    definition: {
      StartAt: 'P1',
      States: {
        P1: { Type: 'Pass', Result: { n: 1 }, ResultPath: '$.seed', Next: 'T1' },
        T1: { ...task('P2'), ResultPath: '$.t1' },
        P2: { Type: 'Pass', Parameters: { 'n.$': '$.seed.n', 'id.$': '$.id' }, Next: 'T2' },
        T2: { ...task('P3') },
        P3: { Type: 'Pass', End: true },
      },
    },
    input: { id: 'order-1' },
    handlers: { T1: (input) => ({ ok: true, id: input.id }), T2: (input) => ({ doubled: input.n * 2 }) },
    iterations: 2000,
  },
  {
    name: 'Choice loop, 100 iterations',
    definition: {
      StartAt: 'Init',
      States: {
        Init: { Type: 'Pass', Result: { i: 0 }, Next: 'Increment' },
        Increment: { ...task('Check') },
        Check: { Type: 'Choice', Choices: [{ Variable: '$.i', NumericLessThan: 100, Next: 'Increment' }], Default: 'Done' },
        Done: { Type: 'Succeed' },
      },
    },
    input: {},
    handlers: { Increment: (input) => ({ i: input.i + 1 }) },
    iterations: 100,
  },
  {
    name: '100-item Map',
    definition: {
      StartAt: 'Fan',
      States: {
        Fan: {
          Type: 'Map',
          ItemsPath: '$.items',
          MaxConcurrency: 0,
          Iterator: { StartAt: 'Square', States: { Square: task(undefined) } },
          End: true,
        },
      },
    },
    input: { items: Array.from({ length: 100 }, (_, i) => ({ v: i })) },
    handlers: { Square: (input) => ({ v: input.v * input.v }) },
    iterations: 100,
  },
  {
    // The shape Aethon's compiler emits: JSONata, lambda:invoke with a Payload, Output and Assign.
    name: 'JSONata 5-state chain (as compiled workflows run)',
    jsonata: true,
    definition: {
      QueryLanguage: 'JSONata',
      StartAt: 'P1',
      States: {
        P1: { Type: 'Pass', Output: '{% $merge([$states.input, {"seed": {"n": 1}}]) %}', Next: 'T1' },
        T1: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Arguments: { FunctionName: 'bench', Payload: '{% $states.input %}' },
          Output: '{% $merge([$states.input, {"t1": $states.result.Payload}]) %}',
          Assign: { t1: '{% $states.result.Payload %}' },
          Next: 'P2',
        },
        P2: { Type: 'Pass', Output: { n: '{% $states.input.seed.n %}', id: '{% $states.input.id %}' }, Next: 'T2' },
        T2: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Arguments: { FunctionName: 'bench', Payload: '{% $states.input %}' },
          Output: '{% $states.result.Payload %}',
          Next: 'P3',
        },
        P3: { Type: 'Pass', End: true },
      },
    },
    input: { id: 'order-1' },
    handlers: {
      T1: (input) => ({ Payload: { ok: true, id: input.Payload.id } }),
      T2: (input) => ({ Payload: { doubled: input.Payload.n * 2 } }),
    },
    iterations: 2000, // as many as the JSONPath chain: both are measured alike
  },
];

function installWithResolvers(): void {
  const P = Promise as unknown as { withResolvers?: unknown };
  P.withResolvers ??= () => {
    let resolve!: (v: unknown) => void;
    let reject!: (e: unknown) => void;
    const promise = new Promise((res, rej) => ((resolve = res), (reject = rej)));
    return { promise, resolve, reject };
  };
}

const ROUNDS = 5;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function timeIt(iterations: number, once: () => Promise<unknown> | unknown): Promise<number> {
  for (let i = 0; i < Math.min(200, iterations); i++) await once(); // warm up the JIT
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) await once();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

async function main(): Promise<void> {
  // `npx tsx bench/engine.ts chain` runs only the cases whose name contains the word.
  const only = process.argv[2]?.toLowerCase();
  if (only === 'memory') return peakMemory();
  if (only?.startsWith(CASE_ARGUMENT)) return measureCase(cases[Number(only.slice(CASE_ARGUMENT.length))]!);
  console.log(`Node ${process.version}, ${process.arch}; sequential executions; throughput figures are medians of ${ROUNDS} alternating rounds; each case in a fresh process\n`);
  cases.forEach((c, index) => {
    if (only === undefined || c.name.toLowerCase().includes(only)) runInChildProcess(`${CASE_ARGUMENT}${index}`);
  });
}

/**
 * Each case runs in a process of its own: measured one after another in one process, a case
 * inherits the garbage and JIT state of the ones before it (after aws-local-stepfunctions had run
 * the JSONPath cases, the JSONata case measured two to three times slower than on its own).
 */
const CASE_ARGUMENT = 'case=';

async function measureCase(c: Case): Promise<void> {
  installWithResolvers();
  const { StateMachine } = (await import('aws-local-stepfunctions')) as unknown as {
    StateMachine: new (d: unknown, o?: unknown) => { run(input: unknown, o?: unknown): { result: Promise<unknown> } };
  };
  const clock = new RealClock();
  const invoker: TaskInvoker = async ({ stateName, parameters }) => c.handlers[stateName]!(parameters);
  let transitions = 0;
  let taskCalls = 0;
  // The probe records each task call, so the direct loop replays the very same calls.
  const recorded: Array<[Handler, unknown]> = [];
  const recorder: TaskInvoker = async ({ stateName, parameters }) => {
    recorded.push([c.handlers[stateName]!, parameters]);
    return c.handlers[stateName]!(parameters);
  };
  const probe = await runExecution({ definition: c.definition, input: c.input, taskInvoker: recorder, clock });
  if (probe.status !== 'SUCCEEDED') throw new Error(`${c.name}: ${probe.status} ${probe.error} ${probe.cause}`);
  for (const e of probe.history) {
    if (e.type.endsWith('StateEntered')) transitions++;
    if (e.type === 'TaskScheduled' || e.type === 'LambdaFunctionScheduled') taskCalls++;
  }

  // Alternate the engines over several rounds and keep each one's median: this machine is
  // shared and noisy, and a single round can favour whichever engine ran in a quiet moment.
  const machine = c.jsonata ? undefined! : new StateMachine(c.definition, { validationOptions: { checkArn: false, checkPaths: false } });
  const rounds = { aethon: [] as number[], reference: [] as number[], direct: [] as number[] };
  for (let round = 0; round < ROUNDS; round++) {
    rounds.aethon.push(await timeIt(c.iterations, () => runExecution({ definition: c.definition, input: c.input, taskInvoker: invoker, clock })));
    if (!c.jsonata) rounds.reference.push(await timeIt(c.iterations, () => machine.run(c.input, { overrides: { taskResourceLocalHandlers: c.handlers } }).result));
    // The physical limit: the same task functions called directly, as many times as one execution calls them.
    rounds.direct.push(
      await timeIt(c.iterations, async () => {
        for (const [handler, parameters] of recorded) await handler(parameters);
      }),
    );
  }
  const aethonMs = median(rounds.aethon);
  const directMs = median(rounds.direct);

  const perExec = (ms: number) => ms / c.iterations;
  const row = (label: string, ms: number) =>
    `  ${label.padEnd(26)} ${(1000 / perExec(ms)).toFixed(0).padStart(8)} exec/s ${((1000 / perExec(ms)) * transitions).toFixed(0).padStart(10)} transitions/s`;
  console.log(`${c.name}: ${transitions} state transitions, ${taskCalls} task calls per execution, ${c.iterations} executions x ${ROUNDS} rounds (medians)`);
  console.log(row('aethon', aethonMs));
  if (c.jsonata) console.log(`  ${'aws-local-stepfunctions'.padEnd(26)} n/a (it does not run JSONata)`);
  else console.log(row('aws-local-stepfunctions', median(rounds.reference)));
  console.log(`  ${'direct function calls'.padEnd(26)} ${(1000 / perExec(directMs)).toFixed(0).padStart(8)} exec/s (physical limit)`);
  const overheadUs = ((perExec(aethonMs) - perExec(directMs)) * 1000) / transitions;
  if (!c.jsonata) {
    const ratios = rounds.reference.map((r, i) => r / rounds.aethon[i]!).sort((a, b) => a - b);
    console.log(`  speed-up vs reference: ${median(ratios).toFixed(2)}x (median of rounds: ${ratios.map((r) => r.toFixed(2)).join(', ')})`);
  }
  console.log(`  engine overhead ${overheadUs.toFixed(1)} µs per transition, handler time excluded\n`);
}

/** Runs this script again with `argument` in a fresh process (the memory measurement also needs --expose-gc). */
function runInChildProcess(argument: string): void {
  const result = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url), argument], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`the measurement '${argument}' failed (exit ${result.status})`);
}

/** 10,000 executions parked in a Wait at once: the virtual clock skips only when all are asleep. */

async function peakMemory(): Promise<void> {
  const definition = {
    StartAt: 'Hold',
    States: {
      Hold: { Type: 'Wait', Seconds: 3600, Next: 'Again' },
      Again: { Type: 'Wait', Seconds: 60, Next: 'Done' },
      Done: { Type: 'Succeed' },
    },
  };
  const invoker: TaskInvoker = async () => ({});
  const clock = new VirtualClock();
  global.gc?.();
  const before = process.memoryUsage();
  let peakHeap = before.heapUsed;
  let peakRss = before.rss;
  const sampler = setInterval(() => {
    const now = process.memoryUsage();
    peakHeap = Math.max(peakHeap, now.heapUsed);
    peakRss = Math.max(peakRss, now.rss);
  }, 5);
  const n = 10_000;
  const start = process.hrtime.bigint();
  const runs = Array.from({ length: n }, (_, i) => runExecution({ definition, input: { i }, taskInvoker: invoker, clock, executionName: `e${i}` }));
  // All started: sample while every execution sits in its first Wait.
  while (clock.pendingSleepers < n) await new Promise((r) => setImmediate(r));
  const inFlight = process.memoryUsage();
  peakHeap = Math.max(peakHeap, inFlight.heapUsed);
  const records = await Promise.all(runs);
  clearInterval(sampler);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const ok = records.filter((r) => r.status === 'SUCCEEDED').length;
  const mb = (b: number) => (b / 1024 / 1024).toFixed(1);
  console.log(`Wait-heavy definition, ${n} executions in flight at once (virtual time): ${ok} succeeded in ${ms.toFixed(0)} ms`);
  console.log(`  heap: ${mb(before.heapUsed)} MB before, ${mb(inFlight.heapUsed)} MB with all in flight, peak ${mb(peakHeap)} MB (${((inFlight.heapUsed - before.heapUsed) / n / 1024).toFixed(1)} KB per execution); peak RSS ${mb(peakRss)} MB`);
}

await main();
// The memory measurement runs in a fresh process too: the throughput runs' garbage would distort it.
if (process.argv[2] === undefined) runInChildProcess('memory');
