/** Dynamic config from the local store: validation on read, last good value, hot reload. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AethonErrors } from '../../../lib/contracts/aethonErrors.ts';
import { currentConfigFile, step, writeConfigVersion } from '../../../lib/runtime/index.ts';
import { captureOutput, type CapturedOutput } from '../../fixtures/runtime/captureOutput.ts';
import { stepEnv, taskPayload } from '../../fixtures/runtime/payloads.ts';

const SCHEMA = { type: 'object', properties: { deploysFrozen: { type: 'boolean' }, logLevel: { enum: ['DEBUG', 'INFO', 'WARN', 'ERROR'] } }, required: ['deploysFrozen'], additionalProperties: false };
let dir: string;
let output: CapturedOutput;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'aethon-dyn-'));
  output = captureOutput();
});
afterEach(() => {
  output.restore();
  rmSync(dir, { recursive: true, force: true });
});

const readsConfig = () =>
  step({ env: stepEnv({ AETHON_LOCAL_DIR: dir, AETHON_CONFIG_SCHEMA: JSON.stringify(SCHEMA) }) }, async (_input: unknown, ctx) => {
    ctx.logger.debug('debug line');
    return ctx.config<{ deploysFrozen: boolean }>({ deploysFrozen: false });
  });

describe('Dynamic config (local store)', () => {
  it('returns the defaults when the store is empty', async () => {
    await expect(readsConfig()(taskPayload({}))).resolves.toEqual({ deploysFrozen: false });
  });

  it('picks up a new version on the next invocation (hot reload)', async () => {
    const handler = readsConfig();
    writeConfigVersion(dir, 'test-workflow', { deploysFrozen: false });
    const before = await handler(taskPayload({}));

    writeConfigVersion(dir, 'test-workflow', { deploysFrozen: true, logLevel: 'DEBUG' });
    const after = await handler(taskPayload({}));

    expect(before).toEqual({ deploysFrozen: false });
    expect(after).toEqual({ deploysFrozen: true, logLevel: 'DEBUG' });
    expect(output.logs().filter((l) => l.message === 'debug line')).toHaveLength(1); // the level followed the config
  });

  it('keeps the last good value when the document turns invalid, logging the problem once', async () => {
    const handler = readsConfig();
    writeConfigVersion(dir, 'test-workflow', { deploysFrozen: true });
    await handler(taskPayload({}));

    writeFileSync(currentConfigFile(dir, 'test-workflow'), JSON.stringify({ version: 9, createdAt: '', document: { deploysFrozen: 'soon' } }));
    const second = await handler(taskPayload({}));
    const third = await handler(taskPayload({}));

    expect(second).toEqual({ deploysFrozen: true });
    expect(third).toEqual({ deploysFrozen: true });
    const errors = output.logs().filter((l) => l.level === 'ERROR');
    expect(errors).toEqual([expect.objectContaining({ issues: ['/deploysFrozen must be boolean'] })]);
  });

  it('keeps the last good value when current.json is not even JSON', async () => {
    const handler = readsConfig();
    writeConfigVersion(dir, 'test-workflow', { deploysFrozen: true });
    await handler(taskPayload({}));

    writeFileSync(currentConfigFile(dir, 'test-workflow'), '{ "version": 3, "docu');

    await expect(handler(taskPayload({}))).resolves.toEqual({ deploysFrozen: true });
  });

  it('fails as Aethon.ConfigInvalid when no good value was ever read', async () => {
    writeConfigVersion(dir, 'test-workflow', { deploysFrozen: 1 });

    const error = await readsConfig()(taskPayload({})).catch((e: Error) => e);

    expect((error as Error).name).toBe(AethonErrors.CONFIG_INVALID);
    expect(output.logs().filter((l) => l.level === 'ERROR')).toHaveLength(1); // the step failure, logged once
  });
});
