/**
 * Secrets where redaction used to miss them: cut in half by an excerpt before the redactor saw it,
 * in an error's name or non-error cause (what Step Functions reports), and as a log key.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BODY_EXCERPT_LENGTH, step } from '../../../lib/runtime/index.ts';
import { startMockHttpServer, type MockHttpServer } from '../../../lib/testing/mockHttpServer.ts';
import { captureOutput, type CapturedOutput } from '../../fixtures/runtime/captureOutput.ts';
import { stepEnv, taskPayload } from '../../fixtures/runtime/payloads.ts';

const SECRET = 'tok-4b9e1d7c2a8f5e3b6d0c';
/** The first characters of the secret: none of them may survive. */
const HEAD = SECRET.slice(0, 6);

let localDir: string;
let server: MockHttpServer;
let output: CapturedOutput;

beforeAll(async () => {
  localDir = mkdtempSync(join(tmpdir(), 'aethon-secret-edges-'));
  writeFileSync(join(localDir, 'secrets.json'), JSON.stringify({ 'aethon/token': SECRET }));
  // The echoed secret starts 10 characters before the excerpt ends: it is cut in the middle.
  const padding = 'x'.repeat(BODY_EXCERPT_LENGTH - 10);
  server = await startMockHttpServer({ 'POST /echo': (request) => ({ status: 400, body: `${padding}${String(request.headers.authorization)} and more` }) });
});
afterAll(async () => {
  await server.close();
  rmSync(localDir, { recursive: true, force: true });
});
beforeEach(() => {
  output = captureOutput();
});
afterEach(() => {
  output.restore();
});

const env = () => stepEnv({ AETHON_LOCAL_DIR: localDir, AETHON_SECRETS: JSON.stringify({ token: 'aethon/token' }) });

async function thrownBy(handler: (payload: unknown) => Promise<unknown>): Promise<Error> {
  return handler(taskPayload({})).then(
    () => {
      throw new Error('expected the step to fail');
    },
    (error: Error) => error,
  );
}

function everything(error: Error): string {
  return [...output.lines, error.name, error.message, String(error.stack), JSON.stringify(error), String(error.cause), JSON.stringify(error.cause)].join('\n');
}

describe('Secret redaction at the edges', () => {
  it('catches a secret that straddles the 200-character cut of an HTTP body excerpt', async () => {
    // Prepare
    const handler = step({ env: env() }, async (_input: unknown, ctx) => {
      const secret = await ctx.secret('token');
      return ctx.http.post(`${server.url}/echo`, {}, { headers: { authorization: secret } });
    });
    // Act
    const error = await thrownBy(handler);
    // Assess
    // Redacted before the cut: the excerpt may end inside the marker, never inside the secret.
    expect(error.message).toMatch(/\[REDACTED/);
    expect(everything(error)).not.toContain(HEAD);
  });

  it('catches a secret cut at 200 characters by the description of a thrown non-error value', async () => {
    // Prepare
    const handler = step({ env: env() }, async (_input: unknown, ctx) => {
      const secret = await ctx.secret('token');
      // '{"note":"' (9) + 170 + '","token":"' (11): the secret starts at 190 and is cut at 200.
      throw { note: 'y'.repeat(170), token: secret };
    });
    // Act
    const error = await thrownBy(handler);
    // Assess
    expect(everything(error)).not.toContain(HEAD);
  });

  it("redacts a secret in an error's name and in a cause that is text, before the error leaves the step", async () => {
    // Prepare
    const handler = step({ env: env() }, async (_input: unknown, ctx) => {
      const secret = await ctx.secret('token');
      throw Object.assign(new Error('the partner refused', { cause: `key ${secret} was revoked` }), { name: `Partner.${secret}` });
    });
    // Act
    const error = await thrownBy(handler);
    // Assess
    expect(error.name).toBe('Partner.[REDACTED]');
    expect(error.cause).toBe('key [REDACTED] was revoked');
    expect(everything(error)).not.toContain(HEAD);
  });

  it('redacts a secret used as a log key, at the top level and nested', async () => {
    // Prepare
    const handler = step({ env: env() }, async (_input: unknown, ctx) => {
      const secret = await ctx.secret('token');
      ctx.logger.info('keys', { [secret]: 1, nested: { [`k-${secret}`]: 2 } });
      return { ok: true };
    });
    // Act
    await handler(taskPayload({}));
    // Assess
    const line = output.logs().find((l) => l.message === 'keys');
    expect(line).toMatchObject({ '[REDACTED]': 1, nested: { 'k-[REDACTED]': 2 } });
    expect(output.lines.join('\n')).not.toContain(HEAD);
  });
});
