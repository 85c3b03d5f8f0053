// Service integration patterns as AWS records them; expected histories recorded on AWS, committed
// under test/fixtures/awsHistories/task*.json with their sources (the definitions are rebuilt from
// the recorded TaskScheduled parameters). Tasks answer from a Step Functions Local MockConfigFile.
//   https://docs.aws.amazon.com/step-functions/latest/dg/connect-to-resource.html
//   https://docs.aws.amazon.com/step-functions/latest/dg/connect-stepfunctions.html
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeResource } from '../../lib/local/engine/resource.ts';
import { createFunctionMockInvoker } from '../../lib/local/mocks/createFunctionMockInvoker.ts';
import { createMockInvoker } from '../../lib/local/mocks/createMockInvoker.ts';
import type { HistoryEvent } from '../../lib/local/types.ts';
import { run } from './harness.ts';

const DIR = join(import.meta.dirname, '../fixtures/awsHistories');

interface RecordedTask {
  readonly source: string;
  readonly definition: { readonly StartAt: string };
  readonly input: unknown;
  readonly mockedResponse: Record<string, unknown>;
  readonly taskEvents: { readonly resourceType: string; readonly resource: string };
  readonly submittedOutputKeys: readonly string[] | null;
  readonly succeededOutput: unknown;
  readonly events: readonly (readonly [number, number, string])[];
}

function mockInvoker(recorded: RecordedTask) {
  return createMockInvoker({
    mockConfig: {
      StateMachines: { Machine: { TestCases: { HappyPath: { [recorded.definition.StartAt]: 'Response' } } } },
      MockedResponses: { Response: recorded.mockedResponse as never },
    },
    stateMachineName: 'Machine',
    testCaseName: 'HappyPath',
  });
}

const detailsOf = (history: readonly HistoryEvent[], type: string, key: string): Record<string, unknown> =>
  (history.find((e) => e.type === type) as Record<string, unknown> | undefined)![key] as Record<string, unknown>;

describe('Conformance: .sync, .sync:2 and .waitForTaskToken integrations', () => {
  it.each(['taskStartExecutionSync.json', 'taskStartExecutionSync2.json', 'taskSqsWaitForTaskToken.json'])('%s', async (file) => {
    const recorded = JSON.parse(readFileSync(join(DIR, file), 'utf8')) as RecordedTask;
    const { record } = await run(recorded.definition, recorded.input, mockInvoker(recorded));
    expect(record.history.map((e) => [e.id, e.previousEventId, e.type])).toEqual(recorded.events);
    for (const type of ['TaskScheduled', 'TaskStarted', 'TaskSubmitted', 'TaskSucceeded']) {
      expect(detailsOf(record.history, type, `t${type.slice(1)}EventDetails`)).toMatchObject(recorded.taskEvents);
    }
    const submitted = detailsOf(record.history, 'TaskSubmitted', 'taskSubmittedEventDetails');
    if (recorded.submittedOutputKeys === null) {
      expect(submitted.output).toBeUndefined();
    } else {
      expect(Object.keys(JSON.parse(submitted.output as string) as object)).toEqual(recorded.submittedOutputKeys);
      expect(submitted.outputDetails).toEqual({ truncated: false });
    }
    const succeeded = detailsOf(record.history, 'TaskSucceeded', 'taskSucceededEventDetails');
    expect(JSON.parse(succeeded.output as string)).toEqual(recorded.succeededOutput);
  });

  it('parses states:startExecution.sync:2 as service states, action startExecution, pattern sync:2', () => {
    expect(describeResource('arn:aws:states:::states:startExecution.sync:2')).toMatchObject({
      family: 'Task', resourceType: 'states', resource: 'startExecution.sync:2', action: 'startExecution', pattern: 'sync:2', waitsForTaskToken: false,
    });
    expect(describeResource('arn:aws:states:::aws-sdk:sfn:startExecution')).toMatchObject({ resourceType: 'aws-sdk:sfn', resource: 'startExecution', pattern: 'requestResponse' });
    expect(describeResource('arn:aws:states:::ecs:runTask.waitForTaskToken')).toMatchObject({ resourceType: 'ecs', resource: 'runTask.waitForTaskToken', waitsForTaskToken: true });
  });

  it('returns the child Output of a .sync:2 call as JSON even when the mock wrote it as text', async () => {
    const definition = { StartAt: 'S', States: { S: { Type: 'Task', Resource: 'arn:aws:states:::states:startExecution.sync:2', OutputPath: '$.Output', End: true } } };
    const { record } = await run(definition, {}, async () => ({ ExecutionArn: 'arn:x', Output: '{"a":1}', Status: 'SUCCEEDED' }));
    expect(record.output).toEqual({ a: 1 });
  });

  it('records TaskSubmitted when the invoker reports it, with the submit response, before the outcome', async () => {
    const definition = { StartAt: 'S', States: { S: { Type: 'Task', Resource: 'arn:aws:states:::glue:startJobRun.sync', End: true } } };
    const invoker = createFunctionMockInvoker({
      S: (_params, call) => {
        call.submitted({ JobRunId: 'jr_1' });
        return { JobRunState: 'SUCCEEDED' };
      },
    });
    const { record } = await run(definition, {}, invoker);
    const submitted = record.history.find((e) => e.type === 'TaskSubmitted')!;
    expect(submitted.taskSubmittedEventDetails).toEqual({
      resourceType: 'glue', resource: 'startJobRun.sync', output: '{"JobRunId":"jr_1"}', outputDetails: { truncated: false },
    });
    expect(record.history.map((e) => e.type).slice(2, 6)).toEqual(['TaskScheduled', 'TaskStarted', 'TaskSubmitted', 'TaskSucceeded']);
  });

  it('records TaskSubmitted then TaskTimedOut when a callback never comes', async () => {
    const definition = {
      StartAt: 'S',
      States: { S: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken', TimeoutSeconds: 5, End: true } },
    };
    const { record } = await run(definition, {}, () => new Promise(() => {}));
    expect(record.history.map((e) => [e.previousEventId, e.type]).slice(2)).toEqual([
      [2, 'TaskScheduled'], [3, 'TaskStarted'], [4, 'TaskSubmitted'], [5, 'TaskTimedOut'], [6, 'ExecutionFailed'],
    ]);
    // TaskTimedOutEventDetails as the API reference lists them: resourceType, resource, error, cause.
    const timedOut = record.history.find((e) => e.type === 'TaskTimedOut')!;
    expect(timedOut.taskTimedOutEventDetails).toEqual({
      resourceType: 'sqs', resource: 'sendMessage.waitForTaskToken', error: 'States.Timeout', cause: expect.stringContaining('5 seconds'),
    });
    expect(record.error).toBe('States.Timeout');
  });

  it('records TaskSubmitted then TaskTimedOut with States.HeartbeatTimeout when a .sync job stops sending heartbeats', async () => {
    const definition = {
      StartAt: 'S',
      States: { S: { Type: 'Task', Resource: 'arn:aws:states:::glue:startJobRun.sync', HeartbeatSeconds: 3, TimeoutSeconds: 60, End: true } },
    };
    const invoker = createFunctionMockInvoker({
      S: (_params, call) => {
        call.submitted({ JobRunId: 'jr_1' });
        return new Promise(() => {});
      },
    });
    const { record } = await run(definition, {}, invoker);
    expect(record.history.map((e) => e.type).slice(2, 7)).toEqual(['TaskScheduled', 'TaskStarted', 'TaskSubmitted', 'TaskTimedOut', 'ExecutionFailed']);
    const timedOut = record.history.find((e) => e.type === 'TaskTimedOut')!;
    expect(timedOut.taskTimedOutEventDetails).toMatchObject({ resourceType: 'glue', resource: 'startJobRun.sync', error: 'States.HeartbeatTimeout' });
    expect(record.history.find((e) => e.type === 'TaskSubmitted')!.taskSubmittedEventDetails!.output).toBe('{"JobRunId":"jr_1"}');
  });

  it('records no TaskSubmitted for a request-response call', async () => {
    const definition = { StartAt: 'S', States: { S: { Type: 'Task', Resource: 'arn:aws:states:::states:startExecution', End: true } } };
    const { record } = await run(definition, {}, async () => ({ ExecutionArn: 'arn:x', StartDate: 1 }));
    expect(record.history.some((e) => e.type === 'TaskSubmitted')).toBe(false);
  });
});
