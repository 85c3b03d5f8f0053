/** TestState against `aethon dev` (client with disableHostPrefix, as for Step Functions Local). */
import { SFNClient, TestStateCommand } from '@aws-sdk/client-sfn';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../../../lib/dev/index.ts';
import { copyDevProject } from './devProject.ts';

describe('aethon dev: TestState', { timeout: 30_000 }, () => {
  let server: DevServer;
  let sfn: SFNClient;
  beforeEach(async () => {
    server = await startDevServer({ projectRoot: copyDevProject(), port: 0, announce: false });
    sfn = new SFNClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'l', secretAccessKey: 'l' }, disableHostPrefix: true });
  });
  afterEach(async () => {
    await server.close();
  });

  const test = (state: object, extra: Record<string, unknown> = {}) => sfn.send(new TestStateCommand({ definition: JSON.stringify(state), roleArn: 'arn:aws:iam::123456789012:role/r', ...extra }));

  it('runs a Choice once and names the state that would come next, without running it', async () => {
    const choice = { Type: 'Choice', Choices: [{ Variable: '$.n', NumericGreaterThan: 10, Next: 'Big' }], Default: 'Small' };
    expect(await test(choice, { input: '{"n":42}' })).toMatchObject({ status: 'SUCCEEDED', nextState: 'Big', output: '{"n":42}' });
    expect(await test(choice, { input: '{"n":1}' })).toMatchObject({ status: 'SUCCEEDED', nextState: 'Small' });
  });

  it('shapes a Pass with variables, and shows the input and the variables at DEBUG', async () => {
    const pass = { Type: 'Pass', QueryLanguage: 'JSONata', Output: '{% { "total": $states.input.a + $rate } %}', End: true };
    expect(await test(pass, { input: '{"a":2}', variables: '{"rate":3}', inspectionLevel: 'DEBUG' })).toMatchObject({ status: 'SUCCEEDED', output: '{"total":5}', inspectionData: { input: '{"a":2}', variables: '{"rate":3}' } });
  });

  it('answers RETRIABLE for a failure a Retry matches, CAUGHT_ERROR for one a Catch takes, with a mocked task', async () => {
    const task = { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'f' }, Retry: [{ ErrorEquals: ['Busy'] }], Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Recover' }], Next: 'Done' };
    // Retry before Catch: the Catch takes the error only once the Retry's attempts (3 by default) are spent.
    expect(await test(task, { mock: { errorOutput: { error: 'Busy', cause: 'try later' } } })).toMatchObject({ status: 'RETRIABLE', error: 'Busy' });
    expect(await test(task, { mock: { errorOutput: { error: 'Busy', cause: 'try later' } }, stateConfiguration: { retrierRetryCount: 3 } })).toMatchObject({ status: 'CAUGHT_ERROR', nextState: 'Recover', error: 'Busy' });
    expect(await test(task, { mock: { errorOutput: { error: 'Broken', cause: 'no' } } })).toMatchObject({ status: 'CAUGHT_ERROR', nextState: 'Recover', error: 'Broken' });
    const { Catch: _catch, ...uncaught } = task;
    expect(await test(uncaught, { mock: { errorOutput: { error: 'Busy', cause: 'try later' } } })).toMatchObject({ status: 'RETRIABLE', error: 'Busy', cause: 'try later' });
    expect(await test(uncaught, { mock: { errorOutput: { error: 'Broken', cause: 'no' } } })).toMatchObject({ status: 'FAILED', error: 'Broken' });
    expect(await test(uncaught, { mock: { result: '{"Payload":{"ok":true}}' } })).toMatchObject({ status: 'SUCCEEDED', nextState: 'Done', output: '{"Payload":{"ok":true}}' });
  });

  it('answers the JSONPath data processing step by step at DEBUG and TRACE, none at INFO', async () => {
    const task = {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      InputPath: '$.order',
      Parameters: { 'id.$': '$.id', FunctionName: 'f' },
      ResultSelector: { 'total.$': '$.Payload.total' },
      ResultPath: '$.priced',
      OutputPath: '$.priced',
      Next: 'Ship',
    };
    const input = '{"order":{"id":"o-1"},"keep":true}';
    const mock = { result: '{"Payload":{"total":42,"noise":1}}' };
    const debug = await test(task, { input, mock, inspectionLevel: 'DEBUG' });
    expect(debug).toMatchObject({ status: 'SUCCEEDED', nextState: 'Ship', output: '{"total":42}' });
    expect(debug.inspectionData).toEqual({
      input,
      afterInputPath: '{"id":"o-1"}',
      afterParameters: '{"id":"o-1","FunctionName":"f"}',
      result: '{"Payload":{"total":42,"noise":1}}',
      afterResultSelector: '{"total":42}',
      afterResultPath: '{"order":{"id":"o-1"},"keep":true,"priced":{"total":42}}',
    });
    expect((await test(task, { input, mock, inspectionLevel: 'TRACE' })).inspectionData).toEqual(debug.inspectionData);
    expect((await test(task, { input, mock, inspectionLevel: 'INFO' })).inspectionData).toBeUndefined();
    expect((await test(task, { input, mock })).inspectionData).toBeUndefined();
  });

  it('answers afterArguments, the result and the variables after the state for JSONata', async () => {
    const task = {
      Type: 'Task',
      QueryLanguage: 'JSONata',
      Resource: 'arn:aws:states:::lambda:invoke',
      Arguments: { FunctionName: 'f', Payload: { n: '{% $states.input.n * $factor %}' } },
      Assign: { last: '{% $states.result.Payload %}' },
      Output: '{% $states.result.Payload + 1 %}',
      End: true,
    };
    const answer = await test(task, { input: '{"n":2}', variables: '{"factor":5}', mock: { result: '{"Payload":10}' }, inspectionLevel: 'DEBUG' });
    expect(answer).toMatchObject({ status: 'SUCCEEDED', output: '11' });
    expect(answer.inspectionData).toEqual({
      input: '{"n":2}',
      afterArguments: '{"FunctionName":"f","Payload":{"n":10}}',
      result: '{"Payload":10}',
      variables: '{"factor":5,"last":10}',
    });
  });

  it('answers a Choice\'s, a Wait\'s and a Pass\'s own steps only', async () => {
    const choice = { Type: 'Choice', InputPath: '$.x', Choices: [{ Variable: '$.n', NumericEquals: 1, Next: 'One' }], Default: 'Other' };
    expect((await test(choice, { input: '{"x":{"n":1}}', inspectionLevel: 'DEBUG' })).inspectionData).toEqual({ input: '{"x":{"n":1}}', afterInputPath: '{"n":1}' });
    const wait = { Type: 'Wait', InputPath: '$.w', SecondsPath: '$.s', Next: 'After' };
    expect(await test(wait, { input: '{"w":{"s":0}}', inspectionLevel: 'DEBUG' })).toMatchObject({ status: 'SUCCEEDED', nextState: 'After', inspectionData: { input: '{"w":{"s":0}}', afterInputPath: '{"s":0}' } });
    const pass = { Type: 'Pass', Parameters: { 'v.$': '$.a' }, ResultPath: '$.b', End: true };
    expect((await test(pass, { input: '{"a":1}', inspectionLevel: 'DEBUG' })).inspectionData).toEqual({
      input: '{"a":1}',
      afterInputPath: '{"a":1}',
      afterParameters: '{"v":1}',
      result: '{"v":1}',
      afterResultSelector: '{"v":1}',
      afterResultPath: '{"a":1,"b":{"v":1}}',
    });
  });

  it('answers a Map\'s items, iteration inputs and limits, and a Parallel\'s branch results, not their inner states\' steps', async () => {
    const map = {
      Type: 'Map',
      ItemsPath: '$.xs',
      ItemSelector: { 'v.$': '$$.Map.Item.Value', 'i.$': '$$.Map.Item.Index' },
      MaxConcurrency: 2,
      ToleratedFailureCount: 1,
      ItemProcessor: { StartAt: 'Inner', States: { Inner: { Type: 'Pass', Parameters: { 'w.$': '$.v' }, End: true } } },
      End: true,
    };
    const mapped = await test(map, { input: '{"xs":["a","b"]}', inspectionLevel: 'DEBUG' });
    expect(mapped).toMatchObject({ status: 'SUCCEEDED', output: '[{"w":"a"},{"w":"b"}]' });
    expect(mapped.inspectionData).toMatchObject({
      afterInputPath: '{"xs":["a","b"]}',
      afterItemsPath: '["a","b"]',
      afterItemSelector: '[{"v":"a","i":0},{"v":"b","i":1}]',
      maxConcurrency: 2,
      toleratedFailureCount: 1,
      result: '[{"w":"a"},{"w":"b"}]',
    });
    // The inner Pass's Parameters would show as afterParameters if an iteration's steps leaked.
    expect(mapped.inspectionData?.afterParameters).toBeUndefined();
    const parallel = {
      Type: 'Parallel',
      Branches: [{ StartAt: 'A', States: { A: { Type: 'Pass', Result: 1, End: true } } }, { StartAt: 'B', States: { B: { Type: 'Pass', Result: 2, End: true } } }],
      ResultPath: '$.both',
      End: true,
    };
    const both = await test(parallel, { input: '{}', inspectionLevel: 'DEBUG' });
    // The branches' Pass states report results 1 and 2 of their own: only the Parallel's shows.
    expect(both.inspectionData).toMatchObject({ input: '{}', result: '[1,2]', afterResultSelector: '[1,2]', afterResultPath: '{"both":[1,2]}' });
  });

  it('names the Catch or the Retry that handled an error in errorDetails, with the backoff of the next retry', async () => {
    const task = {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Retry: [{ ErrorEquals: ['Other'] }, { ErrorEquals: ['States.TaskFailed'], IntervalSeconds: 2, BackoffRate: 3, MaxAttempts: 2 }],
      Catch: [{ ErrorEquals: ['Other'], Next: 'A' }, { ErrorEquals: ['Busy'], ResultPath: '$.error', Next: 'B' }],
      Next: 'Done',
    };
    const caught = await test(task, { input: '{"k":1}', mock: { errorOutput: { error: 'Busy', cause: 'later' } }, inspectionLevel: 'DEBUG', stateConfiguration: { retrierRetryCount: 2 } });
    expect(caught).toMatchObject({ status: 'CAUGHT_ERROR', nextState: 'B', output: '{"k":1,"error":{"Error":"Busy","Cause":"later"}}' });
    expect(caught.inspectionData).toMatchObject({ input: '{"k":1}', afterParameters: '{"k":1}', errorDetails: { catchIndex: 1 } });
    expect(caught.inspectionData?.result).toBeUndefined();
    const { Catch: _catch, ...uncaught } = task;
    const mock = { errorOutput: { error: 'Busy', cause: 'later' } };
    const retriable = await test(uncaught, { mock, inspectionLevel: 'DEBUG', stateConfiguration: { retrierRetryCount: 1 } });
    expect(retriable).toMatchObject({ status: 'RETRIABLE', error: 'Busy', inspectionData: { errorDetails: { retryIndex: 1, retryBackoffIntervalSeconds: 6 } } });
    const exhausted = await test(uncaught, { mock, inspectionLevel: 'DEBUG', stateConfiguration: { retrierRetryCount: 2 } });
    expect(exhausted).toMatchObject({ status: 'FAILED', error: 'Busy' });
    expect(exhausted.inspectionData?.errorDetails).toBeUndefined();
  });

  it('refuses an unknown inspection level, a mock result that is not JSON, and fails a Task without a mock saying what to pass', async () => {
    const pass = { Type: 'Pass', End: true };
    await expect(test(pass, { inspectionLevel: 'VERBOSE' })).rejects.toMatchObject({ name: 'ValidationException', message: expect.stringContaining("'inspectionLevel'") });
    const task = { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true };
    await expect(test(task, { mock: { result: '{oops' } })).rejects.toMatchObject({ name: 'ValidationException', message: expect.stringContaining('mock.result is not JSON') });
    const unmocked = await test(task, { inspectionLevel: 'DEBUG' });
    expect(unmocked).toMatchObject({ status: 'FAILED', error: 'States.Runtime', cause: expect.stringContaining('pass mock.result or mock.errorOutput') });
    expect(unmocked.inspectionData).toEqual({ input: '{}', afterInputPath: '{}', afterParameters: '{}' });
  });

  it('refuses a definition that is not a state', async () => {
    await expect(test({ StartAt: 'A' })).rejects.toMatchObject({ name: 'InvalidDefinition' });
  });
});
