import { describe, expect, it } from 'vitest';
import { errorMatches } from '../../../../lib/local/engine/failures.ts';
import { retryDelayMs } from '../../../../lib/local/engine/retry.ts';
import { describeResource } from '../../../../lib/local/engine/resource.ts';
import { serializePayload } from '../../../../lib/local/engine/io/payload.ts';

describe('Function: errorMatches', () => {
  it.each([
    [['States.ALL'], 'Custom', true],
    [['States.ALL'], 'States.Timeout', true],
    [['States.ALL'], 'States.Runtime', false],
    [['States.ALL'], 'States.DataLimitExceeded', false],
    [['States.DataLimitExceeded'], 'States.DataLimitExceeded', true],
    [['States.Runtime'], 'States.Runtime', false],
    [['States.TaskFailed'], 'Lambda.ServiceException', true],
    [['States.TaskFailed'], 'States.Timeout', false],
    [['A', 'B'], 'B', true],
    [['A'], 'a', false],
  ])('%j matches %s: %s', (errorEquals, error, expected) => {
    expect(errorMatches(errorEquals, error)).toBe(expected);
  });
});

describe('Function: retryDelayMs', () => {
  it('applies defaults (1 s, x2)', () => {
    expect([0, 1, 2].map((n) => retryDelayMs({ ErrorEquals: [] }, n, () => 0.5))).toEqual([1000, 2000, 4000]);
  });
  it('caps with MaxDelaySeconds and scales with FULL jitter', () => {
    const retrier = { ErrorEquals: [], IntervalSeconds: 10, BackoffRate: 3, MaxDelaySeconds: 20, JitterStrategy: 'FULL' as const };
    expect(retryDelayMs(retrier, 5, () => 0.25)).toBe(5000);
  });
});

describe('Function: describeResource', () => {
  it.each([
    ['arn:aws:states:::lambda:invoke', 'Task', 'lambda', 'invoke', false],
    ['arn:aws:states:::sqs:sendMessage.waitForTaskToken', 'Task', 'sqs', 'sendMessage.waitForTaskToken', true],
    ['arn:aws:states:::aws-sdk:dynamodb:scan', 'Task', 'aws-sdk:dynamodb', 'scan', false],
    ['arn:${Partition}:states:::batch:submitJob.sync', 'Task', 'batch', 'submitJob.sync', false],
    ['arn:aws:lambda:eu-west-1:1:function:f', 'LambdaFunction', 'lambda', 'arn:aws:lambda:eu-west-1:1:function:f', false],
    ['arn:aws:states:us-east-1:1:activity:a', 'Activity', 'activity', 'arn:aws:states:us-east-1:1:activity:a', false],
    ['${ActivityArn}', 'Task', 'unknown', '${ActivityArn}', true],
  ])('%s', (arn, family, resourceType, resource, token) => {
    expect(describeResource(arn)).toMatchObject({ family, resourceType, resource, waitsForTaskToken: token });
  });
});

describe('Function: serializePayload', () => {
  it('accepts 256 KiB and rejects one byte more', () => {
    const exact = 'a'.repeat(256 * 1024 - 2);
    expect(serializePayload(exact, 'input', 'S')).toHaveLength(256 * 1024);
    expect(() => serializePayload(`${exact}a`, 'input', 'S')).toThrow(/256 KiB/);
  });
});
