/**
 * The README's "Undoing a step" example is real: the README quotes the compensation handler of
 * test/fixtures/readmeCompensation verbatim, and here it undoes a record whose activation failed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AethonErrors } from '../../../lib/contracts/aethonErrors.ts';
import { startMockHttpServer, startTestEngine, type MockHttpServer, type TestEngine } from '../../../lib/testing/index.ts';
import { PROJECT_ROOT } from '../../helpers/paths.ts';

const EXAMPLE_ROOT = join(PROJECT_ROOT, 'test', 'fixtures', 'readmeCompensation');
const HANDLER = 'functions/tenant-setup/deleteRecord.ts';

describe('File: README.md (compensation example)', { timeout: 30_000 }, () => {
  let service: MockHttpServer;
  let engine: TestEngine;

  beforeEach(async () => {
    service = await startMockHttpServer({
      'POST /records': { status: 201, body: { id: 'rec-1' } },
      'POST /records/:id/activate': { status: 409, body: { message: 'plan not available' } },
      'DELETE /records/:id': { status: 204 },
    });
    engine = await startTestEngine({ projectRoot: EXAMPLE_ROOT, environment: { TENANT_SETUP_API_URL: service.url } });
  });

  afterEach(async () => {
    await engine?.close();
    await service?.close();
  });

  it('quotes the compensation handler verbatim', () => {
    expect(readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8')).toContain(readFileSync(join(EXAMPLE_ROOT, HANDLER), 'utf8'));
  });

  it('deletes the record it is given when a later step fails, with an undo key of its own', async () => {
    // Act
    const run = await engine.runWorkflow('tenant-setup', { input: { id: 'r-1' } });
    // Assess
    expect(run.status).toBe('FAILED');
    expect(run.error).toBe(AethonErrors.PERMANENT);
    const [deleted] = service.requestsTo('DELETE /records/:id');
    expect(deleted?.path).toBe('/records/rec-1');
    const createKey = service.requestsTo('POST /records')[0]?.headers['idempotency-key'];
    expect(deleted?.headers['idempotency-key']).toBe(`${createKey}.undo`);
  });
});
