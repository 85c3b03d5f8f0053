// Encodes examples and rules from the AWS Step Functions developer guide:
//   https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html
import { describe, expect, it } from 'vitest';
import { mapRunExecutions } from '../../lib/local/engine/index.ts';
import { failingTimes, run } from './harness.ts';

const LAMBDA = 'arn:aws:states:::lambda:invoke';

describe('Conformance: workflow variables', () => {
  // "Passing data between states with variables": Assign stores values read later as $name.
  it('assigns variables and reads them in later states', async () => {
    const definition = {
      StartAt: 'Store',
      States: {
        Store: { Type: 'Pass', Assign: { productName: 'product1', count: 42, available: true }, Next: 'Use' },
        Use: { Type: 'Pass', Parameters: { 'name.$': '$productName', 'count.$': '$count', 'available.$': '$available' }, End: true },
      },
    };
    const { record } = await run(definition);
    expect(record.output).toEqual({ name: 'product1', count: 42, available: true });
    expect(record.history[2]).toMatchObject({
      stateExitedEventDetails: { assignedVariables: { productName: '"product1"', count: '42', available: 'true' } },
    });
  });

  // "Assign evaluates all expressions with the values from before the state".
  it('evaluates every Assign expression against the previous values', async () => {
    const definition = {
      StartAt: 'One',
      States: {
        One: { Type: 'Pass', Assign: { x: 1, y: 10 }, Next: 'Two' },
        Two: { Type: 'Pass', Assign: { x: 2, 'y.$': '$x' }, Next: 'Read' },
        Read: { Type: 'Pass', Parameters: { 'x.$': '$x', 'y.$': '$y' }, End: true },
      },
    };
    const { record } = await run(definition);
    expect(record.output).toEqual({ x: 2, y: 1 });
  });

  // JSONPath Assign on a Task reads $ as the (selected) result.
  it('binds $ to the task result in a Task Assign', async () => {
    const definition = {
      StartAt: 'T',
      States: {
        T: { Type: 'Task', Resource: LAMBDA, ResultSelector: { 'id.$': '$.Payload.id' }, Assign: { 'savedId.$': '$.id' }, ResultPath: null, Next: 'R' },
        R: { Type: 'Pass', Parameters: { 'saved.$': '$savedId' }, End: true },
      },
    };
    const { record } = await run(definition, {}, async () => ({ Payload: { id: 'abc' } }));
    expect(record.output).toEqual({ saved: 'abc' });
  });

  // Inner scopes (Map/Parallel) read outer variables; their own assignments stay inside.
  it('lets Map iterations read outer variables without leaking inner ones', async () => {
    const definition = {
      StartAt: 'Init',
      States: {
        Init: { Type: 'Pass', Assign: { factor: 3 }, Next: 'M' },
        M: {
          Type: 'Map',
          ItemProcessor: {
            StartAt: 'Inner',
            States: {
              Inner: { Type: 'Pass', Assign: { innerOnly: 1 }, Next: 'Use' },
              Use: { Type: 'Pass', Parameters: { 'v.$': 'States.MathAdd($, $factor)', 'inner.$': '$innerOnly' }, End: true },
            },
          },
          Next: 'After',
        },
        After: { Type: 'Pass', Parameters: { 'result.$': '$', 'leaked.$': '$innerOnly' }, End: true },
      },
    };
    const { record } = await run(definition, [1, 2]);
    expect(record.status).toBe('FAILED');
    expect(record.error).toBe('States.Runtime');
    expect(record.cause).toContain('innerOnly');
    const mapExit = record.history.find((e) => e.type === 'MapStateExited')!;
    expect(mapExit.stateExitedEventDetails).toMatchObject({ output: '[{"v":4,"inner":1},{"v":5,"inner":1}]' });
  });

  // A Catch's Assign sees the error output as $.
  it('assigns from the error output in a Catch', async () => {
    const definition = {
      StartAt: 'T',
      States: {
        T: { Type: 'Task', Resource: LAMBDA, Catch: [{ ErrorEquals: ['States.ALL'], Assign: { 'lastError.$': '$.Error' }, Next: 'R' }], End: true },
        R: { Type: 'Pass', Parameters: { 'e.$': '$lastError' }, End: true },
      },
    };
    const { record } = await run(definition, {}, failingTimes(1, 'Oops'));
    expect(record.output).toEqual({ e: 'Oops' });
  });
});

describe('Conformance: variable scope of a Distributed Map', () => {
  // "Variable scope": Distributed Map child workflows cannot read outer variables.
  it('hides outer variables from Distributed Map iterations', async () => {
    const definition = {
      StartAt: 'Init',
      States: {
        Init: { Type: 'Pass', Assign: { secret: 1 }, Next: 'M' },
        M: {
          Type: 'Map',
          ItemProcessor: {
            ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
            StartAt: 'Read',
            States: { Read: { Type: 'Pass', Parameters: { 'v.$': '$secret' }, End: true } },
          },
          End: true,
        },
      },
    };
    const { record } = await run(definition, [1]);
    // The child execution fails; a failed item fails the Map Run (no failure tolerated).
    expect(record).toMatchObject({ status: 'FAILED', error: 'States.ExceedToleratedFailureThreshold' });
    const [child] = mapRunExecutions(record);
    expect(child?.record).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
    expect(child?.record.cause).toContain('secret');
  });
});
