// Encodes examples and rules from the AWS Step Functions developer guide:
//   https://docs.aws.amazon.com/step-functions/latest/dg/concepts-input-output-filtering.html
//   https://docs.aws.amazon.com/step-functions/latest/dg/input-output-contextobject.html
//   https://docs.aws.amazon.com/step-functions/latest/dg/state-pass.html
import { describe, expect, it } from 'vitest';
import { run } from './harness.ts';

const LAMBDA = 'arn:aws:states:::lambda:invoke';

describe('Conformance: input and output processing (JSONPath)', () => {
  // Developer guide, "Processing input and output" > "InputPath": select dataset2.
  it('InputPath selects part of the raw input', async () => {
    const input = {
      comment: 'Example for InputPath.',
      dataset1: { val1: 1, val2: 2, val3: 3 },
      dataset2: { val1: 'a', val2: 'b', val3: 'c' },
    };
    const { record } = await run({ StartAt: 'P', States: { P: { Type: 'Pass', InputPath: '$.dataset2', End: true } } }, input);
    expect(record.output).toEqual({ val1: 'a', val2: 'b', val3: 'c' });
  });

  // "Parameters": the doc's product example, with static and path values.
  it('Parameters builds a new input from paths and static values', async () => {
    const input = {
      comment: 'Example for Parameters.',
      product: { details: { color: 'blue', size: 'small', material: 'cotton' }, availability: 'in stock', sku: '2317', cost: '$23' },
    };
    const definition = {
      StartAt: 'P',
      States: {
        P: {
          Type: 'Pass',
          Parameters: {
            comment: 'Selecting what I care about.',
            MyDetails: { 'size.$': '$.product.details.size', 'exists.$': '$.product.availability', StaticValue: 'foo' },
          },
          End: true,
        },
      },
    };
    const { record } = await run(definition, input);
    expect(record.output).toEqual({
      comment: 'Selecting what I care about.',
      MyDetails: { size: 'small', exists: 'in stock', StaticValue: 'foo' },
    });
  });

  // "ResultSelector": EMR addStep result reshaped, then placed with ResultPath.
  it('ResultSelector reshapes the task result before ResultPath', async () => {
    const emrResult = { resourceType: 'elasticmapreduce', resource: 'addStep.sync', output: { SdkHttpMetadata: {}, StepId: 's-1', ClusterId: 'AKIAIOSFODNN7EXAMPLE' } };
    const definition = {
      StartAt: 'Step',
      States: {
        Step: {
          Type: 'Task',
          Resource: 'arn:aws:states:::elasticmapreduce:addStep.sync',
          ResultSelector: { 'ClusterId.$': '$.output.ClusterId', 'ResourceType.$': '$.resourceType' },
          ResultPath: '$.EMROutput',
          End: true,
        },
      },
    };
    const { record } = await run(definition, { cluster: 'c' }, async () => emrResult);
    expect(record.output).toEqual({ cluster: 'c', EMROutput: { ClusterId: 'AKIAIOSFODNN7EXAMPLE', ResourceType: 'elasticmapreduce' } });
  });

  // "Filtering state output using OutputPath": InputPath, ResultPath and OutputPath combined.
  it('InputPath, ResultPath and OutputPath combine as in the guide', async () => {
    const input = { comment: 'An input comment.', data: { val1: 23, val2: 17 }, extra: 'foo', lambda: { who: 'AWS Step Functions' } };
    const definition = {
      StartAt: 'Hello',
      States: {
        Hello: {
          Type: 'Task',
          Resource: 'arn:aws:lambda:us-east-1:123456789012:function:HelloFunction',
          InputPath: '$.lambda',
          ResultPath: '$.data.lambdaresult',
          OutputPath: '$.data',
          End: true,
        },
      },
    };
    const { record, calls } = await run(definition, input, async ({ parameters }) => `Hello, ${(parameters as { who: string }).who}!`);
    expect(calls[0]!.parameters).toEqual({ who: 'AWS Step Functions' });
    expect(record.output).toEqual({ val1: 23, val2: 17, lambdaresult: 'Hello, AWS Step Functions!' });
  });

  // "ResultPath": null discards the result and keeps the input.
  it('ResultPath null keeps the input and discards the result', async () => {
    const definition = { StartAt: 'T', States: { T: { Type: 'Task', Resource: LAMBDA, ResultPath: null, End: true } } };
    const { record } = await run(definition, { keep: 1 }, async () => ({ thrown: 'away' }));
    expect(record.output).toEqual({ keep: 1 });
  });

  // "ResultPath": a path into the input adds the result; the input is not mutated.
  it('ResultPath $.taskresult adds the result next to the input', async () => {
    const input = { comment: 'This is a test of the input and output of a Task state.', details: 'Default example', who: 'AWS Step Functions' };
    const definition = { StartAt: 'T', States: { T: { Type: 'Task', Resource: LAMBDA, ResultPath: '$.taskresult', End: true } } };
    const { record } = await run(definition, input, async () => 'Hello, AWS Step Functions!');
    expect(record.output).toEqual({ ...input, taskresult: 'Hello, AWS Step Functions!' });
    expect(input).not.toHaveProperty('taskresult');
  });

  // InputPath / OutputPath null: "the state gets {} as input / sends {} as output".
  it('InputPath null and OutputPath null give empty objects', async () => {
    const definition = {
      StartAt: 'A',
      States: {
        A: { Type: 'Pass', InputPath: null, ResultPath: '$.x', Result: 1, Next: 'B' },
        B: { Type: 'Pass', OutputPath: null, End: true },
      },
    };
    const { record } = await run(definition, { dropped: true });
    expect(record.history.find((e) => e.type === 'PassStateExited')!.stateExitedEventDetails).toMatchObject({ output: '{"dropped":true,"x":1}' });
    expect(record.output).toEqual({});
  });

  // "Pass" state page: Result placed at $.coords.
  it('Pass Result with ResultPath', async () => {
    const definition = {
      StartAt: 'No-op',
      States: { 'No-op': { Type: 'Pass', Result: { 'x-datum': 0.381018, 'y-datum': 622.2269926397355 }, ResultPath: '$.coords', End: true } },
    };
    const { record } = await run(definition, { georefOf: 'Home' });
    expect(record.output).toEqual({ georefOf: 'Home', coords: { 'x-datum': 0.381018, 'y-datum': 622.2269926397355 } });
  });

  // "Accessing execution data from the Context object".
  it('exposes the context object to $$ paths', async () => {
    const definition = {
      StartAt: 'Ctx',
      States: {
        Ctx: {
          Type: 'Pass',
          Parameters: {
            'id.$': '$$.Execution.Id',
            'name.$': '$$.Execution.Name',
            'input.$': '$$.Execution.Input',
            'start.$': '$$.Execution.StartTime',
            'role.$': '$$.Execution.RoleArn',
            'state.$': '$$.State.Name',
            'entered.$': '$$.State.EnteredTime',
            'retry.$': '$$.State.RetryCount',
            'machine.$': '$$.StateMachine.Id',
            'machineName.$': '$$.StateMachine.Name',
          },
          End: true,
        },
      },
    };
    const { record } = await run(definition, { a: 1 });
    expect(record.output).toEqual({
      id: 'arn:aws:states:us-east-1:123456789012:execution:TestMachine:test-execution',
      name: 'test-execution',
      input: { a: 1 },
      start: '2024-01-01T00:00:00.000Z',
      role: expect.stringMatching(/^arn:aws:iam::123456789012:role\//),
      state: 'Ctx',
      entered: '2024-01-01T00:00:00.000Z',
      retry: 0,
      machine: 'arn:aws:states:us-east-1:123456789012:stateMachine:TestMachine',
      machineName: 'TestMachine',
    });
  });

  // "Task token": $$.Task.Token exists for .waitForTaskToken integrations.
  it('gives .waitForTaskToken tasks a token in $$.Task.Token', async () => {
    const definition = {
      StartAt: 'Wait for callback',
      States: {
        'Wait for callback': {
          Type: 'Task',
          Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
          Parameters: { QueueUrl: 'q', MessageBody: { 'TaskToken.$': '$$.Task.Token' } },
          End: true,
        },
      },
    };
    const { record, calls } = await run(definition, {}, async () => ({ approved: true }));
    const token = (calls[0]!.parameters as { MessageBody: { TaskToken: string } }).MessageBody.TaskToken;
    expect(token).toMatch(/^[0-9a-f-]{36}$/);
    expect(record.output).toEqual({ approved: true });
  });

  // Intrinsic functions in Parameters ("Intrinsic functions" page, States.Format).
  it('evaluates intrinsic functions in Parameters', async () => {
    const definition = {
      StartAt: 'F',
      States: { F: { Type: 'Pass', Parameters: { 'greeting.$': "States.Format('Hello, {}!', $.who)" }, End: true } },
    };
    const { record } = await run(definition, { who: 'ASL' });
    expect(record.output).toEqual({ greeting: 'Hello, ASL!' });
  });

  // A definite path that matches nothing is a States.Runtime failure (not catchable).
  it('fails with States.Runtime when InputPath matches nothing, even with Catch States.ALL', async () => {
    const definition = {
      StartAt: 'T',
      States: {
        T: { Type: 'Task', Resource: LAMBDA, InputPath: '$.missing', Catch: [{ ErrorEquals: ['States.ALL'], Next: 'C' }], End: true },
        C: { Type: 'Pass', End: true },
      },
    };
    const { record } = await run(definition, { present: 1 });
    expect(record.status).toBe('FAILED');
    expect(record.error).toBe('States.Runtime');
    expect(record.cause).toContain('$.missing');
  });

  // "ResultPath" > States.ResultPathMatchFailure when the input cannot hold the result.
  it('raises States.ResultPathMatchFailure, which Catch can handle', async () => {
    const definition = {
      StartAt: 'T',
      States: {
        T: { Type: 'Task', Resource: LAMBDA, ResultPath: '$.x', Catch: [{ ErrorEquals: ['States.ResultPathMatchFailure'], Next: 'C' }], End: true },
        C: { Type: 'Pass', End: true },
      },
    };
    const { record } = await run(definition, 'a string', async () => 1);
    expect(record.status).toBe('SUCCEEDED');
    expect(record.output).toMatchObject({ Error: 'States.ResultPathMatchFailure' });
  });

  // State data is JSON: task results are read back as JSON (Dates become strings, undefined null).
  it('treats task results as JSON', async () => {
    const definition = {
      StartAt: 'A',
      States: {
        A: { Type: 'Task', Resource: LAMBDA, ResultPath: '$.a', Next: 'B' },
        B: { Type: 'Task', Resource: LAMBDA, ResultPath: '$.b', End: true },
      },
    };
    let n = 0;
    const { record } = await run(definition, {}, async () => (n++ === 0 ? { at: new Date(Date.UTC(2024, 0, 2)), gone: undefined } : undefined));
    expect(record.output).toEqual({ a: { at: '2024-01-02T00:00:00.000Z' }, b: null });
  });

  it('does not mutate the caller input', async () => {
    const input = { a: 1 };
    await run({ StartAt: 'P', States: { P: { Type: 'Pass', Result: 2, ResultPath: '$.b', End: true } } }, input);
    expect(input).toEqual({ a: 1 });
  });
});
