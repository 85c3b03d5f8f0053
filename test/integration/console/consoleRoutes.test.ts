/**
 * The console's HTTP side, mounted in `aethon dev`: the page and its files with their security
 * headers, the same-origin check on state changes (the Step Functions API's included), and the
 * /aethon/ routes' refusals. Plain HTTP, no browser.
 */
import { describe, expect, it } from 'vitest';
import { executionNameFor } from '../../../lib/contracts/executionName.ts';
import { consoleServerForFile, sendRaw } from './consoleProject.ts';

const LIST_MACHINES = { 'x-amz-target': 'AWSStepFunctions.ListStateMachines', 'content-type': 'application/x-amz-json-1.0' };

describe('Console routes in aethon dev', () => {
  const running = consoleServerForFile();

  it('serves the page at / and at deep links, with an import map allowed by its hash only', async () => {
    for (const path of ['/', '/workflows/order-fulfilment/executions/any-name', '/workflows/order-fulfilment/config', '/workflows/stock-hold/idempotency', '/dead-letters', '/start']) {
      const page = await sendRaw(running.server.endpoint, 'GET', path);
      expect(page.status, path).toBe(200);
      expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(page.body).toContain('"preact":"/console/vendor/preact.mjs"');
    }
    const page = await sendRaw(running.server.endpoint, 'GET', '/');
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toMatch(/script-src 'self' 'sha256-[A-Za-z0-9+/=]+'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');
  });

  it('serves the vendored modules from the package and refuses paths outside the console files', async () => {
    const dagre = await sendRaw(running.server.endpoint, 'GET', '/console/vendor/dagre.mjs');
    expect(dagre.status).toBe(200);
    expect(dagre.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(dagre.body).not.toContain('sourceMappingURL');
    for (const path of ['/console/../../package.json', '/console/%2e%2e/staticAssets.ts', '/console/nothing.js']) {
      const answer = await sendRaw(running.server.endpoint, 'GET', path);
      expect(answer.status, path).toBe(404);
    }
  });

  it('refuses a state-changing request sent from another site, the Step Functions API included', async () => {
    const fromElsewhere = await sendRaw(running.server.endpoint, 'POST', '/', { ...LIST_MACHINES, origin: 'https://evil.example' }, '{}');
    expect(fromElsewhere.status).toBe(403);
    expect(JSON.parse(fromElsewhere.body)).toMatchObject({ __type: 'AccessDeniedException', message: expect.stringContaining("origin 'https://evil.example'") });
    const crossSite = await sendRaw(running.server.endpoint, 'POST', '/aethon/config/order-fulfilment', { 'sec-fetch-site': 'cross-site', 'content-type': 'application/json' }, '{}');
    expect(crossSite.status).toBe(403);
    expect(JSON.parse(crossSite.body).message).toContain('Sec-Fetch-Site: cross-site');
  });

  it('lets the console itself and SDK clients (no Origin) through', async () => {
    const host = new URL(running.server.endpoint).host;
    const sameOrigin = await sendRaw(running.server.endpoint, 'POST', '/', { ...LIST_MACHINES, origin: running.server.endpoint, 'sec-fetch-site': 'same-origin', host }, '{}');
    expect(sameOrigin.status).toBe(200);
    const sdkLike = await sendRaw(running.server.endpoint, 'POST', '/', LIST_MACHINES, '{}');
    expect(JSON.parse(sdkLike.body).stateMachines.map((machine: { name: string }) => machine.name)).toContain('order-fulfilment');
  });

  it('describes the workflows without their secrets or definitions', async () => {
    const answer = await sendRaw(running.server.endpoint, 'GET', '/aethon/workflows');
    expect(JSON.parse(answer.body)).toEqual({
      workflows: [
        { name: 'fan-out', type: 'standard', idempotencyKeyTriggers: false, hasConfig: false, hasIdempotency: false },
        { name: 'order-fulfilment', type: 'standard', idempotencyKeyTriggers: true, hasConfig: true, hasIdempotency: false },
        { name: 'order-with-undo', type: 'standard', idempotencyKeyTriggers: false, hasConfig: true, hasIdempotency: false },
        { name: 'slow-order', type: 'standard', idempotencyKeyTriggers: false, hasConfig: false, hasIdempotency: false },
        { name: 'stock-hold', type: 'standard', idempotencyKeyTriggers: false, hasConfig: false, hasIdempotency: true },
      ],
    });
    expect(answer.body).not.toContain('States');
  });

  it('says what is wrong with a config request: unknown workflow, missing reason, not a document', async () => {
    const unknown = await sendRaw(running.server.endpoint, 'GET', '/aethon/config/nope');
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body).message).toBe("no workflow named 'nope' (this project has fan-out, order-fulfilment, order-with-undo, slow-order, stock-hold)");
    const noReason = await sendRaw(running.server.endpoint, 'POST', '/aethon/config/order-fulfilment', { 'content-type': 'application/json' }, JSON.stringify({ document: { chargesEnabled: true, maxAmountCents: 5 } }));
    expect(noReason.status).toBe(400);
    expect(JSON.parse(noReason.body).message).toContain("needs a 'reason'");
    const notDocument = await sendRaw(running.server.endpoint, 'POST', '/aethon/config/order-fulfilment', { 'content-type': 'application/json' }, JSON.stringify({ document: [1], reason: 'r' }));
    expect(JSON.parse(notDocument.body).message).toContain("'document' must be the whole configuration");
    const rollback = await sendRaw(running.server.endpoint, 'POST', '/aethon/config/order-fulfilment/rollback', { 'content-type': 'application/json' }, JSON.stringify({ version: 99, reason: 'r' }));
    expect(rollback.status).toBe(404);
    expect(JSON.parse(rollback.body).message).toContain('has no config version 99');
  });

  it('tells which triggers a test event matches and the execution name its idempotency key gives', async () => {
    const match = (event: unknown) => sendRaw(running.server.endpoint, 'POST', '/aethon/events/match', { 'content-type': 'application/json' }, JSON.stringify({ event }));
    const matched = JSON.parse((await match({ Source: 'shop.orders', DetailType: 'OrderPlaced', Detail: JSON.stringify({ orderId: 'o-9', amountCents: 1 }) })).body);
    expect(matched).toEqual({ matches: [{ workflow: 'order-fulfilment', input: { orderId: 'o-9', amountCents: 1 }, executionName: executionNameFor('order-fulfilment', 'o-9') }] });
    const keyless = JSON.parse((await match({ Source: 'shop.orders', DetailType: 'OrderPlaced', Detail: '{}' })).body);
    expect(keyless.matches[0].refusal).toContain('nothing at $.detail.orderId');
    expect(JSON.parse((await match({ Source: 'shop.other', DetailType: 'OrderPlaced', Detail: '{}' })).body)).toEqual({ matches: [] });
    const malformed = await match({ Source: 'shop.orders' });
    expect(malformed.status).toBe(400);
    expect(JSON.parse(malformed.body).message).toContain('DetailType must be a non-empty string');
  });

  it('says a workflow without a config section has no configuration to show', async () => {
    const answer = await sendRaw(running.server.endpoint, 'GET', '/aethon/config/slow-order');
    expect(answer.status).toBe(404);
    expect(JSON.parse(answer.body).message).toBe("workflow 'slow-order' declares no config: add a 'config' section with a schema and defaults to its file");
  });

  it('answers unknown console routes with what exists', async () => {
    const answer = await sendRaw(running.server.endpoint, 'GET', '/aethon/nothing');
    expect(answer.status).toBe(404);
    expect(JSON.parse(answer.body)).toMatchObject({ __type: 'UnknownOperation', message: 'the console has no route GET /aethon/nothing' });
  });
});
