/**
 * The console in a real Chromium against `aethon dev` on the console fixture project: an
 * execution appears live in the list, its failed state shows its error, a config flip is checked
 * (an invalid value refused in the page and by the server), and a redrive succeeds. Every wait is
 * for a selector or a state, never for a fixed time.
 */
import { gzipSync } from 'node:zlib';
import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executionNameFor } from '../../../lib/contracts/executionName.ts';
import type { DevServer } from '../../../lib/dev/index.ts';
import { sfnClientFor, untilClosed } from '../dev/devProject.ts';
import { chromiumPath, launchChromium } from './chromium.ts';
import { startConsoleServer } from './consoleProject.ts';

const MACHINE_ARN = 'arn:aws:states:us-east-1:123456789012:stateMachine:order-fulfilment';
/** The budget for everything the page loads, compressed. */
const BUDGET_GZIP_BYTES = 300 * 1024;

describe.skipIf(!chromiumPath)('Console: in Chromium against aethon dev', () => {
  let server: DevServer;
  let browser: Browser;
  let page: Page;
  const loaded = new Map<string, number>();

  beforeAll(async () => {
    server = await startConsoleServer();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('response', async (response) => {
      if (response.request().method() !== 'GET') return;
      const body = await response.body().catch(() => undefined);
      if (body) loaded.set(new URL(response.url()).pathname, gzipSync(body).length);
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows a new execution in the list without a reload, with its failed step', async () => {
    await page.goto(`${server.endpoint}/`);
    await page.getByRole('heading', { name: 'Executions' }).waitFor();
    await sfnClientFor(server.endpoint).send(new StartExecutionCommand({ stateMachineArn: MACHINE_ARN, name: 'order-1', input: JSON.stringify({ orderId: 'o-1', amountCents: 500 }) }));

    const row = page.locator('tr[data-execution="order-1"][data-status="FAILED"]');
    await row.waitFor({ timeout: 30_000 });
    await expect.poll(() => row.locator('.failed-step').textContent(), { timeout: 15_000 }).toBe('chargeCard');
    expect(await row.locator('td').nth(3).textContent()).toContain('orderId=o-1');
  }, 60_000);

  it('opens the execution by a deep link and shows the failed state error', async () => {
    await page.locator('tr[data-execution="order-1"] a').click();
    await page.waitForURL('**/workflows/order-fulfilment/executions/order-1');
    const failed = page.locator('[data-state="chargeCard"][data-outcome="failed"]');
    await failed.waitFor();
    expect(await page.locator('[data-state="reserveStock"]').getAttribute('data-outcome')).toBe('succeeded');
    expect(await page.locator('[data-state="ship"]').getAttribute('data-outcome')).toBe('not-reached');

    await failed.focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('state-error').waitFor();
    expect(await page.getByTestId('state-error').textContent()).toBe('Aethon.Permanent');
    expect(await page.getByTestId('state-cause').textContent()).toContain('charges are disabled by configuration');
    expect(page.url()).toContain('state=chargeCard');
    expect(await page.locator('table.history').textContent()).toContain('TaskFailed');

    // The failed handler's own log line (Powertools, kept by aethon dev with the execution), filtered by level.
    const logs = page.getByTestId('state-logs');
    await expect.poll(() => logs.textContent(), { timeout: 15_000 }).toContain('WARN  charge refused: charges are off {"attempt":1,"orderId":"o-1"}');
    expect(await logs.textContent()).not.toContain('_aws');
    expect(await logs.textContent()).toMatch(/INFO  step started \{"attempt":1\}\n[\d:.]+ WARN  charge refused/);
    await page.locator('select[name="log-level"]').selectOption('ERROR');
    await expect.poll(() => logs.textContent()).not.toContain('charge refused');
    expect(await logs.textContent()).toContain('ERROR step failed');
  }, 30_000);

  it('refuses an invalid config value in the page and on the server, and applies a valid one', async () => {
    await page.getByRole('link', { name: 'Configuration' }).click();
    const editor = page.locator('textarea[name="document"]');
    await editor.waitFor();
    await expect.poll(() => editor.inputValue()).toContain('"chargesEnabled": false');

    await editor.fill(JSON.stringify({ chargesEnabled: true, maxAmountCents: -5 }));
    await page.locator('input[name="reason"]').fill('open charges again');
    expect(await page.getByTestId('config-problems').textContent()).toContain('maxAmountCents must be >= 1');
    expect(await page.getByRole('button', { name: 'Apply' }).isDisabled()).toBe(true);
    const refused = await page.evaluate(async () => {
      const response = await fetch('/aethon/config/order-fulfilment', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ document: { chargesEnabled: true, maxAmountCents: -5 }, reason: 'bypassing the page' }) });
      return { status: response.status, body: (await response.json()) as { __type: string; message: string } };
    });
    expect(refused.status).toBe(400);
    expect(refused.body.__type).toBe('ConfigRefused');
    expect(refused.body.message).toContain('maxAmountCents');

    await editor.fill(JSON.stringify({ chargesEnabled: true, maxAmountCents: 10000 }));
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => page.getByTestId('config-message').textContent()).toContain('Version 2 is in force (changed: chargesEnabled)');
    await expect.poll(() => page.locator('table.history').textContent()).toContain('open charges again');
  }, 30_000);

  it('redrives the failed execution and shows it succeed', async () => {
    await page.goBack();
    await page.getByRole('button', { name: 'Redrive from the failed state' }).click();
    await expect.poll(() => page.getByTestId('execution-status').textContent(), { timeout: 30_000 }).toBe('succeeded');
    await page.locator('[data-state="chargeCard"][data-outcome="succeeded"]').waitFor();
    expect(await page.locator('[data-state="ship"]').getAttribute('data-outcome')).toBe('succeeded');
  }, 45_000);

  it('starts an execution from the page with an edited input and shows the compensation that followed its failure', async () => {
    await page.getByRole('link', { name: 'Start', exact: true }).click();
    await page.locator('select[name="workflow"]').selectOption('order-with-undo');
    const input = page.locator('textarea[name="input"]');
    await input.fill('{ "orderId": ');
    await expect.poll(() => page.locator('#input-problem').textContent()).toContain('Not JSON');
    expect(await page.getByRole('button', { name: 'Start', exact: true }).isDisabled()).toBe(true);
    await input.fill('{ "orderId": "o-2" }');
    await page.locator('input[name="name"]').fill('undo-1');
    await page.getByRole('button', { name: 'Start', exact: true }).click();

    await page.waitForURL('**/workflows/order-with-undo/executions/undo-1');
    await expect.poll(() => page.getByTestId('execution-status').textContent(), { timeout: 30_000 }).toBe('failed');
    await page.locator('[data-state="reserveStock"][data-outcome="compensated"]').waitFor();
    expect(await page.locator('[data-state="Compensate reserveStock"]').getAttribute('data-outcome')).toBe('succeeded');
    expect(await page.locator('[data-state="chargeCard"]').getAttribute('data-outcome')).toBe('failed');
    expect(await page.locator('.compensation').textContent()).toContain('reserveStock: undone by Compensate reserveStock');
  }, 45_000);

  it('shows which trigger a test event matches before sending it, starts it, says a duplicate starts nothing, and finds it by its key', async () => {
    await page.getByRole('link', { name: 'Test event' }).click();
    await page.locator('textarea[name="event"]').fill(JSON.stringify({ Source: 'shop.orders', DetailType: 'OrderPlaced', Detail: { orderId: 'o-3', amountCents: 100 } }));
    const expectedName = executionNameFor('order-fulfilment', 'o-3');
    await expect.poll(() => page.getByTestId('event-matches').textContent()).toBe(`order-fulfilment would start ${expectedName}`);

    await page.getByRole('button', { name: 'Send (starts 1)' }).click();
    await expect.poll(() => page.getByTestId('event-sent').textContent()).toBe(`order-fulfilment: started ${expectedName}`);
    await page.getByRole('button', { name: 'Send (starts 1)' }).click();
    await expect.poll(() => page.getByTestId('event-sent').textContent()).toContain('this key was seen before, so nothing new starts');

    await page.goto(`${server.endpoint}/?q=o-3`);
    await page.locator(`tr[data-execution="${expectedName}"]`).waitFor();
    expect(await page.locator('tbody tr').count()).toBe(1);

    await page.goto(`${server.endpoint}/start?workflow=order-fulfilment&from=${expectedName}`);
    await expect.poll(() => page.locator('[role="note"]').textContent()).toContain('A rerun with the same key replays');
    await expect.poll(() => page.locator('textarea[name="input"]').inputValue()).toContain('"orderId": "o-3"');
  }, 30_000);

  it('shows a running execution live and stops it', async () => {
    await sfnClientFor(server.endpoint).send(new StartExecutionCommand({ stateMachineArn: MACHINE_ARN.replace('order-fulfilment', 'slow-order'), name: 'slow-1', input: '{}' }));
    await page.goto(`${server.endpoint}/workflows/slow-order/executions/slow-1`);
    await page.locator('[data-state="holdForReview"][data-outcome="running"]').waitFor();
    expect(await page.getByTestId('execution-status').textContent()).toBe('running');
    expect(await page.locator('[data-state="ship"]').getAttribute('data-outcome')).toBe('not-reached');

    await page.getByRole('button', { name: 'Stop' }).click();
    await expect.poll(() => page.getByTestId('execution-status').textContent(), { timeout: 15_000 }).toBe('aborted');
    await page.locator('[data-state="holdForReview"][data-outcome="aborted"]').waitFor();
  }, 30_000);

  it('opens a Parallel branch and shows what happened inside it', async () => {
    await sfnClientFor(server.endpoint).send(new StartExecutionCommand({ stateMachineArn: MACHINE_ARN.replace('order-fulfilment', 'fan-out'), name: 'fan-1', input: '{}' }));
    await page.goto(`${server.endpoint}/workflows/fan-out/executions/fan-1?state=both`);
    await expect.poll(() => page.getByTestId('execution-status').textContent(), { timeout: 15_000 }).toBe('succeeded');
    await page.getByRole('button', { name: 'Open branch 2' }).click();
    await page.locator('[data-state="weigh"][data-outcome="succeeded"]').waitFor();
    expect(await page.locator('[data-state="label"]').getAttribute('data-outcome')).toBe('succeeded');
    expect(await page.locator('[data-state="both"]').count()).toBe(0);
    expect(page.url()).toContain('scope=both%3A1');

    await page.getByRole('button', { name: 'top level' }).click();
    await page.locator('[data-state="both"][data-outcome="succeeded"]').waitFor();
  }, 30_000);

  it('lists the idempotency records a run left and releases one from the page', async () => {
    const client = sfnClientFor(server.endpoint);
    const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn: MACHINE_ARN.replace('order-fulfilment', 'stock-hold'), name: 'hold-1', input: JSON.stringify({ orderId: 'o-5' }) }));
    expect(await untilClosed(client, executionArn!)).toBe('SUCCEEDED');
    await page.goto(`${server.endpoint}/workflows/stock-hold/executions/hold-1`);
    await page.getByRole('link', { name: 'Idempotency records' }).click();
    await page.waitForURL('**/workflows/stock-hold/idempotency');
    const row = page.locator('tr[data-status="COMPLETED"]');
    await row.waitFor();
    expect(await row.locator('td').nth(2).textContent()).toBe('hold-1');

    await row.getByRole('button', { name: 'Release\u2026' }).click();
    await row.getByRole('button', { name: 'Release', exact: true }).click();
    await expect.poll(() => page.getByTestId('records-message').textContent()).toContain('the next start performs reserveStock again for this key');
    await page.getByTestId('no-records').waitFor();
  }, 45_000);

  it('says that dead letters are kept on AWS only', async () => {
    await page.getByRole('link', { name: 'Dead letters' }).click();
    await expect.poll(() => page.getByTestId('dead-letters-note').textContent()).toContain('Dead letters exist on AWS only');
  });

  it('loads less than 300 KB gzip for the whole console', () => {
    const consoleFiles = [...loaded].filter(([path]) => !path.startsWith('/aethon/'));
    expect(consoleFiles.map(([path]) => path)).toEqual(expect.arrayContaining(['/', '/console/app.js', '/console/vendor/preact.mjs', '/console/vendor/dagre.mjs']));
    const total = consoleFiles.reduce((sum, [, size]) => sum + size, 0);
    console.info(`console: ${consoleFiles.length} files, ${(total / 1024).toFixed(1)} KB gzip`);
    expect(total).toBeLessThan(BUDGET_GZIP_BYTES);
  });
});
