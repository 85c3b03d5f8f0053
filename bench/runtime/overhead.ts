/**
 * Per-invocation cost of the step wrapper against the bare handler: logger + metrics (+ zod input
 * validation), and with idempotency against dynalite. The DynamoDB round trips (a conditional
 * PutItem, then an UpdateItem) are timed around each `client.send` (SDK work, signing, HTTP) and
 * subtracted; dynalite runs in a child process so its CPU and GC stay out of the figure,
 * as DynamoDB's would on AWS.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import * as z from 'zod/mini';
import { step } from '../../lib/runtime/index.ts';

export interface OverheadFigures {
  readonly name: string;
  readonly iterations: number;
  readonly meanUs: number;
  readonly p50Us: number;
  readonly p99Us: number;
}

const env = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
  AETHON_WORKFLOW: 'bench',
  AETHON_STEP: 'bench',
  AETHON_TIMEOUT_SECONDS: '30',
  POWERTOOLS_SERVICE_NAME: 'bench',
  POWERTOOLS_METRICS_NAMESPACE: 'AethonBench',
  ...extra,
});

const payload = (n: number) => ({
  input: { userId: `user-${n}`, email: `user-${n}@example.com` },
  context: { workflow: 'bench', executionId: `arn:x:${n}`, executionName: `e-${n}`, executionStartTime: '2026-11-28T00:00:00Z', state: 'bench', retryCount: 0 },
});

/** Times `fn`; when it resolves to a number, that number (ms) is the sample instead of the elapsed time. */
async function measure(name: string, iterations: number, fn: (n: number) => Promise<unknown>): Promise<OverheadFigures> {
  for (let i = 0; i < Math.min(200, iterations); i++) await fn(-1 - i); // warm-up: JIT, caches, cold start
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t = performance.now();
    const own = await fn(i);
    samples.push((typeof own === 'number' ? own : performance.now() - t) * 1000);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!;
  return { name, iterations, meanUs: samples.reduce((a, b) => a + b, 0) / samples.length, p50Us: at(0.5), p99Us: at(0.99) };
}

/** Runs `fn` with stdout silenced (the wrapper writes two log lines and an EMF line per call). */
async function quietly<T>(fn: () => Promise<T>): Promise<{ result: T; bytes: number }> {
  const write = process.stdout.write;
  let bytes = 0;
  process.stdout.write = ((chunk: string | Uint8Array) => {
    bytes += chunk.length;
    return true;
  }) as typeof process.stdout.write;
  try {
    return { result: await fn(), bytes };
  } finally {
    process.stdout.write = write;
  }
}

/** dynalite in a child process, answering on an ephemeral port. */
async function startDynaliteProcess(): Promise<{ endpoint: string; child: ChildProcess }> {
  const script = "const s=require('dynalite')({createTableMs:0});s.listen(0,'127.0.0.1',()=>process.stdout.write(String(s.address().port)+'\\n'))";
  const child = spawn(process.execPath, ['-e', script], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout!.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
    child.once('exit', (code) => reject(new Error(`dynalite exited with ${code}`)));
  });
  return { endpoint: `http://127.0.0.1:${port}`, child };
}

export async function measureOverhead(iterations = 3000, idempotentIterations = 400): Promise<{ figures: OverheadFigures[]; bytesPerInvocation: number }> {
  const { endpoint, child } = await startDynaliteProcess();
  try {
    const bare = async (event: ReturnType<typeof payload>) => ({ ok: event.input.userId });
    const wrapped = step({ env: env() }, async (input: { userId: string }) => ({ ok: input.userId }));
    const Input = z.object({ userId: z.string(), email: z.email() });
    const validated = step({ env: env(), input: Input }, async (input) => ({ ok: input.userId }));
    const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    // Times each whole SDK call (command setup, signing, HTTP, parsing), i.e. the DynamoDB round trip.
    let inDynamo = 0;
    const send = client.send.bind(client) as (...args: unknown[]) => Promise<unknown>;
    (client as { send: unknown }).send = async (...args: unknown[]) => {
      const t = performance.now();
      try {
        return await send(...args);
      } finally {
        inDynamo += performance.now() - t;
      }
    };
    const idempotent = step(
      {
        env: env({ AETHON_IDEMPOTENCY_TABLE: 'bench', AETHON_IDEMPOTENCY_KEY: 'userId', AETHON_IDEMPOTENCY_TTL_SECONDS: '3600', AETHON_DYNAMODB_ENDPOINT: endpoint }),
        clients: { dynamodb: client },
      },
      async (input: { userId: string }) => ({ ok: input.userId }),
    );
    const figures: OverheadFigures[] = [];
    figures.push(await measure('bare handler', iterations, (n) => bare(payload(n))));
    const { result, bytes } = await quietly(() => measure('step(): logger + metrics', iterations, (n) => wrapped(payload(n))));
    figures.push(result);
    figures.push((await quietly(() => measure('step(): + zod/mini input', iterations, (n) => validated(payload(n))))).result);
    figures.push((await quietly(() => measure('step(): + idempotency, total', idempotentIterations, (n) => idempotent(payload(n))))).result);
    figures.push(
      (
        await quietly(() =>
          measure('step(): + idempotency, minus DynamoDB calls', idempotentIterations, async (n) => {
            inDynamo = 0;
            const t = performance.now();
            await idempotent(payload(100_000 + n));
            return performance.now() - t - inDynamo;
          }),
        )
      ).result,
    );
    return { figures, bytesPerInvocation: bytes / (iterations + Math.min(200, iterations)) };
  } finally {
    child.kill();
  }
}
