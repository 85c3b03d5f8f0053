/** The mock HTTP server's port option: a fixed port, and a clear error when it is taken. */
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startMockHttpServer, type MockHttpServer } from '../../../lib/testing/index.ts';

const started: MockHttpServer[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((server) => server.close()));
});

/** A port that was free a moment ago. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe('Function: startMockHttpServer', () => {
  it('listens on the given port and answers from the script', async () => {
    // Prepare
    const port = await freePort();

    // Act
    const server = await startMockHttpServer({ 'POST /charges': [{ status: 503 }, { status: 201, body: { id: 'ch_1' } }] }, { port });
    started.push(server);
    const first = await fetch(`${server.url}/charges`, { method: 'POST', body: '{}' });
    const second = await fetch(`${server.url}/charges`, { method: 'POST', body: '{}' });

    // Assess
    expect(server.url).toBe(`http://127.0.0.1:${port}`);
    expect([first.status, second.status]).toEqual([503, 201]);
    expect(await second.json()).toEqual({ id: 'ch_1' });
    expect(server.requestsTo('POST /charges')).toHaveLength(2);
  });

  it('picks a free port by default', async () => {
    const server = await startMockHttpServer();
    started.push(server);
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(Number(new URL(server.url).port)).toBeGreaterThan(0);
  });

  it('says which port is taken and what to do', async () => {
    const first = await startMockHttpServer();
    started.push(first);
    const port = Number(new URL(first.url).port);
    await expect(startMockHttpServer({}, { port })).rejects.toThrow(`mock HTTP server: port ${port} on 127.0.0.1 is already in use; pass another port, or none for a free one`);
  });

  it('refuses a number that is not a port', async () => {
    await expect(startMockHttpServer({}, { port: 70_000 })).rejects.toThrow('port 70000 is not a port number');
  });
});
