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

  it('shapes a Pass with variables, and shows the input at DEBUG', async () => {
    const pass = { Type: 'Pass', QueryLanguage: 'JSONata', Output: '{% { "total": $states.input.a + $rate } %}', End: true };
    expect(await test(pass, { input: '{"a":2}', variables: '{"rate":3}', inspectionLevel: 'DEBUG' })).toMatchObject({ status: 'SUCCEEDED', output: '{"total":5}', inspectionData: { input: '{"a":2}' } });
  });

  it('answers RETRIABLE for a failure a Retry matches, CAUGHT_ERROR for one a Catch takes, with a mocked task', async () => {
    const task = { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'f' }, Retry: [{ ErrorEquals: ['Busy'] }], Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Recover' }], Next: 'Done' };
    expect(await test(task, { mock: { errorOutput: { error: 'Busy', cause: 'try later' } } })).toMatchObject({ status: 'CAUGHT_ERROR', nextState: 'Recover', error: 'Busy' });
    const { Catch: _catch, ...uncaught } = task;
    expect(await test(uncaught, { mock: { errorOutput: { error: 'Busy', cause: 'try later' } } })).toMatchObject({ status: 'RETRIABLE', error: 'Busy', cause: 'try later' });
    expect(await test(uncaught, { mock: { errorOutput: { error: 'Broken', cause: 'no' } } })).toMatchObject({ status: 'FAILED', error: 'Broken' });
    expect(await test(uncaught, { mock: { result: '{"Payload":{"ok":true}}' } })).toMatchObject({ status: 'SUCCEEDED', nextState: 'Done', output: '{"Payload":{"ok":true}}' });
  });

  it('refuses a definition that is not a state', async () => {
    await expect(test({ StartAt: 'A' })).rejects.toMatchObject({ name: 'InvalidDefinition' });
  });
});
