/**
 * What the console benches share: `aethon dev` on the console test project (state in a temporary
 * folder) and the chromium-headless-shell the console tests use, both closed when the work ends.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { startDevServer, type DevServer } from '../lib/dev/index.ts';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CHROMIUM = process.env.AETHON_CHROMIUM ?? '/usr/bin/chromium-headless-shell';

export async function withConsoleInChromium(work: (server: DevServer, browser: Browser) => Promise<void>): Promise<void> {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium-headless-shell, or set AETHON_CHROMIUM`);
  const server = await startDevServer({ projectRoot: join(ROOT, 'test/fixtures/console/project'), localDir: mkdtempSync(join(tmpdir(), 'aethon-console-bench-')), port: 0, announce: false });
  try {
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    try {
      await work(server, browser);
    } finally {
      await browser.close();
    }
  } finally {
    await server.close();
  }
}

/** A Step Functions API call to the server, as an SDK sends it. @throws naming the operation and the refusal */
export async function callStepFunctions(endpoint: string, operation: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${endpoint}/`, { method: 'POST', headers: { 'x-amz-target': `AWSStepFunctions.${operation}`, 'content-type': 'application/x-amz-json-1.0' }, body: JSON.stringify(body) });
  const answer = (await response.json()) as Record<string, unknown>;
  if (!response.ok) throw new Error(`${operation} failed: ${JSON.stringify(answer)}`);
  return answer;
}

/** Runs a bench's main, printing its failure and setting a failing exit code. */
export function runBench(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
