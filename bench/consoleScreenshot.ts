/**
 * Takes the README's screenshot of the console's execution view: `aethon dev` on the console
 * test project, one execution whose failed step was compensated, opened in Chromium
 * (chromium-headless-shell, as the console tests use) with the failed state selected.
 *
 * Run: npx tsx bench/consoleScreenshot.ts [out.png]   (default docs/console-execution.png)
 */
import { join, resolve } from 'node:path';
import { callStepFunctions, ROOT, runBench, withConsoleInChromium } from './consoleInChromium.ts';

const out = resolve(process.argv[2] ?? join(ROOT, 'docs/console-execution.png'));

async function main(): Promise<void> {
  await withConsoleInChromium(async (server, browser) => {
    const input = JSON.stringify({ orderId: 'o-4711', amountCents: 2599 });
    await callStepFunctions(server.endpoint, 'StartExecution', { stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:order-with-undo', name: 'order-4711', input });
    const page = await browser.newPage({ viewport: { width: 1280, height: 1180 }, deviceScaleFactor: 1 });
    await page.goto(`${server.endpoint}/workflows/order-with-undo/executions/order-4711?state=chargeCard`);
    await page.locator('[data-testid="execution-status"]:text("failed")').waitFor({ timeout: 60_000 });
    await page.locator('[data-state="reserveStock"][data-outcome="compensated"]').waitFor();
    await page.locator('[data-testid="state-logs"]').waitFor();
    await page.screenshot({ path: out });
    console.log(`wrote ${out}`);
  });
}

runBench(main);
