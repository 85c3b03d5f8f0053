import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createLambdaInvoker } from '../../../../lib/local/lambda/index.ts';
import { invocation, rejectionOf } from './fixtures.ts';

const SECRET = 'pk_live_0123456789abcdef';
const localDir = mkdtempSync(join(tmpdir(), 'aethon-secret-output-'));
writeFileSync(join(localDir, 'secrets.json'), JSON.stringify({ 'aethon/partner-api-key': SECRET }));

const lines: string[] = [];
const invoker = createLambdaInvoker({
  functions: {
    leaky: {
      functionName: 'leaky',
      handlerFile: fileURLToPath(new URL('./handlers/leakySecret.ts', import.meta.url)),
      environment: {
        AETHON_WORKFLOW: 'partner-sync',
        AETHON_STEP: 'callPartner',
        AETHON_SECRETS: JSON.stringify({ partnerApiKey: 'aethon/partner-api-key' }),
        AETHON_LOCAL_DIR: localDir,
      },
    },
    raw: {
      functionName: 'raw',
      handlerFile: fileURLToPath(new URL('./handlers/rawLeak.ts', import.meta.url)),
      environment: {
        AETHON_SECRETS: JSON.stringify({ partnerApiKey: 'aethon/partner-api-key' }),
        AETHON_SECRET_PARTNER_API_KEY: SECRET,
      },
    },
  },
  onLog: (line) => lines.push(line),
});
afterAll(async () => {
  await invoker.close();
  rmSync(localDir, { recursive: true, force: true });
});

describe('Function: createLambdaInvoker, handler output', () => {
  it('redacts secret values a handler prints with console.log, process.stdout or console.error', async () => {
    // Act
    const result = await invoker(invocation('leaky', {}));
    await new Promise((resolve) => setTimeout(resolve, 200)); // the line written after the invocation

    // Assess
    expect(result).toEqual({ ok: true });
    const printed = lines.join('\n');
    expect(printed).toContain('calling the partner with [REDACTED]');
    expect(printed).toContain('raw [REDACTED]');
    expect(printed).toContain('after the invocation: [REDACTED]');
    expect(printed).not.toContain(SECRET);
  }, 30_000);

  it('redacts secret values from the error name and cause of a handler that bypasses the runtime', async () => {
    // Act
    const error = await rejectionOf(invoker(invocation('raw', {})));

    // Assess
    expect(error.name).toBe('Rejected.[REDACTED]');
    expect(error.message).toContain('the partner refused [REDACTED]');
    expect(error.message).not.toContain(SECRET);
  }, 30_000);
});
