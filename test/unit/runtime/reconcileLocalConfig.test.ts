/** The local engine's counterpart of a deploy: the config store brought in line with the workflow file. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigSpecChangeRefusedError, listConfigVersions, reconcileLocalConfig, writeConfigVersion } from '../../../lib/runtime/config/index.ts';

let dir: string;
const clock = { now: () => Date.parse('2026-12-04T08:00:00Z') };
const v1 = { schema: { type: 'object', properties: { frozen: { type: 'boolean' } }, additionalProperties: false }, defaults: { frozen: false } };
const v2 = { schema: { type: 'object', properties: { frozen: { type: 'boolean' }, rate: { type: 'integer', maximum: 10 } }, required: ['rate'], additionalProperties: false }, defaults: { frozen: false, rate: 5 } };
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'aethon-reconcile-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('Function: reconcileLocalConfig', () => {
  it('seeds the defaults as version 1, then does nothing while the workflow file stays the same', () => {
    // Act
    const first = reconcileLocalConfig(dir, 'pipeline', v1, { clock });
    const second = reconcileLocalConfig(dir, 'pipeline', { schema: v1.schema, defaults: { ...v1.defaults } }, { clock });
    // Assess
    expect(first?.current).toEqual({ version: 1, createdAt: '2026-12-04T08:00:00.000Z', message: 'defaults from the workflow file', document: { frozen: false } });
    expect(second).toBeUndefined();
    expect(listConfigVersions(dir, 'pipeline')).toHaveLength(1);
  });

  it('leaves a document made invalid by hand to the runtime while the workflow file is unchanged', () => {
    // Prepare
    reconcileLocalConfig(dir, 'pipeline', v1, { clock });
    writeConfigVersion(dir, 'pipeline', { frozen: 'yes please' }, { message: 'typo' });
    // Act
    const again = reconcileLocalConfig(dir, 'pipeline', v1, { clock });
    // Assess: no refusal (the runtime keeps the last good value and logs); the next file change checks it
    expect(again).toBeUndefined();
    expect(() => reconcileLocalConfig(dir, 'pipeline', v2, { clock })).toThrow(/frozen = "yes please": must be boolean/);
  });

  it('merges again after a spec.json that cannot be read, which is always safe', () => {
    // Prepare
    reconcileLocalConfig(dir, 'pipeline', v1, { clock });
    writeFileSync(join(dir, 'config', 'pipeline', 'spec.json'), '{ torn');
    // Act
    const again = reconcileLocalConfig(dir, 'pipeline', v1, { clock });
    // Assess: merged, nothing to change, nothing written
    expect(again?.merge.changed).toBe(false);
    expect(listConfigVersions(dir, 'pipeline')).toHaveLength(1);
  });

  it('writes one version that keeps the flip and adds the new key when the file changed', () => {
    // Prepare
    reconcileLocalConfig(dir, 'pipeline', v1, { clock });
    writeConfigVersion(dir, 'pipeline', { frozen: true }, { message: 'incident 42' });
    // Act
    const reconciled = reconcileLocalConfig(dir, 'pipeline', v2, { clock });
    // Assess
    expect(reconciled?.current).toMatchObject({ version: 3, message: 'workflow file changed: added rate=5; kept frozen', document: { frozen: true, rate: 5 } });
  });

  it('refuses, naming the key, and writes nothing when a value in force does not fit', () => {
    // Prepare: rate 50 was allowed before the maximum of 10
    writeConfigVersion(dir, 'pipeline', { frozen: true, rate: 50 });
    // Act
    const act = () => reconcileLocalConfig(dir, 'pipeline', v2, { clock });
    // Assess
    expect(act).toThrow(ConfigSpecChangeRefusedError);
    expect(act).toThrow(/rate = 50: must be <= 10\. Nothing was changed\. Set a value that fits with 'aethon config set pipeline <key>=<value> --local'/);
    expect(listConfigVersions(dir, 'pipeline')).toHaveLength(1);
  });
});
