/**
 * A canary secret, read through the runtime, is handed every way a handler can leak it: logged
 * (message, keys, nested objects, at DEBUG), echoed back by a service into an error body, thrown in
 * an error and its cause, returned in the output. It must appear in no log line, EMF record, error
 * or output.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AethonErrors } from '../../../lib/contracts/aethonErrors.ts';
import { PermanentError, step, writeConfigVersion } from '../../../lib/runtime/index.ts';
import { startMockHttpServer, type MockHttpServer } from '../../../lib/testing/mockHttpServer.ts';
import { captureOutput, type CapturedOutput } from '../../fixtures/runtime/captureOutput.ts';
import { stepEnv, taskPayload } from '../../fixtures/runtime/payloads.ts';

const CANARY = 'canary-7f3a9c2e-d41b-4e0f';
const JSON_CANARY_LEAF = 'leaf-canary-91ab77';

let localDir: string;
let server: MockHttpServer;
let output: CapturedOutput;

beforeAll(async () => {
  localDir = mkdtempSync(join(tmpdir(), 'aethon-canary-'));
  writeFileSync(join(localDir, 'secrets.json'), JSON.stringify({ 'aethon/canary': CANARY, 'aethon/json': { token: JSON_CANARY_LEAF } }));
  // DEBUG through the dynamic config, so the HTTP client's request lines are written too.
  writeConfigVersion(localDir, 'test-workflow', { logLevel: 'DEBUG' });
  server = await startMockHttpServer({
    'POST /echo': (request) => ({ status: 400, body: { message: `bad key ${String((request.headers.authorization ?? '').toString())}` } }),
    'GET /ok': { body: { ok: true } },
  });
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

const env = () => stepEnv({ AETHON_LOCAL_DIR: localDir, AETHON_SECRETS: JSON.stringify({ canary: 'aethon/canary', json: 'aethon/json' }) });

function assertNoCanary(...values: unknown[]): void {
  const everything = [...output.lines, ...values.map((v) => (v instanceof Error ? `${v.message}\n${v.stack}\n${JSON.stringify(v)}\n${String((v.cause as Error | undefined)?.message)}` : JSON.stringify(v)))].join('\n');
  expect(everything).not.toContain(CANARY);
  expect(everything).not.toContain(JSON_CANARY_LEAF);
}

describe('Secret redaction', () => {
  it('keeps the canary out of log lines and the output of a successful step', async () => {
    const handler = step({ env: env() }, async (_input: unknown, ctx) => {
      const secret = await ctx.secret('canary');
      const json = JSON.parse(await ctx.secret('json')) as { token: string };
      ctx.logger.info(`using ${secret}`, { secret, nested: { deeper: [secret, json.token] } });
      ctx.logger.debug('debug line', { header: `Bearer ${secret}` });
      await ctx.http.get(`${server.url}/ok?token=${secret}`, { headers: { authorization: secret } });
      return { token: secret, list: [`x-${json.token}-y`], [secret]: 'as a key' };
    });

    const result = await handler(taskPayload({}));

    expect(JSON.stringify(result)).toContain('[REDACTED]');
    expect(output.logs().some((l) => l.message === 'debug line')).toBe(true); // the DEBUG lines were written
    assertNoCanary(result);
  });

  it('keeps the canary out of the error, its cause, and the log line when a service echoes it', async () => {
    const handler = step({ env: env() }, async (_input: unknown, ctx) => {
      const secret = await ctx.secret('canary');
      try {
        await ctx.http.post(`${server.url}/echo`, { secret }, { headers: { authorization: secret } });
      } catch (error) {
        throw new PermanentError(`the partner refused ${secret}`, { bodyExcerpt: secret }, { cause: error });
      }
      return null;
    });

    let thrown: Error | undefined;
    try {
      await handler(taskPayload({}));
    } catch (error) {
      thrown = error as Error;
    }

    expect(thrown?.name).toBe(AethonErrors.PERMANENT);
    expect((thrown?.cause as Error).message).toContain('answered 400'); // the echo reached the error chain
    expect(output.logs().filter((l) => l.level === 'ERROR')).toHaveLength(1);
    assertNoCanary(thrown);
  });

  it('keeps the ordinary fields of an RDS-format secret intact in the output, and its password out', async () => {
    // Prepare
    const password = 'S3cr3t+pw/9f8e=';
    const rds = JSON.stringify({ engine: 'postgres', host: 'db.internal', username: 'app', password, dbname: 'users', port: 5432 });
    const handler = step({ env: stepEnv({ AETHON_LOCAL_DIR: localDir, AETHON_SECRETS: JSON.stringify({ db: 'aethon/db' }), AETHON_SECRET_DB: rds }) }, async (input: { userId: string }, ctx) => {
      await ctx.secret('db');
      return { profileUrl: `https://app.example.com/users/${input.userId}`, status: 'created in postgres', echoed: `https://db.example/?p=${encodeURIComponent(password)}` };
    });

    // Act
    const result = await handler(taskPayload({ userId: 'u-1' }));

    // Assess
    expect(result).toEqual({ profileUrl: 'https://app.example.com/users/u-1', status: 'created in postgres', echoed: 'https://db.example/?p=[REDACTED]' });
  });

  it('names a missing secret and fails as Aethon.SecretNotFound', async () => {
    const handler = step({ env: stepEnv({ AETHON_LOCAL_DIR: localDir, AETHON_SECRETS: JSON.stringify({ missing: 'aethon/missing' }) }) }, async (_input: unknown, ctx) => ctx.secret('missing'));

    await expect(handler(taskPayload({}))).rejects.toMatchObject({ name: AethonErrors.SECRET_NOT_FOUND, message: expect.stringContaining("'missing' (aethon/missing)") });
  });

  it('refuses a secret the step did not declare, naming it', async () => {
    const handler = step({ env: env() }, async (_input: unknown, ctx) => ctx.secret('paymentsApiKey'));

    await expect(handler(taskPayload({}))).rejects.toMatchObject({ name: AethonErrors.SECRET_NOT_FOUND, message: expect.stringContaining("may not read secret 'paymentsApiKey'") });
  });
});
