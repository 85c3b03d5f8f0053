/** PutEvents through @aws-sdk/client-eventbridge, and StartSyncExecution, against `aethon dev`. */
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { CreateStateMachineCommand, ListExecutionsCommand, SFNClient, StartSyncExecutionCommand } from '@aws-sdk/client-sfn';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../../../lib/dev/index.ts';
import { copyDevProject, sfnClientFor, untilClosed } from './devProject.ts';

const CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };
const ON_RELEASE = 'arn:aws:states:us-east-1:123456789012:stateMachine:on-release';

describe('aethon dev: events and synchronous executions', { timeout: 30_000 }, () => {
  let server: DevServer;
  beforeEach(async () => {
    server = await startDevServer({ projectRoot: copyDevProject(), port: 0, announce: false });
  });
  afterEach(async () => {
    await server.close();
  });

  it('starts the workflow whose trigger matches, once per idempotency key', async () => {
    // Prepare
    const events = new EventBridgeClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: CREDENTIALS });
    const sfn = sfnClientFor(server.endpoint);
    const entry = { Source: 'app.ci', DetailType: 'ReleaseTagged', Detail: JSON.stringify({ releaseId: 'r-7', service: 'api' }) };

    // Act
    const first = await events.send(new PutEventsCommand({ Entries: [entry, { Source: 'app.other', DetailType: 'Nothing', Detail: '{}' }] }));
    const again = await events.send(new PutEventsCommand({ Entries: [entry] }));
    const broken = await events.send(new PutEventsCommand({ Entries: [{ Source: 'app.ci', DetailType: 'ReleaseTagged', Detail: 'not json' }] }));

    // Assess
    expect(first.FailedEntryCount).toBe(0);
    expect(first.Entries?.every((e) => typeof e.EventId === 'string')).toBe(true);
    expect(again.FailedEntryCount).toBe(0);
    expect(broken).toMatchObject({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'MalformedDetail' }] });
    const { executions = [] } = await sfn.send(new ListExecutionsCommand({ stateMachineArn: ON_RELEASE }));
    expect(executions).toHaveLength(1);
    expect(await untilClosed(sfn, executions[0]!.executionArn!)).toBe('SUCCEEDED');
    const metrics = await (await fetch(`${server.endpoint}/metrics`)).text();
    expect(metrics).toContain('aethon_events_matched_total{workflow="on-release"} 2');
  });

  it('runs an EXPRESS machine to its end with StartSyncExecution (client with disableHostPrefix)', async () => {
    const sfn = new SFNClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: CREDENTIALS, disableHostPrefix: true });
    const definition = JSON.stringify({ StartAt: 'Double', States: { Double: { Type: 'Pass', QueryLanguage: 'JSONata', Output: '{% $states.input.n * 2 %}', End: true } } });
    const { stateMachineArn } = await sfn.send(new CreateStateMachineCommand({ name: 'double', type: 'EXPRESS', definition, roleArn: 'arn:aws:iam::123456789012:role/r' }));

    const result = await sfn.send(new StartSyncExecutionCommand({ stateMachineArn, input: '{"n":21}' }));

    expect(result).toMatchObject({ status: 'SUCCEEDED', output: '42' });
    await expect(sfn.send(new StartSyncExecutionCommand({ stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:pause-and-greet' }))).rejects.toMatchObject({ name: 'StateMachineTypeNotSupported' });
  });
});
