/**
 * `aethon dev` bound beyond loopback (0.0.0.0): every request needs the token. A browser gets it
 * from the printed URL once (`/?token=`), which sets a cookie and redirects without it; SDK
 * clients keep sending it as their access key id. Requests go to 127.0.0.1 with the Host header
 * a remote browser would send (an allowed name).
 */
import { ListStateMachinesCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevServer } from '../../../lib/dev/index.ts';
import { sfnClientFor } from '../dev/devProject.ts';
import { chromiumPath, launchChromium } from './chromium.ts';
import { sendRaw, startConsoleServer } from './consoleProject.ts';

const TOKEN = 'console-test-token';

/** Through loopback, with the headers (Host above all) a remote browser would send. */
const send = (port: number, method: string, path: string, headers: Record<string, string>, body?: string) => sendRaw(`http://127.0.0.1:${port}`, method, path, headers, body);

describe('Console: aethon dev bound to 0.0.0.0', () => {
  let server: DevServer;
  let host: string;
  beforeAll(async () => {
    server = await startConsoleServer({ host: '0.0.0.0', token: TOKEN, allowHosts: ['devbox.test'] });
    host = `devbox.test:${server.port}`;
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  it('refuses the page without the token, and says how a browser gets in', async () => {
    const refused = await send(server.port, 'GET', '/', { host });
    expect(refused.status).toBe(401);
    expect(JSON.parse(refused.body).message).toContain('open the URL printed at start (/?token=...)');
    expect((await send(server.port, 'GET', '/?token=wrong', { host })).status).toBe(401);
  });

  it('exchanges the token in the URL for an HttpOnly, SameSite=Strict cookie and redirects to the page without it', async () => {
    const exchanged = await send(server.port, 'GET', `/workflows/stock-hold/idempotency?token=${TOKEN}`, { host });
    expect(exchanged.status).toBe(303);
    expect(exchanged.headers.location).toBe('/workflows/stock-hold/idempotency');
    expect(exchanged.headers['set-cookie']).toEqual([`aethon_dev_token_${server.port}=${TOKEN}; Path=/; HttpOnly; SameSite=Strict`]);
    const cookie = `aethon_dev_token_${server.port}=${TOKEN}`;
    const page = await send(server.port, 'GET', '/workflows/stock-hold/idempotency', { host, cookie });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<div id="app">');
    const api = await send(server.port, 'POST', '/', { host, cookie, origin: `http://${host}`, 'x-amz-target': 'AWSStepFunctions.ListStateMachines', 'content-type': 'application/x-amz-json-1.0' }, '{}');
    expect(api.status).toBe(200);
    expect(JSON.parse(api.body).stateMachines.length).toBeGreaterThan(0);
  });

  it('still takes the token as the SDK access key id, and refuses another', async () => {
    const endpoint = `http://127.0.0.1:${server.port}`;
    const listed = await sfnClientFor(endpoint, TOKEN).send(new ListStateMachinesCommand({}));
    expect(listed.stateMachines?.map((machine) => machine.name)).toContain('stock-hold');
    await expect(sfnClientFor(endpoint, 'not-the-token').send(new ListStateMachinesCommand({}))).rejects.toMatchObject({ name: 'UnrecognizedClientException' });
  });

  it.skipIf(!chromiumPath)('lets a browser that opened the printed URL use the whole page', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(`http://127.0.0.1:${server.port}/?token=${TOKEN}`);
      expect(new URL(page.url()).search).toBe('');
      await page.getByRole('heading', { name: 'Executions' }).waitFor();
      // The list's data came through the API with the cookie alone: the workflow filter lists the machines.
      await expect.poll(() => page.locator('select[name="workflow"] option').allTextContents()).toContain('stock-hold');
    } finally {
      await browser.close();
    }
  }, 60_000);
});
