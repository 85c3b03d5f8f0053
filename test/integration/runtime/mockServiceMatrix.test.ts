/**
 * The mock-service matrix: the example handler fetchFileList, through the step wrapper, against a
 * real HTTP server on loopback. Every case asserts the error name Step Functions will see and the
 * log lines an operator will read. (The full-workflow half of the matrix runs on the local engine.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { AethonErrors } from '../../../lib/contracts/aethonErrors.ts';
import type { LambdaHandler } from '../../../lib/runtime/index.ts';
import { startMockHttpServer, type MockHttpServer } from '../../../lib/testing/mockHttpServer.ts';
import { captureOutput, type CapturedOutput } from '../../fixtures/runtime/captureOutput.ts';
import { stepEnv, taskPayload } from '../../fixtures/runtime/payloads.ts';
import { failureOf } from '../../helpers/failureOf.ts';

const API_KEY = 'pk_matrix_5b1c9e';
const FILES = [{ id: 'f-1', name: 'orders-2026-11-27.csv', sizeBytes: 120 }];

let server: MockHttpServer;
let output: CapturedOutput;
let localDir: string;
let handler: LambdaHandler<{ date: string; files: unknown[] }>;

beforeAll(async () => {
  server = await startMockHttpServer();
  localDir = mkdtempSync(join(tmpdir(), 'aethon-matrix-'));
  // The step timeout bounds every request: 2 s keeps the timeout case short.
  for (const [name, value] of Object.entries(
    stepEnv({
      AETHON_WORKFLOW: 'nightly-etl',
      AETHON_STEP: 'fetchFileList',
      AETHON_TIMEOUT_SECONDS: '2',
      AETHON_SECRETS: JSON.stringify({ partnerApiKey: 'aethon/partner-api-key' }),
      AETHON_LOCAL_DIR: localDir,
      AETHON_SECRET_PARTNER_API_KEY: API_KEY,
      PARTNER_API_URL: server.url,
    }),
  )) {
    vi.stubEnv(name, value);
  }
  ({ handler } = await import('../../../functions/nightly-etl/fetchFileList.ts'));
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await server.close();
  rmSync(localDir, { recursive: true, force: true });
});
beforeEach(() => {
  output = captureOutput();
});
afterEach(() => {
  output.restore();
});

const input = { date: '2026-11-27' };

function failureLines(): Record<string, unknown>[] {
  return output.logs().filter((l) => l.message === 'step failed');
}

describe('fetchFileList against a mock partner API', () => {
  it('returns {date, files} on success and logs start, progress and success', async () => {
    server.route('GET /files', { body: { files: FILES } });

    const result = await handler(taskPayload(input, { workflow: 'nightly-etl', state: 'fetchFileList' }));

    expect(result).toEqual({ date: '2026-11-27', files: FILES });
    expect(server.requestsTo('GET /files').at(-1)!.headers['x-api-key']).toBe(API_KEY);
    expect(output.logs().map((l) => [l.level, l.message])).toEqual([
      ['INFO', 'step started'],
      ['INFO', 'partner files listed'],
      ['INFO', 'step succeeded'],
    ]);
    expect(output.logs()[2]).toMatchObject({ workflow: 'nightly-etl', state: 'fetchFileList', attempt: 1 });
  });

  it('fails a 503 as Aethon.Retryable and succeeds on the retry', async () => {
    server.route('GET /files', [{ status: 503, body: { message: 'maintenance' } }, { body: { files: FILES } }]);

    const error = await failureOf(handler(taskPayload(input, { executionName: 'etl-503' })));
    const retried = await handler(taskPayload(input, { executionName: 'etl-503', retryCount: 1 }));

    expect(error.name).toBe(AethonErrors.RETRYABLE);
    expect(error.details).toMatchObject({ status: 503 });
    expect(retried.files).toEqual(FILES);
    expect(failureLines()).toHaveLength(1);
    expect(failureLines()[0]).toMatchObject({ level: 'WARN', errorName: AethonErrors.RETRYABLE, attempt: 1, error: { name: AethonErrors.RETRYABLE } });
    expect(output.logs().filter((l) => l.message === 'step succeeded')[0]).toMatchObject({ attempt: 2, execution_name: 'etl-503' });
  });

  it('fails a 400 as Aethon.Permanent with the status and body excerpt', async () => {
    server.route('GET /files', { status: 400, body: { message: 'date out of range' } });

    const error = await failureOf(handler(taskPayload(input)));

    expect(error.name).toBe(AethonErrors.PERMANENT);
    expect(error.message).toContain('answered 400');
    expect(error.details).toMatchObject({ status: 400, bodyExcerpt: '{"message":"date out of range"}' });
    expect(failureLines()).toEqual([expect.objectContaining({ level: 'ERROR', errorName: AethonErrors.PERMANENT })]);
  });

  it('fails a 429 as Aethon.Retryable carrying Retry-After', async () => {
    server.route('GET /files', { status: 429, headers: { 'retry-after': '7' }, body: { message: 'slow down' } });

    const error = await failureOf(handler(taskPayload(input)));

    expect(error.name).toBe(AethonErrors.RETRYABLE);
    expect(error.details).toMatchObject({ status: 429, retryAfterSeconds: 7 });
    expect(failureLines()).toEqual([expect.objectContaining({ level: 'WARN', errorName: AethonErrors.RETRYABLE, error: expect.objectContaining({ details: expect.objectContaining({ retryAfterSeconds: 7 }) }) })]);
  });

  it('fails a request that outlives the step timeout as Aethon.Retryable, before Lambda would kill it', async () => {
    server.route('GET /files', { delayMs: 5000, body: { files: FILES } });

    const started = Date.now();
    const error = await failureOf(handler(taskPayload(input)));

    expect(error.name).toBe(AethonErrors.RETRYABLE);
    expect(error.message).toMatch(/did not answer within \d+ ms/);
    expect(Date.now() - started).toBeLessThan(4000); // cut to the 2 s step timeout, not the 10 s default
    expect(failureLines()).toEqual([expect.objectContaining({ errorName: AethonErrors.RETRYABLE })]);
  });

  it('fails an empty body as Aethon.Permanent with the status', async () => {
    server.route('GET /files', { status: 200, rawBody: '' });

    const error = await failureOf(handler(taskPayload(input)));

    expect(error.name).toBe(AethonErrors.PERMANENT);
    expect(error.message).toContain('empty body');
    expect(error.details).toMatchObject({ status: 200, bodyExcerpt: '' });
    expect(failureLines()).toEqual([expect.objectContaining({ level: 'ERROR', errorName: AethonErrors.PERMANENT })]);
  });

  it('fails malformed JSON as Aethon.Permanent with an excerpt of the body', async () => {
    server.route('GET /files', { status: 200, rawBody: '{"files": [{"id": "f-1",' });

    const error = await failureOf(handler(taskPayload(input)));

    expect(error.name).toBe(AethonErrors.PERMANENT);
    expect(error.message).toContain('not JSON');
    expect(error.details).toMatchObject({ status: 200, bodyExcerpt: '{"files": [{"id": "f-1",' });
    expect(failureLines()).toEqual([expect.objectContaining({ level: 'ERROR', errorName: AethonErrors.PERMANENT })]);
  });

  it('fails a network error (nothing listening) as Aethon.Retryable', async () => {
    const closed = await startMockHttpServer();
    const url = closed.url;
    await closed.close();
    vi.stubEnv('PARTNER_API_URL', url);
    try {
      const error = await failureOf(handler(taskPayload(input)));
      expect(error.name).toBe(AethonErrors.RETRYABLE);
      expect(error.message).toContain('could not be reached');
    } finally {
      vi.stubEnv('PARTNER_API_URL', server.url);
    }
  });

  it('fails invalid input as Aethon.InvalidInput without calling the API', async () => {
    const before = server.requests.length;

    const error = await failureOf(handler(taskPayload({ date: 'yesterday' })));

    expect(error.name).toBe(AethonErrors.INVALID_INPUT);
    expect(error.message).toContain('date');
    expect(server.requests.length).toBe(before);
    expect(failureLines()).toEqual([expect.objectContaining({ level: 'ERROR', errorName: AethonErrors.INVALID_INPUT })]);
  });

  it('never writes the partner API key into a log line', () => {
    // Runs last: every line every case above produced is still in the buffers of this file's run.
    expect(output.lines.join('\n')).not.toContain(API_KEY);
  });
});
