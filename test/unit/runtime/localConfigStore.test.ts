/** The local config store: versions, history, rollback, validation on write. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ConfigVersionConflictError,
  createConfigValidator,
  currentConfigFile,
  listConfigVersions,
  LocalConfigStoreError,
  readConfigVersion,
  readCurrentConfig,
  rollbackConfig,
  writeConfigVersion,
} from '../../../lib/runtime/config/index.ts';

let dir: string;
const clock = { now: () => Date.parse('2026-11-28T12:00:00Z') };
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'aethon-config-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('Local config store', () => {
  it('has no current version before the first write', () => {
    expect(readCurrentConfig(dir, 'deploy-pipeline')).toBeUndefined();
    expect(listConfigVersions(dir, 'deploy-pipeline')).toEqual([]);
  });

  it('numbers versions, keeps history and makes the latest current', () => {
    writeConfigVersion(dir, 'deploy-pipeline', { deploysFrozen: false }, { clock });
    const second = writeConfigVersion(dir, 'deploy-pipeline', { deploysFrozen: true }, { clock, message: 'incident 42' });

    expect(second).toEqual({ version: 2, createdAt: '2026-11-28T12:00:00.000Z', message: 'incident 42', document: { deploysFrozen: true } });
    expect(readCurrentConfig(dir, 'deploy-pipeline')).toEqual(second);
    expect(listConfigVersions(dir, 'deploy-pipeline').map((v) => v.version)).toEqual([1, 2]);
    expect(JSON.parse(readFileSync(currentConfigFile(dir, 'deploy-pipeline'), 'utf8'))).toEqual(second);
  });

  it('rolls back by writing the old document as a new version', () => {
    writeConfigVersion(dir, 'deploy-pipeline', { deploysFrozen: false }, { clock });
    writeConfigVersion(dir, 'deploy-pipeline', { deploysFrozen: true }, { clock });

    const rolledBack = rollbackConfig(dir, 'deploy-pipeline', 1, { clock });

    expect(rolledBack).toMatchObject({ version: 3, rolledBackFrom: 1, message: 'rollback to version 1', document: { deploysFrozen: false } });
    expect(readConfigVersion(dir, 'deploy-pipeline', 2)?.document).toEqual({ deploysFrozen: true });
    expect(() => rollbackConfig(dir, 'deploy-pipeline', 9)).toThrow(/no config version 9/);
  });

  it('refuses a document its validator rejects, writing nothing', () => {
    const validate = createConfigValidator({ type: 'object', properties: { deploysFrozen: { type: 'boolean' } }, required: ['deploysFrozen'], additionalProperties: false });

    expect(() => writeConfigVersion(dir, 'deploy-pipeline', { deploysFrozen: 'yes' }, { validate })).toThrow(LocalConfigStoreError);
    expect(readCurrentConfig(dir, 'deploy-pipeline')).toBeUndefined();
  });

  it('refuses workflow names that would leave the store', () => {
    expect(() => writeConfigVersion(dir, '../escape', {})).toThrow(/not a valid workflow name/);
  });

  it('refuses a compare-and-set write when another version was written after the one read', () => {
    // Prepare
    const read = writeConfigVersion(dir, 'deploy-pipeline', { deploysFrozen: false }, { clock });
    writeConfigVersion(dir, 'deploy-pipeline', { deploysFrozen: true }, { clock });
    // Act
    const act = () => writeConfigVersion(dir, 'deploy-pipeline', { deploysFrozen: false, logLevel: 'DEBUG' }, { clock, expectedVersion: read.version });
    // Assess
    expect(act).toThrow(ConfigVersionConflictError);
    expect(listConfigVersions(dir, 'deploy-pipeline').map((v) => v.version)).toEqual([1, 2]);
  });

  it('republishes the newest version when current.json fell behind the history (a writer killed between the two)', () => {
    // Prepare
    const first = writeConfigVersion(dir, 'deploy-pipeline', { deploysFrozen: false }, { clock });
    const second = writeConfigVersion(dir, 'deploy-pipeline', { deploysFrozen: true }, { clock });
    writeFileSync(currentConfigFile(dir, 'deploy-pipeline'), JSON.stringify(first));
    // Act
    const current = readCurrentConfig(dir, 'deploy-pipeline');
    // Assess
    expect(current).toEqual(second);
    expect(JSON.parse(readFileSync(currentConfigFile(dir, 'deploy-pipeline'), 'utf8'))).toEqual(second);
  });
});
