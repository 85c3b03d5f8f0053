/**
 * The example workflows' outside world for tests: the demo's mock services, canary secrets that
 * must never leak, and an engine on virtual time with a private .aethon folder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoServices, type DemoServices } from '../../lib/demo/demoServices.ts';
import { LocalEngine, type LocalRun } from '../../lib/local/localEngine.ts';
import { PROJECT_ROOT } from './paths.ts';

export const CANARIES = {
  AETHON_SECRET_PARTNER_API_KEY: 'canary-partner-5f1d2c',
  AETHON_SECRET_PAYMENTS_API_KEY: 'canary-payments-8a7e4b',
  AETHON_SECRET_EMAIL_API_KEY: 'canary-email-03c9aa',
};

export interface ExampleWorld {
  readonly engine: LocalEngine;
  readonly services: DemoServices;
  close(): Promise<void>;
}

export async function startExampleWorld(): Promise<ExampleWorld> {
  const localDir = mkdtempSync(join(tmpdir(), 'aethon-examples-'));
  const services = await startDemoServices();
  const engine = await LocalEngine.start({
    projectRoot: PROJECT_ROOT,
    localDir,
    virtualTime: true,
    environment: { ...services.environment, ...CANARIES },
  });
  return {
    engine,
    services,
    async close() {
      await engine.close();
      await services.close();
      rmSync(localDir, { recursive: true, force: true });
    },
  };
}

/** Every place a secret could leak from a run: output, error, cause, history, handler logs. */
export function leakedCanaries(run: LocalRun): string[] {
  const text = JSON.stringify({ output: run.output, error: run.error, cause: run.cause, history: run.history, logs: run.logs.map((l) => l.line) });
  return Object.values(CANARIES).filter((canary) => text.includes(canary));
}

export function statesEntered(run: LocalRun): string[] {
  return run.history.filter((e) => e.type.endsWith('StateEntered')).map((e) => (e.stateEnteredEventDetails as { name: string }).name);
}
