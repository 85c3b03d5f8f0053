/**
 * How the console's executions list copes with many executions: starts N executions of a Pass
 * machine on `aethon dev` (the console test project, state in a temporary folder), then measures in
 * Chromium how long the list takes to show its first page with the full count, and how long one
 * refresh (every ListExecutions page) takes.
 *
 * Run: npx tsx bench/consoleList.ts [N=2000]
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startDevServer } from '../lib/dev/index.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CHROMIUM = process.env.AETHON_CHROMIUM ?? '/usr/bin/chromium-headless-shell';
const count = Number(process.argv[2] ?? 2000);

async function call(endpoint: string, operation: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${endpoint}/`, { method: 'POST', headers: { 'x-amz-target': `AWSStepFunctions.${operation}` }, body: JSON.stringify(body) });
  const answer = (await response.json()) as Record<string, unknown>;
  if (!response.ok) throw new Error(`${operation}: ${JSON.stringify(answer)}`);
  return answer;
}

async function main(): Promise<void> {
  const server = await startDevServer({ projectRoot: join(ROOT, 'test/fixtures/console/project'), localDir: mkdtempSync(join(tmpdir(), 'aethon-list-')), port: 0, announce: false });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  try {
    const { stateMachineArn } = await call(server.endpoint, 'CreateStateMachine', { name: 'bulk', roleArn: 'arn:aws:iam::123456789012:role/r', definition: JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }) });
    const started = performance.now();
    for (let batch = 0; batch < count; batch += 50) {
      await Promise.all(Array.from({ length: Math.min(50, count - batch) }, (_, i) => call(server.endpoint, 'StartExecution', { stateMachineArn, name: `bulk-${batch + i}`, input: JSON.stringify({ n: batch + i }) })));
    }
    console.log(`started ${count} executions in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const page = await browser.newPage();
    const opened = performance.now();
    await page.goto(`${server.endpoint}/?workflow=bulk`);
    await page.locator(`.pager:has-text("(${count} executions)")`).waitFor({ timeout: 120_000 });
    console.log(`list: first page of 50 with the count of ${count} after ${Math.round(performance.now() - opened)} ms`);
    const refresh = await page.evaluate(async (arn) => {
      const begin = performance.now();
      let nextToken: string | undefined;
      let rows = 0;
      do {
        const response = await fetch('/', { method: 'POST', headers: { 'x-amz-target': 'AWSStepFunctions.ListExecutions', 'content-type': 'application/x-amz-json-1.0' }, body: JSON.stringify({ stateMachineArn: arn, maxResults: 1000, ...(nextToken ? { nextToken } : {}) }) });
        const page = (await response.json()) as { executions: unknown[]; nextToken?: string };
        rows += page.executions.length;
        nextToken = page.nextToken;
      } while (nextToken);
      return { rows, ms: Math.round(performance.now() - begin) };
    }, stateMachineArn as string);
    console.log(`one refresh (every ListExecutions page, ${refresh.rows} rows): ${refresh.ms} ms`);
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
