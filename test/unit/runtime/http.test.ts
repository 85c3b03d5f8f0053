/** HttpClient details the mock-service matrix does not cover: headers, Retry-After dates, deadlines. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AethonErrors } from '../../../lib/contracts/aethonErrors.ts';
import { HttpClient, parseRetryAfter, serviceUrl } from '../../../lib/runtime/index.ts';
import { startMockHttpServer, type MockHttpServer } from '../../../lib/testing/mockHttpServer.ts';

let server: MockHttpServer;
beforeAll(async () => {
  server = await startMockHttpServer({
    'POST /charges': { body: { id: 'ch_1' } },
    'PUT /things/:id': { body: { id: 't_1', replaced: true } },
    'PATCH /things/:id': { body: { id: 't_1', patched: true } },
    'DELETE /things/:id': { status: 204 },
    'POST /moved-301': { status: 301, headers: { location: '/status?token=abc' } },
    'POST /moved-302': { status: 302, headers: { location: '/status' } },
    'POST /moved-303': { status: 303, headers: { location: '/status' } },
    'POST /moved-307': { status: 307, headers: { location: '/charges' } },
    'GET /old-status': { status: 301, headers: { location: '/status' } },
    'GET /elsewhere': { status: 302, headers: { location: 'http://127.0.0.2:9/status' } },
    'GET /loop': { status: 302, headers: { location: '/loop' } },
    'GET /status': { body: { ok: true } },
    'POST /not-modified': { status: 304 },
    'GET /timeout-408': { status: 408, body: { error: 'request timeout' } },
    'GET /too-early-425': { status: 425, body: { error: 'too early' } },
    'POST /payments': { body: { status: 'error', code: 'CARD_DECLINED', message: 'card declined' } },
    'POST /busy': { body: { status: 'error', code: 'BUSY', message: 'try later' } },
  });
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

  it('sends PUT and PATCH with JSON bodies and DELETE without one, each with its own method', async () => {
    const client = new HttpClient();

    await expect(client.put(`${server.url}/things/t_1`, { name: 'a' })).resolves.toEqual({ id: 't_1', replaced: true });
    await expect(client.patch(`${server.url}/things/t_1`, { name: 'b' })).resolves.toEqual({ id: 't_1', patched: true });
    await expect(client.delete(`${server.url}/things/t_1`, { expect: 'none' })).resolves.toBeUndefined();

    expect(server.requestsTo('PUT /things/:id').map((r) => r.body)).toEqual([{ name: 'a' }]);
    expect(server.requestsTo('PATCH /things/:id').map((r) => r.body)).toEqual([{ name: 'b' }]);
    expect(server.requestsTo('DELETE /things/:id')).toHaveLength(1);
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

describe('Class: HttpClient, a 200 that reports a failure', () => {
  const failureIn = (body: { status?: string; code?: string; message?: string }) =>
    body.status === 'error' ? { reason: `${body.code}: ${body.message}`, retryable: body.code === 'BUSY' } : undefined;

  it('fails a 200 whose body says it failed, permanent or retryable as failureIn decides', async () => {
    const client = new HttpClient();
    const declined = await client.post(`${server.url}/payments`, {}, { failureIn }).catch((error: Error) => error);
    const busy = await client.post(`${server.url}/busy`, {}, { failureIn }).catch((error: Error) => error);
    expect(declined).toMatchObject({ name: AethonErrors.PERMANENT, message: expect.stringMatching(/answered 200, but its body reports a failure: CARD_DECLINED: card declined$/) });
    expect(busy).toMatchObject({ name: AethonErrors.RETRYABLE, message: expect.stringMatching(/BUSY: try later$/) });
  });

  it('returns the body when failureIn sees a success, and ignores such bodies without it', async () => {
    const client = new HttpClient();
    await expect(client.post(`${server.url}/charges`, {}, { failureIn })).resolves.toEqual({ id: 'ch_1' });
    await expect(client.post(`${server.url}/payments`, {})).resolves.toMatchObject({ status: 'error' });
  });
});

describe('Class: HttpClient, redirects and transient 4xx', () => {
  it.each([301, 302, 303])('does not follow a %s of a POST: Aethon.Permanent with the status and the Location', async (status) => {
    const error = (await new HttpClient().post(`${server.url}/moved-${status}`, { amountCents: 4900 }).catch((e: Error) => e)) as Error & { details: Record<string, unknown> };

    expect(error.name).toBe(AethonErrors.PERMANENT);
    expect(error.details).toMatchObject({ status, location: expect.stringMatching(/^\/(status|charges)$/) });
    expect(error.message).toContain(`answered ${status} to /`);
    expect(error.message).not.toContain('token=abc');
    expect(server.requestsTo('GET /status')).toHaveLength(0); // the POST was not turned into a GET
  });

  it('follows a 307 of a POST on the same origin, sending the same method and body', async () => {
    const before = server.requestsTo('POST /charges').length;
    await expect(new HttpClient().post(`${server.url}/moved-307`, { amountCents: 4900 })).resolves.toEqual({ id: 'ch_1' });
    const charges = server.requestsTo('POST /charges');
    expect(charges).toHaveLength(before + 1);
    expect(charges.at(-1)!.body).toEqual({ amountCents: 4900 });
  });

  it('follows a redirect of a GET on the same origin, and refuses another origin or a loop', async () => {
    const client = new HttpClient();
    await expect(client.get(`${server.url}/old-status`)).resolves.toEqual({ ok: true });
    const elsewhere = (await client.get(`${server.url}/elsewhere`).catch((e: Error) => e)) as Error & { details: Record<string, unknown> };
    const loop = (await client.get(`${server.url}/loop`).catch((e: Error) => e)) as Error;
    expect(elsewhere).toMatchObject({ name: AethonErrors.PERMANENT, details: { status: 302, location: 'http://127.0.0.2:9/status' } });
    expect(loop).toMatchObject({ name: AethonErrors.PERMANENT, message: expect.stringContaining('answered 302') });
    expect(server.requestsTo('GET /loop').length).toBe(6);
  });

  it('does not take a 304 for success, even when no body is expected', async () => {
    const error = await new HttpClient().request(`${server.url}/not-modified`, { method: 'POST', body: {}, expect: 'none' }).catch((e: Error) => e);

    expect((error as Error).name).toBe(AethonErrors.PERMANENT);
    expect((error as Error).message).toContain('answered 304');
  });

  it.each(['timeout-408', 'too-early-425'])('retries %s', async (path) => {
    const error = await new HttpClient().get(`${server.url}/${path}`).catch((e: Error) => e);

    expect((error as Error).name).toBe(AethonErrors.RETRYABLE);
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

describe('Function: serviceUrl', () => {
  it('reads the base URL without a trailing slash', () => {
    expect(serviceUrl('PARTNER_API_URL', { PARTNER_API_URL: ' http://127.0.0.1:9000/v1// ' })).toBe('http://127.0.0.1:9000/v1');
  });

  it('fails permanently, naming the variable and where to declare it, when it is unset or blank', () => {
    for (const env of [{}, { PARTNER_API_URL: '  ' }]) {
      const error = (() => {
        try {
          serviceUrl('PARTNER_API_URL', env);
        } catch (thrown) {
          return thrown as Error;
        }
        return undefined;
      })();
      expect(error?.name).toBe(AethonErrors.PERMANENT);
      expect(error?.message).toMatch(/^PARTNER_API_URL is not set;.*environment: in the workflow file.*--env PARTNER_API_URL=<url>/);
      // Declared as an SSM parameter without local:, it is unset in a local run: the message must not stop at "declare it".
      expect(error?.message).toContain('a declared { ssm } or { import } value is set only when deployed, unless it has a local: value');
    }
  });
});
