import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { taskStepTarget } from '../../../lib/ops/invoke/taskStepDefinition.ts';
import { buildWorkflow } from '../../../lib/workspace/index.ts';
import { InvalidRequestError } from '../../../lib/ops/errors.ts';
import { PROJECT_ROOT } from '../../helpers/paths.ts';

const PROJECT = join(PROJECT_ROOT, 'test', 'fixtures', 'project');

async function compiled(name: string) {
  const built = await buildWorkflow(PROJECT, join(PROJECT, 'workflows', `${name}.yaml`));
  if (!built.compiled) throw new Error(`fixture ${name} does not compile`);
  return built.compiled;
}

/** The InvalidRequestError `fn` throws. */
function refusal(fn: () => unknown): InvalidRequestError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidRequestError);
    return error as InvalidRequestError;
  }
  throw new Error('expected an InvalidRequestError, nothing was thrown');
}

describe('Function: taskStepTarget', () => {
  it("cuts a task step out into one Task state: its payload and timeout, no Retry or Catch, the handler's result as output", async () => {
    // Prepare
    const saga = await compiled('saga');
    // Act
    const target = taskStepTarget(saga, 'charge');
    // Assess
    expect(target.function).toMatchObject({ stepName: 'charge', role: 'task', placeholder: '${Function_charge}' });
    const state = (target.definition.States as Record<string, Record<string, unknown>>).charge!;
    expect(target.definition.StartAt).toBe('charge');
    expect(Object.keys(state).sort()).toEqual(['Arguments', 'End', 'Output', 'Resource', 'TimeoutSeconds', 'Type']);
    expect(state).toMatchObject({ Type: 'Task', TimeoutSeconds: 5, Output: '{% $states.result.Payload %}', End: true });
    expect(state.Arguments).toMatchObject({ FunctionName: '${Function_charge}', Payload: { input: '{% $states.input %}', context: { workflow: 'saga' } } });
  });

  it('finds a task step nested in a Map', async () => {
    // Act
    const target = taskStepTarget(await compiled('fanout'), 'price');
    // Assess
    expect(target.definition.StartAt).toBe('price');
    expect(target.function.stepName).toBe('price');
  });

  it('refuses an unknown step with the nearest name, and a step that is not a task with the task steps', async () => {
    // Prepare
    const fanout = await compiled('fanout');
    // Act
    const unknown = refusal(() => taskStepTarget(fanout, 'prize'));
    const choice = refusal(() => taskStepTarget(fanout, 'decide'));
    // Assess
    expect(unknown).toMatchObject({ exitCode: 2, message: "workflow fanout has no step 'prize'; did you mean 'price'? (its task steps: price)" });
    expect(choice).toMatchObject({ exitCode: 2, message: "step 'decide' of fanout is a choice step; only a task step runs a handler (its task steps: price)" });
  });
});
