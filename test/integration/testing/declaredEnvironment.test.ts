/** Declared variables reach a locally run handler: literals, `local:` values, the step over the workflow, --env over both. */
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { startTestEngine } from '../../../lib/testing/index.ts';
import { PROJECT_ROOT } from '../../helpers/paths.ts';

// Each run bundles a handler and starts a worker: seconds on a busy two-core runner.
vi.setConfig({ testTimeout: 30_000 });

const ROOT = join(PROJECT_ROOT, 'test', 'fixtures', 'environmentProject');

describe('Local engine: declared environment', () => {
  it('sets literals and local values, leaves a reference without one unset, and lets the engine environment win', async () => {
    // Prepare
    const engine = await startTestEngine({ projectRoot: ROOT, environment: { API_URL: 'http://127.0.0.1:9999' } });

    // Act
    let run;
    try {
      run = await engine.runWorkflow('env-echo');
    } finally {
      await engine.close();
    }

    // Assess
    expect(run.status).toBe('SUCCEEDED');
    expect(run.output).toEqual({ GREETING: 'hi from the step', RETRIES: '3', TABLE: 'orders-local', QUEUE: null, API_URL: 'http://127.0.0.1:9999' });
  });
});
