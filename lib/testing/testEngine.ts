/**
 * The local engine for a project's own tests: hermetic by default. It keeps its state (config
 * documents, secrets, idempotency records) in a fresh temporary folder instead of the project's
 * .aethon/, runs on virtual time, keeps DynamoDB in memory, and removes the folder on close, so
 * a test neither reads a developer's local state nor leaves any behind.
 * @example
 * const engine = await startTestEngine({ environment: { PAYMENTS_API_URL: payments.url }, secrets: { paymentsApiKey: 'sk_test' } });
 * const run = await engine.runWorkflow('user-onboarding', { input: { email: 'ada@example.com', name: 'Ada' } });
 * await engine.close();
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalEngine, type LocalEngineOptions } from '../local/index.ts';

export interface TestEngineOptions extends Omit<LocalEngineOptions, 'virtualTime' | 'dynamodb' | 'recordExecutions'> {
  /**
   * The engine's state folder. Given, it is kept on close.
   * @default a new folder under the OS temporary directory, removed on close
   */
  readonly localDir?: string;
  /**
   * Secret values by logical name (`paymentsApiKey`) or Secrets Manager name, written to the
   * state folder's secrets.json.
   * @default {}
   */
  readonly secrets?: Readonly<Record<string, string>>;
  /** Waits and retry backoffs pass instantly. @default true */
  readonly virtualTime?: boolean;
}

/** A started engine and the folder it keeps its state in. */
export interface TestEngine {
  readonly engine: LocalEngine;
  readonly localDir: string;
  readonly runWorkflow: LocalEngine['runWorkflow'];
  /** Closes the engine, then removes the state folder it created. */
  close(): Promise<void>;
}

export async function startTestEngine(options: TestEngineOptions = {}): Promise<TestEngine> {
  const { secrets, localDir: givenDir, virtualTime, ...engineOptions } = options;
  const localDir = givenDir ?? mkdtempSync(join(tmpdir(), 'aethon-test-'));
  if (secrets && Object.keys(secrets).length > 0) writeFileSync(join(localDir, 'secrets.json'), JSON.stringify(secrets));
  const engine = await LocalEngine.start({ ...engineOptions, localDir, virtualTime: virtualTime ?? true, dynamodb: 'memory', recordExecutions: false });
  return {
    engine,
    localDir,
    runWorkflow: (workflow, runOptions) => engine.runWorkflow(workflow, runOptions),
    async close() {
      await engine.close();
      if (!givenDir) rmSync(localDir, { recursive: true, force: true });
    },
  };
}
