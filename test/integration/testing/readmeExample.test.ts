/**
 * The README's testing example is real: the README quotes test/fixtures/readmeExample's test and
 * handler verbatim, and this file runs that test as written, with the example project as the
 * working directory (as a user's `npx vitest` would).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { PROJECT_ROOT } from '../../helpers/paths.ts';

const EXAMPLE_ROOT = join(PROJECT_ROOT, 'test', 'fixtures', 'readmeExample');
const QUOTED = ['orderPayment.test.ts', 'functions/chargeOrder.ts', 'workflows/order-payment.yaml'];

describe('File: README.md (testing example)', () => {
  it.each(QUOTED)('quotes %s verbatim', (file) => {
    const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');
    expect(readme).toContain(readFileSync(join(EXAMPLE_ROOT, file), 'utf8'));
  });
});

// The example's own hooks and test register here, and run with the example project as cwd.
// Alone it needs about 1.5 s, within vitest's defaults; beside the rest of the suite on two busy
// cores it can need more, as the README says, so this file raises them as the README shows.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });
const previousCwd = process.cwd();
process.chdir(EXAMPLE_ROOT);
afterAll(() => process.chdir(previousCwd));
await import('../../fixtures/readmeExample/orderPayment.test.ts');
