/**
 * Takes the README's screenshot of the console's execution view: `aethon dev` on the console
 * test project, one execution whose failed step was compensated, opened in Chromium
 * (chromium-headless-shell, as the console tests use) with the failed state selected.
 *
 * Run: npx tsx bench/consoleScreenshot.ts [out.png]   (default docs/console-execution.png)
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startDevServer } from '../lib/dev/index.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CHROMIUM = process.env.AETHON_CHROMIUM ?? '/usr/bin/chromium-headless-shell';
const out = resolve(process.argv[2] ?? join(ROOT, 'docs/console-execution.png'));

async function main(): Promise<void> {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium-headless-shell, or set AETHON_CHROMIUM`);
  const server = await startDevServer({ projectRoot: join(ROOT, 'test/fixtures/console/project'), localDir: mkdtempSync(join(tmpdir(), 'aethon-shot-')), port: 0, announce: false });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  try {
    const start = await fetch(`${server.endpoint}/`, {
      method: 'POST',
      headers: { 'x-amz-target': 'AWSStepFunctions.StartExecution', 'content-type': 'application/x-amz-json-1.0' },
      body: JSON.stringify({ stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:order-with-undo', name: 'order-4711', input: JSON.stringify({ orderId: 'o-4711', amountCents: 2599 }) }),
    });
    if (!start.ok) throw new Error(`StartExecution failed: ${await start.text()}`);
    const page = await browser.newPage({ viewport: { width: 1280, height: 1180 }, deviceScaleFactor: 1 });
    await page.goto(`${server.endpoint}/workflows/order-with-undo/executions/order-4711?state=chargeCard`);
    await page.locator('[data-testid="execution-status"]:text("failed")').waitFor({ timeout: 60_000 });
    await page.locator('[data-state="reserveStock"][data-outcome="compensated"]').waitFor();
    await page.locator('[data-testid="state-logs"]').waitFor();
    await page.screenshot({ path: out });
    console.log(`wrote ${out}`);
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
