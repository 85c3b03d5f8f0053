/** startTestEngine is hermetic: its state lives in a temporary folder it removes, never in the project. */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { startTestEngine } from '../../../lib/testing/index.ts';
import { PROJECT_ROOT } from '../../helpers/paths.ts';

// Each run bundles a handler and starts a worker: seconds on a busy two-core runner.
vi.setConfig({ testTimeout: 30_000 });

const EXAMPLE_ROOT = join(PROJECT_ROOT, 'test', 'fixtures', 'readmeExample');

describe('Function: startTestEngine', () => {
  it('keeps secrets and config in a new temporary folder and removes it on close', async () => {
    // Prepare
    const engine = await startTestEngine({ projectRoot: EXAMPLE_ROOT, secrets: { paymentsApiKey: 'sk_test_1' } });

    // Act: a run that fails fast (no payments server) still seeds the workflow's config.
    const run = await engine.runWorkflow('order-payment', { input: { orderId: 'o-1', amountCents: 0 } });
    const secrets = JSON.parse(readFileSync(join(engine.localDir, 'secrets.json'), 'utf8'));
    const seeded = existsSync(join(engine.localDir, 'config'));
    await engine.close();

    // Assess
    expect(run).toMatchObject({ status: 'FAILED', error: 'Aethon.InvalidInput' });
    expect(engine.localDir.startsWith(join(tmpdir(), 'aethon-test-'))).toBe(true);
    expect(secrets).toEqual({ paymentsApiKey: 'sk_test_1' });
    expect(seeded).toBe(true);
    expect(existsSync(engine.localDir)).toBe(false);
    expect(existsSync(join(EXAMPLE_ROOT, '.aethon'))).toBe(false);
  });

  it('keeps a folder it was given', async () => {
    const given = mkdtempSync(join(tmpdir(), 'aethon-given-'));
    try {
      const engine = await startTestEngine({ projectRoot: EXAMPLE_ROOT, localDir: given });
      await engine.close();
      expect(engine.localDir).toBe(given);
      expect(existsSync(given)).toBe(true);
    } finally {
      rmSync(given, { recursive: true, force: true });
    }
  });
});
