// A missing secret says where to put it: Secrets Manager, the local file under the name it is
// looked up by, or the variable a local run reads.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AethonErrors } from '../../../lib/contracts/aethonErrors.ts';
import { step } from '../../../lib/runtime/index.ts';
import { captureOutput, type CapturedOutput } from '../../fixtures/runtime/captureOutput.ts';
import { stepEnv, taskPayload } from '../../fixtures/runtime/payloads.ts';
import { failureOf } from '../../helpers/failureOf.ts';

let localDir: string;
let output: CapturedOutput;
beforeEach(() => {
  localDir = mkdtempSync(join(tmpdir(), 'aethon-secret-missing-'));
  output = captureOutput();
});
afterEach(() => {
  output.restore();
  rmSync(localDir, { recursive: true, force: true });
});

describe('A secret that is not there', () => {
  it('names the secrets.json entry and the variable that would provide it', async () => {
    const env = stepEnv({ AETHON_LOCAL_DIR: localDir, AETHON_SECRETS: JSON.stringify({ dbApiToken: 'tenants/db-api-token' }) });
    const handler = step({ env }, async (_input: unknown, ctx) => ctx.secret('dbApiToken'));

    const failure = await failureOf(handler(taskPayload({})));

    expect(failure.name).toBe(AethonErrors.SECRET_NOT_FOUND);
    expect(failure.message).toBe(
      `secret 'dbApiToken' (tenants/db-api-token) does not exist; create it in Secrets Manager, or locally add "tenants/db-api-token": "<value>" to .aethon/secrets.json or set AETHON_SECRET_DB_API_TOKEN`,
    );
  });
});
