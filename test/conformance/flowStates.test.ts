// Encodes examples and rules from the AWS Step Functions developer guide:
//   https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html
//   https://docs.aws.amazon.com/step-functions/latest/dg/state-wait.html
//   https://docs.aws.amazon.com/step-functions/latest/dg/state-succeed.html
//   https://docs.aws.amazon.com/step-functions/latest/apireference/API_HistoryEvent.html
import { describe, expect, it } from 'vitest';
import { choiceStateX } from '../fixtures/awsDocs/choiceStateX.ts';
import { offsets, run, START, types } from './harness.ts';

describe('Conformance: Choice, Wait, Succeed', () => {
  // "Choice state" page: rules are tried in order; Default when none matches.
  const choice = {
    StartAt: 'ChoiceStateX',
    States: {
      ChoiceStateX: choiceStateX,
      Public: { Type: 'Pass', Result: 'public', End: true },
      ValueIsZero: { Type: 'Pass', Result: 'zero', End: true },
      ValueInTwenties: { Type: 'Pass', Result: 'twenties', End: true },
      DefaultState: { Type: 'Fail', Error: 'DefaultStateError', Cause: 'No Matches!' },
    },
  };
  it.each([
    [{ type: 'Public', value: 3 }, 'public'],
    [{ type: 'Private', value: 0 }, 'zero'],
    [{ type: 'Private', value: 25 }, 'twenties'],
  ])('routes %j to %s', async (input, expected) => {
    const { record } = await run(choice, input);
    expect(record.output).toBe(expected);
  });
  it('takes Default when no rule matches', async () => {
    const { record } = await run(choice, { type: 'Private', value: 99 });
    expect(record).toMatchObject({ status: 'FAILED', error: 'DefaultStateError' });
  });
  it('fails with States.NoChoiceMatched without Default', async () => {
    const definition = { StartAt: 'C', States: { C: { Type: 'Choice', Choices: [{ Variable: '$.x', IsPresent: true, Next: 'E' }] }, E: { Type: 'Succeed' } } };
    const { record } = await run(definition, {});
    expect(record).toMatchObject({ status: 'FAILED', error: 'States.NoChoiceMatched' });
    expect(types(record.history)).toEqual(['ExecutionStarted', 'ChoiceStateEntered', 'ExecutionFailed']);
  });
  it('applies InputPath and OutputPath on Choice', async () => {
    const definition = {
      StartAt: 'C',
      States: { C: { Type: 'Choice', InputPath: '$.a', OutputPath: '$.b', Choices: [{ Variable: '$.b', IsString: true, Next: 'E' }] }, E: { Type: 'Succeed' } },
    };
    const { record } = await run(definition, { a: { b: 'x' } });
    expect(record.output).toBe('x');
  });

  // "Wait state": Seconds, Timestamp, SecondsPath, TimestampPath on the virtual clock.
  it.each([
    [{ Seconds: 10 }, {}, 10_000],
    [{ Timestamp: '2024-01-01T00:01:00Z' }, {}, 60_000],
    [{ SecondsPath: '$.wait' }, { wait: 7 }, 7_000],
    [{ TimestampPath: '$.expirydate' }, { expirydate: '2024-01-01T01:00:00Z' }, 3_600_000],
    [{ Timestamp: '2016-03-14T01:59:00Z' }, {}, 0],
  ])('Wait %j waits the right virtual time', async (fields, input, ms) => {
    const { record } = await run({ StartAt: 'W', States: { W: { Type: 'Wait', ...fields, End: true } } }, input);
    expect(record.output).toEqual(input);
    expect(offsets(record.history, 'WaitStateExited')).toEqual([ms]);
  });
  it('fails with States.Runtime on a bad SecondsPath value', async () => {
    const { record } = await run({ StartAt: 'W', States: { W: { Type: 'Wait', SecondsPath: '$.s', End: true } } }, { s: 'soon' });
    expect(record.error).toBe('States.Runtime');
  });

  // "Succeed state": stops the execution successfully; OutputPath applies.
  it('Succeed ends the execution with its (filtered) input', async () => {
    const definition = { StartAt: 'S', States: { S: { Type: 'Succeed', OutputPath: '$.keep' }, Unused: { Type: 'Pass', End: true } } };
    const { record } = await run(definition, { keep: { a: 1 }, drop: 2 });
    expect(record.output).toEqual({ a: 1 });
    expect(types(record.history)).toEqual(['ExecutionStarted', 'SucceedStateEntered', 'SucceedStateExited', 'ExecutionSucceeded']);
  });
});

describe('Conformance: history events', () => {
  // API reference "HistoryEvent": ids, previousEventId, timestamps and camelCase details.
  it('records ids, causal previousEventId and clock timestamps', async () => {
    const definition = { StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 2, Next: 'P' }, P: { Type: 'Pass', End: true } } };
    const streamed: string[] = [];
    const { record } = await run(definition, { a: 1 }, undefined, { onEvent: (e) => streamed.push(e.type) });
    // The first state points at 0, as ExecutionStarted does (test/fixtures/awsHistories).
    expect(record.history.map((e) => [e.id, e.previousEventId])).toEqual([[1, 0], [2, 0], [3, 2], [4, 3], [5, 4], [6, 5]]);
    expect(streamed).toEqual(types(record.history));
    expect(record.history[0]).toMatchObject({
      type: 'ExecutionStarted',
      timestamp: new Date(START).toISOString(),
      executionStartedEventDetails: { input: '{"a":1}' },
    });
    expect(record.history[1]).toMatchObject({ stateEnteredEventDetails: { name: 'W', input: '{"a":1}' } });
    expect(record.history[2]).toMatchObject({ timestamp: '2024-01-01T00:00:02.000Z', stateExitedEventDetails: { name: 'W', output: '{"a":1}' } });
    expect(record.history[5]).toMatchObject({ type: 'ExecutionSucceeded', executionSucceededEventDetails: { output: '{"a":1}' } });
    expect(record).toMatchObject({ startDate: '2024-01-01T00:00:00.000Z', stopDate: '2024-01-01T00:00:02.000Z' });
  });

  // A Lambda function ARN as Resource records the LambdaFunction* events.
  it('records LambdaFunction* events for a function ARN resource', async () => {
    const definition = { StartAt: 'L', States: { L: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:F', End: true } } };
    const { record } = await run(definition, { a: 1 }, async () => ({ b: 2 }));
    expect(types(record.history)).toEqual([
      'ExecutionStarted', 'TaskStateEntered', 'LambdaFunctionScheduled', 'LambdaFunctionStarted', 'LambdaFunctionSucceeded',
      'TaskStateExited', 'ExecutionSucceeded',
    ]);
    expect(record.history[2]).toMatchObject({ lambdaFunctionScheduledEventDetails: { resource: 'arn:aws:lambda:us-east-1:123456789012:function:F', input: '{"a":1}' } });
    expect(record.history[4]).toMatchObject({ lambdaFunctionSucceededEventDetails: { output: '{"b":2}' } });
  });

  it('records TaskScheduled details for an aws-sdk integration', async () => {
    const definition = { StartAt: 'S', States: { S: { Type: 'Task', Resource: 'arn:aws:states:::aws-sdk:s3:getObject', Parameters: { Bucket: 'b' }, End: true } } };
    const { record } = await run(definition, {}, async () => ({}));
    expect(record.history[2]).toMatchObject({
      type: 'TaskScheduled',
      taskScheduledEventDetails: { resourceType: 'aws-sdk:s3', resource: 'getObject', region: 'us-east-1', parameters: '{"Bucket":"b"}' },
    });
  });
});

describe('Conformance: Choice with variables', () => {
  // "Choice Rules": a rule's Assign applies when it matches; the state-level Assign always applies.
  it('applies the state-level Assign and the matched rule Assign', async () => {
    const definition = {
      QueryLanguage: 'JSONata',
      StartAt: 'C',
      States: {
        C: {
          Type: 'Choice',
          Assign: { visited: true, path: 'none' },
          Choices: [{ Condition: '{% $states.input.n > 0 %}', Assign: { path: 'positive' }, Next: 'Done' }],
          Default: 'Done',
        },
        Done: { Type: 'Pass', Output: { visited: '{% $visited %}', path: '{% $path %}' }, End: true },
      },
    };
    expect((await run(definition, { n: 1 })).record.output).toEqual({ visited: true, path: 'positive' });
    expect((await run(definition, { n: -1 })).record.output).toEqual({ visited: true, path: 'none' });
  });
});
