// A Task whose Resource is a Lambda function ARN (not arn:aws:states:::lambda:invoke): the
// result is the function's payload and the history uses LambdaFunction* events. Expected history
// recorded on AWS, with its source: test/fixtures/awsHistories/taskLambdaFunction.json.
//   https://docs.aws.amazon.com/step-functions/latest/dg/sfn-local-mock-cfg-file.html
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createMockInvoker } from '../../lib/local/mocks/createMockInvoker.ts';
import { run } from './harness.ts';

const recorded = JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures/awsHistories/taskLambdaFunction.json'), 'utf8')) as {
  definition: unknown;
  input: unknown;
  mockedResponse: Record<string, unknown>;
  taskResult: unknown;
  events: [number, number, string][];
};

function invokerFor(response: unknown) {
  return createMockInvoker({
    mockConfig: {
      StateMachines: { Machine: { TestCases: { HappyPath: { step1: 'Response' } } } },
      MockedResponses: { Response: response as never },
    },
    stateMachineName: 'Machine',
    testCaseName: 'HappyPath',
  });
}

describe('Conformance: a Lambda function ARN as Resource, answered by a MockConfigFile', () => {
  it('records the LambdaFunction* events AWS records and yields the mocked Payload', async () => {
    const { record } = await run(recorded.definition, recorded.input, invokerFor(recorded.mockedResponse));
    expect(record.history.map((e) => [e.id, e.previousEventId, e.type])).toEqual(recorded.events);
    expect(record.history[2]!.lambdaFunctionScheduledEventDetails).toEqual({
      resource: 'arn:aws:lambda:us-east-1:111111111111:function:lambda_function_name',
      input: '{"body":"string body"}',
      inputDetails: { truncated: false },
    });
    // LambdaFunctionStarted has no details field (nor has the API's HistoryEvent one for it).
    expect(Object.keys(record.history[3]!)).toEqual(['id', 'previousEventId', 'timestamp', 'type']);
    expect(JSON.parse((record.history[4]!.lambdaFunctionSucceededEventDetails as { output: string }).output)).toEqual(recorded.taskResult);
    expect(record.output).toEqual(recorded.taskResult);
  });

  it('keeps a mocked Return without Payload as the result itself', async () => {
    const { record } = await run(recorded.definition, {}, invokerFor({ 0: { Return: { body: 'plain' } } }));
    expect(record.output).toEqual({ body: 'plain' });
  });

  it('keeps the whole Invoke response for arn:aws:states:::lambda:invoke', async () => {
    const definition = { StartAt: 'step1', States: { step1: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true } } };
    const { record } = await run(definition, {}, invokerFor(recorded.mockedResponse));
    expect(record.output).toEqual((recorded.mockedResponse['0'] as { Return: unknown }).Return);
  });
});
