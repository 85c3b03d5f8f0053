// Encodes rules from the AWS Step Functions developer guide:
//   https://docs.aws.amazon.com/step-functions/latest/dg/state-map-distributed.html
//   https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemreader.html
//   https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itembatcher.html
//   https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultwriter.html
//   https://docs.aws.amazon.com/step-functions/latest/dg/maprun-fail-threshold.html
// and the parent-history shape of Map Runs as issue 13 records it from AWS histories.
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mapRunExecutions } from '../../lib/local/engine/index.ts';
import { createLocalS3Invoker, createMockInvoker, loadMockConfigFile } from '../../lib/local/mocks/index.ts';
import type { HistoryEvent } from '../../lib/local/types.ts';
import { run, types } from './harness.ts';

const distributed = (states: object, startAt = 'P') => ({
  ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
  StartAt: startAt,
  States: states,
});
const passProcessor = distributed({ P: { Type: 'Pass', End: true } });
const mapOnly = (map: object) => ({ StartAt: 'M', States: { M: { Type: 'Map', End: true, ...map } } });
const byType = (history: readonly HistoryEvent[], type: string): HistoryEvent => history.find((e) => e.type === type)!;

describe('Conformance: Distributed Map runs as a Map Run', () => {
  it('records the Map Run in the parent and each item as a child execution', async () => {
    // Act
    const { record } = await run(mapOnly({ Label: 'Items', ItemProcessor: passProcessor }), [1, 2, 3]);

    // Assess
    expect(record).toMatchObject({ status: 'SUCCEEDED', output: [1, 2, 3] });
    expect(types(record.history)).toEqual([
      'ExecutionStarted', 'MapStateEntered', 'MapStateStarted', 'MapRunStarted',
      'MapRunSucceeded', 'MapStateSucceeded', 'MapStateExited', 'ExecutionSucceeded',
    ]);
    const [entered, started, runStarted, runSucceeded, succeeded, exited] = [
      'MapStateEntered', 'MapStateStarted', 'MapRunStarted', 'MapRunSucceeded', 'MapStateSucceeded', 'MapStateExited',
    ].map((type) => byType(record.history, type));
    expect(started!.previousEventId).toBe(entered!.id);
    expect(runStarted!.previousEventId).toBe(started!.id);
    expect(runSucceeded!.previousEventId).toBe(runStarted!.id);
    expect(succeeded!.previousEventId).toBe(runSucceeded!.id);
    // Not the previous event: MapStateExited follows MapRunSucceeded.
    expect(exited!.previousEventId).toBe(runSucceeded!.id);
    const mapRunArn = (runStarted as unknown as { mapRunStartedEventDetails: { mapRunArn: string } }).mapRunStartedEventDetails.mapRunArn;
    expect(mapRunArn).toMatch(/^arn:aws:states:[^:]+:\d{12}:mapRun:TestMachine\/Items:[0-9a-f-]{36}$/);

    const children = mapRunExecutions(record);
    expect(children).toHaveLength(3);
    for (const child of children) {
      expect(child.mapRunArn).toBe(mapRunArn);
      expect(child.record.executionArn).toMatch(/:execution:TestMachine\/Items:[0-9a-f-]{36}$/);
      expect(types(child.record.history)).toEqual(['ExecutionStarted', 'PassStateEntered', 'PassStateExited', 'ExecutionSucceeded']);
    }
    expect(children.map((c) => c.record.input).sort()).toEqual([1, 2, 3]);
  });

  it('gives the events, previousEventIds, length and output AWS recorded for a Distributed Map', async () => {
    // Prepare
    const recorded = JSON.parse(readFileSync(new URL('../fixtures/awsHistories/distributedMapItemSelector.json', import.meta.url), 'utf8')) as {
      definition: unknown; input: unknown; events: [number, number, string][];
    };

    // Act
    const { record } = await run(recorded.definition, recorded.input);

    // Assess
    expect(record.history.map((e) => [e.id, e.previousEventId, e.type])).toEqual(recorded.events);
    expect(byType(record.history, 'MapStateStarted')).toMatchObject({ mapStateStartedEventDetails: { length: 2 } });
    const item = (value: string) => ({ constantValue: 'constant', mapValue: value, fromInput: ['Hello', 'World'] });
    expect(record.output).toEqual([item('Hello'), item('World')]);
  });

  it('names child workflows after the Label, or a UUID without one (as the console shows them)', async () => {
    // Act
    const { record } = await run(mapOnly({ ItemProcessor: passProcessor }), [1]);

    // Assess
    expect(mapRunExecutions(record)[0]!.record.stateMachineName).toMatch(/^TestMachine\/[0-9a-f-]{36}$/);
  });

  it('fails the Map Run past the tolerated failures, with MapRunFailed then MapStateFailed', async () => {
    // Prepare
    const processor = distributed({ T: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true } }, 'T');
    const failOdd = async ({ parameters }: { parameters: unknown }) => {
      if ((parameters as number) % 2 === 1) throw Object.assign(new Error('odd'), { name: 'Odd' });
      return parameters;
    };

    // Act
    const { record } = await run(mapOnly({ ItemProcessor: processor, MaxConcurrency: 1 }), [2, 1, 4], failOdd);

    // Assess
    expect(record).toMatchObject({ status: 'FAILED', error: 'States.ExceedToleratedFailureThreshold' });
    const kinds = types(record.history);
    expect(kinds.slice(kinds.indexOf('MapRunStarted'))).toEqual(['MapRunStarted', 'MapRunFailed', 'MapStateFailed', 'ExecutionFailed']);
    expect(byType(record.history, 'MapStateFailed').previousEventId).toBe(byType(record.history, 'MapRunFailed').id);
    // One at a time: the third item never started.
    expect(mapRunExecutions(record).map((c) => c.record.status)).toEqual(['SUCCEEDED', 'FAILED']);
    expect(mapRunExecutions(record)[1]!.record).toMatchObject({ error: 'Odd', cause: 'odd' });
  });

  it('aborts the Map Run and its children when a sibling Parallel branch fails', async () => {
    // Prepare
    const definition = {
      StartAt: 'Both',
      States: {
        Both: {
          Type: 'Parallel',
          End: true,
          Branches: [
            { StartAt: 'M', States: { M: { Type: 'Map', End: true, ItemProcessor: distributed({ W: { Type: 'Wait', Seconds: 60, End: true } }, 'W') } } },
            { StartAt: 'Late', States: { Late: { Type: 'Wait', Seconds: 1, Next: 'Boom' }, Boom: { Type: 'Fail', Error: 'Boom' } } },
          ],
        },
      },
    };

    // Act
    const { record } = await run(definition, [1, 2]);

    // Assess
    expect(record).toMatchObject({ status: 'FAILED', error: 'Boom' });
    const kinds = types(record.history);
    expect(kinds.indexOf('MapRunAborted')).toBeGreaterThan(kinds.indexOf('MapRunStarted'));
    expect(kinds.indexOf('MapStateAborted')).toBeGreaterThan(kinds.indexOf('MapRunAborted'));
    expect(mapRunExecutions(record).map((c) => c.record.status)).toEqual(['ABORTED', 'ABORTED']);
  });

  it('tolerates failures up to ToleratedFailureCount and ToleratedFailurePercentage', async () => {
    // Prepare
    const processor = distributed({ T: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true } }, 'T');
    const failOne = async ({ parameters }: { parameters: unknown }) => {
      if (parameters === 1) throw Object.assign(new Error('bad item'), { name: 'Bad' });
      return parameters;
    };

    // Act
    const byCount = await run(mapOnly({ ItemProcessor: processor, ToleratedFailureCount: 1 }), [0, 1, 2], failOne);
    const byPercent = await run(mapOnly({ ItemProcessor: processor, ToleratedFailurePercentage: 30 }), [0, 1, 2], failOne);

    // Assess
    expect(byCount.record).toMatchObject({ status: 'SUCCEEDED', output: [0, { Error: 'Bad', Cause: 'bad item' }, 2] });
    expect(byPercent.record).toMatchObject({ status: 'FAILED', error: 'States.ExceedToleratedFailureThreshold' });
  });

  it('reads CSV through the ItemReader, batches it, and keeps MaxItems', async () => {
    // Prepare
    const definition = mapOnly({
      ItemReader: {
        Resource: 'arn:aws:states:::s3:getObject',
        ReaderConfig: { InputType: 'CSV', CSVHeaderLocation: 'GIVEN', CSVHeaders: ['id', 'note'], MaxItems: 3 },
        Parameters: { 'Bucket.$': '$.bucket', Key: 'rows.csv' },
      },
      ItemBatcher: { MaxItemsPerBatch: 2, BatchInput: { 'source.$': '$.bucket' } },
      ItemProcessor: passProcessor,
    });
    const csv = '1,plain\r\n2,"with, comma"\n3,"say ""hi"""\n4,dropped\n';

    // Act
    const { record, calls } = await run(definition, { bucket: 'b' }, async () => csv);

    // Assess
    expect(calls[0]).toMatchObject({ stateName: 'M', parameters: { Bucket: 'b', Key: 'rows.csv' } });
    expect(record.output).toEqual([
      { BatchInput: { source: 'b' }, Items: [{ id: '1', note: 'plain' }, { id: '2', note: 'with, comma' }] },
      { BatchInput: { source: 'b' }, Items: [{ id: '3', note: 'say "hi"' }] },
    ]);
  });

  it('cuts batches by MaxInputBytesPerBatch and reads MaxItemsPerBatchPath or a JSONata MaxItemsPerBatch', async () => {
    // Prepare: {"Items":[]} is 12 bytes, each "aaaa" 6 more (7 after the first, with its comma).
    const items = ['aaaa', 'bbbb', 'cccc', 'dddd', 'eeee'];
    const byBytes = mapOnly({ ItemBatcher: { MaxInputBytesPerBatch: 25 }, ItemProcessor: passProcessor });
    const byPath = mapOnly({ ItemsPath: '$.items', ItemBatcher: { MaxItemsPerBatchPath: '$.size' }, ItemProcessor: passProcessor });
    const byJsonata = { QueryLanguage: 'JSONata', ...mapOnly({ Items: '{% $states.input.items %}', ItemBatcher: { MaxItemsPerBatch: '{% $states.input.size %}' }, ItemProcessor: passProcessor }) };

    // Act
    const bytes = await run(byBytes, items);
    const path = await run(byPath, { items, size: 3 });
    const jsonata = await run(byJsonata, { items, size: 4 });

    // Assess
    expect(bytes.record.output).toEqual([{ Items: ['aaaa', 'bbbb'] }, { Items: ['cccc', 'dddd'] }, { Items: ['eeee'] }]);
    expect(path.record.output).toEqual([{ Items: ['aaaa', 'bbbb', 'cccc'] }, { Items: ['dddd', 'eeee'] }]);
    expect(jsonata.record.output).toEqual([{ Items: ['aaaa', 'bbbb', 'cccc', 'dddd'] }, { Items: ['eeee'] }]);
  });

  it('reads ReaderConfig.MaxItemsPath from the input', async () => {
    // Prepare
    const definition = mapOnly({
      ItemReader: { Resource: 'arn:aws:states:::s3:getObject', ReaderConfig: { InputType: 'JSON', MaxItemsPath: '$.limit' }, Parameters: { Bucket: 'b', Key: 'k' } },
      ItemProcessor: passProcessor,
    });

    // Act
    const { record } = await run(definition, { limit: 2 }, async () => '[1,2,3]');

    // Assess
    expect(record.output).toEqual([1, 2]);
  });

  it('follows listObjectsV2 pages and writes results with a ResultWriter', async () => {
    // Prepare
    const definition = mapOnly({
      ItemReader: { Resource: 'arn:aws:states:::s3:listObjectsV2', Parameters: { Bucket: 'in' } },
      ItemProcessor: passProcessor,
      ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', Parameters: { Bucket: 'out', Prefix: 'runs/' } },
    });
    const pages = [{ Contents: [{ Key: 'a' }], IsTruncated: true, NextContinuationToken: 't1' }, { Contents: [{ Key: 'b' }] }];

    // Act
    const { record, calls } = await run(definition, {}, async ({ parameters }) =>
      (parameters as { ContinuationToken?: string }).ContinuationToken === 't1' ? pages[1] : pages[0]);

    // Assess
    const reads = calls.filter((c) => c.resource.endsWith('listObjectsV2'));
    expect(reads.map((c) => c.parameters)).toEqual([{ Bucket: 'in' }, { Bucket: 'in', ContinuationToken: 't1' }]);
    expect(calls.filter((c) => c.resource.endsWith('putObject')).map((c) => (c.parameters as { Key: string }).Key.replace(/^runs\/[0-9a-f-]{36}\//, '')))
      .toEqual(['SUCCEEDED_0.json', 'manifest.json']);
    expect(mapRunExecutions(record).map((c) => c.record.output)).toEqual([{ Key: 'a' }, { Key: 'b' }]);
    const output = record.output as { MapRunArn: string; ResultWriterDetails: { Bucket: string; Key: string } };
    expect(output.ResultWriterDetails).toEqual({ Bucket: 'out', Key: expect.stringMatching(/^runs\/[0-9a-f-]{36}\/manifest\.json$/) });
    expect(output.MapRunArn).toContain(':mapRun:');
  });

  it('fails with States.ItemReaderFailed, which Catch sees, when the object is not what InputType says', async () => {
    // Prepare
    const definition = {
      StartAt: 'M',
      States: {
        M: {
          Type: 'Map',
          ItemReader: { Resource: 'arn:aws:states:::s3:getObject', ReaderConfig: { InputType: 'JSON' }, Parameters: { Bucket: 'b', Key: 'k' } },
          ItemProcessor: passProcessor,
          Catch: [{ ErrorEquals: ['States.ItemReaderFailed'], Next: 'Caught' }],
          End: true,
        },
        Caught: { Type: 'Pass', End: true },
      },
    };

    // Act
    const { record } = await run(definition, {}, async () => '{"not":"an array"}');

    // Assess
    expect(record.status).toBe('SUCCEEDED');
    expect(record.output).toMatchObject({ Error: 'States.ItemReaderFailed', Cause: expect.stringContaining('not an array') });
  });

  it('runs a corpus Distributed Map from a MockConfigFile, the reader mocked under the Map name', async () => {
    // Prepare
    const definition: unknown = JSON.parse(readFileSync(new URL('../fixtures/asl-corpus/distributed-map-csv-batcher-migration.asl.json', import.meta.url), 'utf8'));
    const mockConfig = await loadMockConfigFile(new URL('../fixtures/mocks/distributedMapCsvMigration.json', import.meta.url).pathname);
    const invoker = (testCaseName: string) => createMockInvoker({ mockConfig, stateMachineName: 'distributed-map-csv-batcher-migration', testCaseName });

    // Act
    const happy = await run(definition, { bucket_name: 'b', file_key: 'users.csv' }, invoker('HappyPath'));
    const unreadable = await run(definition, { bucket_name: 'b', file_key: 'users.csv' }, invoker('UnreadableFile'));

    // Assess
    expect(happy.record).toMatchObject({ status: 'SUCCEEDED', output: { report: '3 migrated', SnsPublish: { MessageId: 'm-1' } } });
    const [batch] = mapRunExecutions(happy.record);
    expect(batch!.record.input).toEqual({
      BatchInput: { execution_name: happy.record.name },
      Items: [
        { id: '1', name: 'Ada', email: 'ada@example.com' },
        { id: '2', name: 'Hopper, Grace', email: 'grace@example.com' },
        { id: '3', name: 'Alan', email: 'alan@example.com' },
      ],
    });
    expect(unreadable.record.status).toBe('FAILED');
    expect(types(unreadable.record.history)).toContain('FailStateEntered');
  });
});

// The files a ResultWriter leaves in S3, as the ResultWriter page describes them: under
// <Prefix>/<map run id>/, one file per status holding that status's child executions, and a
// manifest.json that lists them with their sizes.
//   https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultwriter.html
describe('Conformance: a Distributed Map ResultWriter writes its result files into the local S3 folder', () => {
  const definition = mapOnly({
    ItemReader: { Resource: 'arn:aws:states:::s3:getObject', ReaderConfig: { InputType: 'JSON' }, Parameters: { Bucket: 'in', Key: 'items.json' } },
    ItemProcessor: distributed({
      Check: { Type: 'Choice', Choices: [{ Variable: '$.ok', BooleanEquals: false, Next: 'Reject' }], Default: 'Accept' },
      Accept: { Type: 'Pass', Parameters: { 'id.$': '$.id', done: true }, End: true },
      Reject: { Type: 'Fail', Error: 'Item.Rejected', Cause: 'not ok' },
    }, 'Check'),
    ToleratedFailureCount: 1,
    ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', Parameters: { Bucket: 'out', Prefix: 'runs/' } },
  });

  it('writes SUCCEEDED_0.json, FAILED_0.json and a manifest.json that lists them', async () => {
    // Prepare
    const root = mkdtempSync(join(tmpdir(), 'aethon-result-writer-'));
    mkdirSync(join(root, 'in'));
    writeFileSync(join(root, 'in', 'items.json'), JSON.stringify([{ id: 1, ok: true }, { id: 2, ok: false }, { id: 3, ok: true }]));

    // Act
    const { record } = await run(definition, {}, createLocalS3Invoker({ root }));

    // Assess
    expect(record.status).toBe('SUCCEEDED');
    const output = record.output as { MapRunArn: string; ResultWriterDetails: { Bucket: string; Key: string } };
    const manifest = JSON.parse(readFileSync(join(root, 'out', output.ResultWriterDetails.Key), 'utf8')) as {
      DestinationBucket: string; MapRunArn: string; ResultFiles: Record<string, { Key: string; Size: number }[]>;
    };
    expect(manifest.DestinationBucket).toBe('out');
    expect(manifest.MapRunArn).toBe(output.MapRunArn);
    const folder = output.ResultWriterDetails.Key.replace(/manifest\.json$/, '');
    expect(folder).toMatch(/^runs\/[0-9a-f-]{36}\/$/);
    expect(manifest.ResultFiles.PENDING).toEqual([]);
    for (const status of ['SUCCEEDED', 'FAILED']) {
      const [file] = manifest.ResultFiles[status]!;
      expect(file!.Key).toBe(`${folder}${status}_0.json`);
      expect(file!.Size).toBe(statSync(join(root, 'out', file!.Key)).size);
    }
    const succeeded = JSON.parse(readFileSync(join(root, 'out', `${folder}SUCCEEDED_0.json`), 'utf8')) as Record<string, unknown>[];
    const failed = JSON.parse(readFileSync(join(root, 'out', `${folder}FAILED_0.json`), 'utf8')) as Record<string, unknown>[];
    expect(succeeded.map((e) => JSON.parse(e.Output as string))).toEqual([{ id: 1, done: true }, { id: 3, done: true }]);
    expect(succeeded[0]).toMatchObject({ Status: 'SUCCEEDED', Input: '{"id":1,"ok":true}', InputDetails: { Included: true }, OutputDetails: { Included: true } });
    expect(succeeded[0]!.StateMachineArn).toMatch(/:stateMachine:TestMachine\/[^:]+$/);
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ Status: 'FAILED', Error: 'Item.Rejected', Cause: 'not ok', Input: '{"id":2,"ok":false}' });
    expect(failed[0]).not.toHaveProperty('Output');
    const children = mapRunExecutions(record).map((c) => c.record.executionArn);
    expect([...succeeded, ...failed].map((e) => e.ExecutionArn).sort()).toEqual([...children].sort());
  });

  it('fails the Map Run with States.ResultWriterFailed when the results cannot be written', async () => {
    // Prepare
    const invoker = async ({ resource }: { resource: string }) => {
      if (resource.endsWith('putObject')) throw new Error('Access Denied');
      return JSON.stringify([{ id: 1, ok: true }]);
    };

    // Act
    const { record } = await run(definition, {}, invoker);

    // Assess
    expect(record.status).toBe('FAILED');
    expect(record.error).toBe('States.ResultWriterFailed');
    expect(record.cause).toMatch(/'M'.*Writing s3:\/\/out\/runs\/[0-9a-f-]{36}\/SUCCEEDED_0\.json failed: Access Denied/);
    expect(types(record.history).slice(-4)).toEqual(['MapRunStarted', 'MapRunFailed', 'MapStateFailed', 'ExecutionFailed']);
  });
});
