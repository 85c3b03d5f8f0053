import { DescribeExecutionCommand, ExecutionAlreadyExists, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { executionArnOf, executionNameFor, MAX_EXECUTION_NAME_LENGTH } from '../../../lib/contracts/executionName.ts';
import { createStarter, handler } from '../../../lib/infra/starter/handler.ts';
import { selectPath } from '../../../lib/contracts/selectPath.ts';

const STATE_MACHINE = 'arn:aws:states:eu-central-1:123456789012:stateMachine:user-onboarding-dev';
const event = { source: 'app.accounts', 'detail-type': 'UserSignedUp', detail: { email: 'ada@example.com', name: 'Ada' } };
const NAME = executionNameFor('user-onboarding', 'ada@example.com');
const EXECUTION = `arn:aws:states:eu-central-1:123456789012:execution:user-onboarding-dev:${NAME}`;

describe('Function: executionNameFor', () => {
  it('is deterministic, distinct per workflow and key, and within Step Functions limits', () => {
    const long = 'w'.repeat(80);
    expect(executionNameFor('user-onboarding', 'ada@example.com')).toBe(NAME);
    expect(executionNameFor('user-onboarding', 'bob@example.com')).not.toBe(NAME);
    expect(executionNameFor('other-flow', 'ada@example.com')).not.toBe(NAME);
    expect(executionNameFor('w', 42)).not.toBe(executionNameFor('w', '42'));
    for (const name of [NAME, executionNameFor(long, 'k'), executionNameFor('a b/c', 'x y')]) {
      expect(name.length).toBeLessThanOrEqual(MAX_EXECUTION_NAME_LENGTH);
      expect(name).toMatch(/^[A-Za-z0-9_-]+$/);
    }
    expect(NAME).toMatch(/^user-onboarding-[0-9a-f]{48}$/);
  });

  it('derives the execution ARN from the state machine ARN', () => {
    expect(executionArnOf(STATE_MACHINE, NAME)).toBe(EXECUTION);
    expect(() => executionArnOf('arn:aws:lambda:eu-central-1:123456789012:function:x', NAME)).toThrow(/not a state machine ARN/);
  });
});

describe('Function: selectPath', () => {
  it('selects names and indexes, and undefined where a step is missing', () => {
    expect(selectPath(event, '$.detail.email')).toBe('ada@example.com');
    expect(selectPath({ items: [{ id: 7 }] }, '$.items[0].id')).toBe(7);
    expect(selectPath(event, '$')).toBe(event);
    expect(selectPath(event, '$.detail.missing.deeper')).toBeUndefined();
  });
});

describe('Function: starter', () => {
  const sfn = mockClient(SFNClient);
  const starter = () =>
    createStarter({ client: new SFNClient({ region: 'eu-central-1' }), stateMachineArn: STATE_MACHINE, workflow: 'user-onboarding', inputPath: '$.detail', keyPath: '$.detail.email' });
  beforeEach(() => {
    sfn.reset();
    vi.spyOn(console, 'log').mockImplementation(() => {});
  });
  afterEach(() => vi.restoreAllMocks());

  it('starts an execution named after the key, with the selected input', async () => {
    // Prepare
    sfn.on(StartExecutionCommand).resolves({ executionArn: EXECUTION, startDate: new Date() });

    // Act
    const outcome = await starter()(event);

    // Assess
    expect(outcome).toEqual({ status: 'started', executionArn: EXECUTION, name: NAME });
    expect(sfn.commandCalls(StartExecutionCommand)[0]!.args[0].input).toEqual({ stateMachineArn: STATE_MACHINE, name: NAME, input: JSON.stringify(event.detail) });
  });

  it('reports a duplicate when the execution exists with the same input, and starts nothing', async () => {
    // Prepare
    sfn.on(StartExecutionCommand).rejects(new ExecutionAlreadyExists({ message: 'Execution Already Exists', $metadata: {} }));
    sfn.on(DescribeExecutionCommand, { executionArn: EXECUTION }).resolves({ executionArn: EXECUTION, input: JSON.stringify(event.detail), status: 'SUCCEEDED' });

    // Act
    const outcome = await starter()(event);

    // Assess
    expect(outcome).toEqual({ status: 'duplicate', executionArn: EXECUTION, name: NAME, executionStatus: 'SUCCEEDED' });
    expect(sfn.commandCalls(DescribeExecutionCommand)).toHaveLength(1);
  });

  it('throws when the same key arrives with a different input', async () => {
    sfn.on(StartExecutionCommand).rejects(new ExecutionAlreadyExists({ message: 'Execution Already Exists', $metadata: {} }));
    sfn.on(DescribeExecutionCommand).resolves({ executionArn: EXECUTION, input: '{"email":"ada@example.com","name":"Someone else"}', status: 'RUNNING' });
    await expect(starter()(event)).rejects.toMatchObject({ name: 'Aethon.IdempotencyConflict', executionArn: EXECUTION });
  });

  it('throws, starting nothing, when the event lacks its key', async () => {
    await expect(starter()({ detail: { name: 'Ada' } })).rejects.toMatchObject({ name: 'MissingIdempotencyKeyError', keyPath: '$.detail.email' });
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
  });

  it('passes other errors on, so EventBridge retries', async () => {
    sfn.on(StartExecutionCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    await expect(starter()(event)).rejects.toMatchObject({ name: 'ThrottlingException' });
  });

  it('reads its configuration from the environment the construct sets', async () => {
    // Prepare
    vi.stubEnv('AWS_REGION', 'eu-central-1');
    vi.stubEnv('AETHON_STATE_MACHINE_ARN', STATE_MACHINE);
    vi.stubEnv('AETHON_WORKFLOW', 'user-onboarding');
    vi.stubEnv('AETHON_TRIGGER_INPUT_PATH', '$.detail');
    vi.stubEnv('AETHON_TRIGGER_KEY_PATH', '$.detail.email');
    sfn.on(StartExecutionCommand).resolves({ executionArn: EXECUTION, startDate: new Date() });

    // Act
    const outcome = await handler(event);

    // Assess
    expect(outcome).toMatchObject({ status: 'started', name: NAME });
    vi.unstubAllEnvs();
  });
});
