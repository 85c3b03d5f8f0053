import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { mapRunExecutions, runExecution, VirtualClock } from '../../../../lib/local/engine/index.ts';
import { createLocalS3Invoker } from '../../../../lib/local/mocks/index.ts';
import type { TaskInvocation } from '../../../../lib/local/taskInvoker.ts';

const root = fileURLToPath(new URL('../../../fixtures/s3', import.meta.url));
const call = (resource: string, parameters: unknown): TaskInvocation => ({ stateName: 'M', resource, parameters, retryCount: 0 });
const getObject = 'arn:aws:states:::s3:getObject';
const listObjects = 'arn:aws:states:::s3:listObjectsV2';

describe('Function: createLocalS3Invoker', () => {
  it('reads objects and lists keys under a prefix from the folder', async () => {
    // Prepare
    const invoker = createLocalS3Invoker({ root });

    // Act
    const object = await invoker(call(getObject, { Bucket: 'migration', Key: 'input/users.csv' }));
    const listing = await invoker(call(listObjects, { Bucket: 'migration', Prefix: 'input/' }));

    // Assess
    expect(object).toMatchObject({ Body: 'id,name\n1,Ada\n2,Grace\n' });
    expect((listing as { Contents: { Key: string }[] }).Contents.map((c) => c.Key)).toEqual(['input/extra.json', 'input/users.csv']);
  });

  it('fails with S3.NoSuchKeyException for a missing object and refuses keys that leave the bucket', async () => {
    // Prepare
    const invoker = createLocalS3Invoker({ root });

    // Act & Assess
    await expect(invoker(call(getObject, { Bucket: 'migration', Key: 'nope.csv' }))).rejects.toMatchObject({ name: 'S3.NoSuchKeyException' });
    await expect(invoker(call(getObject, { Bucket: 'migration', Key: '../../../package.json' }))).rejects.toThrow(/leaves the local S3 folder/);
  });

  it('writes objects with s3:putObject inside the bucket folder, and refuses keys that leave it', async () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'aethon-s3-'));
    const invoker = createLocalS3Invoker({ root: dir });
    const putObject = 'arn:aws:states:::s3:putObject';

    // Act
    const response = await invoker(call(putObject, { Bucket: 'out', Key: 'runs/r1/manifest.json', Body: '{"a":1}' }));

    // Assess
    expect(readFileSync(join(dir, 'out', 'runs', 'r1', 'manifest.json'), 'utf8')).toBe('{"a":1}');
    expect(response).toEqual({ ETag: expect.stringMatching(/^"[0-9a-f]{32}"$/) });
    await expect(invoker(call(putObject, { Bucket: 'out', Key: '../escape.json', Body: 'x' }))).rejects.toThrow(/leaves the local S3 folder/);
    await expect(invoker(call(putObject, { Bucket: 'out', Body: 'x' }))).rejects.toThrow(/needs a non-empty string Key/);
  });

  it('feeds a Distributed Map ItemReader, other tasks going to the fallback', async () => {
    // Prepare
    const definition = {
      StartAt: 'M',
      States: {
        M: {
          Type: 'Map',
          ItemReader: { Resource: getObject, ReaderConfig: { InputType: 'CSV' }, Parameters: { Bucket: 'migration', Key: 'input/users.csv' } },
          ItemProcessor: {
            ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
            StartAt: 'T',
            States: { T: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true } },
          },
          End: true,
        },
      },
    };
    const fallback = async ({ parameters }: TaskInvocation) => ({ seen: parameters });

    // Act
    const record = await runExecution({ definition, taskInvoker: createLocalS3Invoker({ root, fallback }), clock: new VirtualClock() });

    // Assess
    expect(record.output).toEqual([{ seen: { id: '1', name: 'Ada' } }, { seen: { id: '2', name: 'Grace' } }]);
    expect(mapRunExecutions(record)).toHaveLength(2);
  });
});
