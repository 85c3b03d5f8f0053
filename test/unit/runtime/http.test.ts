/** HttpClient details the mock-service matrix does not cover: headers, Retry-After dates, deadlines. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AethonErrors } from '../../../lib/contracts/aethonErrors.ts';
import { HttpClient, parseRetryAfter } from '../../../lib/runtime/index.ts';
import { startMockHttpServer, type MockHttpServer } from '../../../lib/testing/mockHttpServer.ts';

let server: MockHttpServer;
beforeAll(async () => {
  server = await startMockHttpServer({ 'POST /charges': { body: { id: 'ch_1' } }, 'DELETE /things/:id': { status: 204 } });
});
afterAll(async () => {
  await server.close();
});

describe('Class: HttpClient', () => {
  it("sends the step's idempotency key as Idempotency-Key, and JSON bodies", async () => {
    const client = new HttpClient({ stepIdempotencyKey: 'wf.step.abc123' });

    await client.post(`${server.url}/charges`, { amountCents: 4900 }, { idempotencyKey: true });

    const [request] = server.requestsTo('POST /charges');
    expect(request!.headers['idempotency-key']).toBe('wf.step.abc123');
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.body).toEqual({ amountCents: 4900 });
  });

  it("accepts an empty answer when told not to expect JSON", async () => {
    await expect(new HttpClient().request(`${server.url}/things/1`, { method: 'DELETE', expect: 'none' })).resolves.toBeUndefined();
  });

  it('keeps the query string (tokens, personal data) out of error messages', async () => {
    const error = await new HttpClient().get(`${server.url}/missing?token=abc`).catch((e: Error) => e);

    expect((error as Error).name).toBe(AethonErrors.PERMANENT);
    expect((error as Error).message).not.toContain('token=abc');
  });
});

describe('Function: parseRetryAfter', () => {
  const clock = { now: () => Date.parse('2026-11-28T12:00:00Z') };

  it('reads delay-seconds and HTTP-dates', () => {
    expect(parseRetryAfter('120', clock)).toBe(120);
    expect(parseRetryAfter('Sat, 28 Nov 2026 12:00:30 GMT', clock)).toBe(30);
    expect(parseRetryAfter('Sat, 28 Nov 2026 11:00:00 GMT', clock)).toBe(0);
  });

  it('ignores absent or unreadable values', () => {
    expect(parseRetryAfter(null, clock)).toBeUndefined();
    expect(parseRetryAfter('soon', clock)).toBeUndefined();
  });
});
