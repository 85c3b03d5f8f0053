/**
 * The declared `environment:` of a function: workflow level overridden by its step, the values a
 * local run sets, and that the engine's own variables (--env) win there except over reserved names.
 */
import { describe, expect, it } from 'vitest';
import { compileWorkflow, declaredEnvironment, describeEnvironmentValue, functionEnvironment, localEnvironment, type CompiledWorkflow } from '../../../lib/compile/index.ts';
import { lambdaEnvironment } from '../../../lib/local/lambda/lambdaEnvironment.ts';
import { parseWorkflowSpec } from '../../../lib/spec/index.ts';
import { PROJECT_ROOT, SOME_HANDLER, SOME_UNDO_HANDLER } from '../../helpers/paths.ts';

const YAML = `name: env-demo
environment:
  API_URL: https://api.example.com
  TABLE: { ssm: /shared/orders/table, local: orders-local }
  QUEUE: { import: shared-QueueUrl }
steps:
  fanOut:
    type: map
    items: "{% $states.input.items %}"
    steps:
      charge:
        type: task
        handler: ${SOME_HANDLER}
        compensate: ${SOME_UNDO_HANDLER}
        environment:
          API_URL: https://payments.example.com
          NOTIFY_API_URL: { ssm: /shared/notify-url }
        end: true
    next: plain
  plain: { type: task, handler: ${SOME_HANDLER}, environment: { NOTIFY_API_URL: http://n }, next: done }
  done: { type: succeed }
`;

function compiled(): CompiledWorkflow {
  const loaded = parseWorkflowSpec('workflows/env-demo.yaml', YAML, { projectRoot: PROJECT_ROOT });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics));
  const result = compileWorkflow(loaded.spec);
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
  return result.workflow;
}
const fn = (workflow: CompiledWorkflow, id: string) => workflow.functions.find((f) => f.id === id)!;

describe('Function: declaredEnvironment', () => {
  it("merges the workflow's environment with a nested step's, the step winning", () => {
    const workflow = compiled();
    expect(declaredEnvironment(workflow, fn(workflow, 'Function_charge'))).toEqual({
      API_URL: 'https://payments.example.com',
      TABLE: { ssm: '/shared/orders/table', local: 'orders-local' },
      QUEUE: { import: 'shared-QueueUrl' },
      NOTIFY_API_URL: { ssm: '/shared/notify-url' },
    });
  });

  it("gives a compensation function its step's environment", () => {
    const workflow = compiled();
    expect(declaredEnvironment(workflow, fn(workflow, 'Function_charge_Compensate'))).toEqual(declaredEnvironment(workflow, fn(workflow, 'Function_charge')));
  });

  it('describes references for people', () => {
    expect([{ ssm: '/a' }, { import: 'X' }, 'lit'].map(describeEnvironmentValue)).toEqual(['ssm:/a', 'import:X', 'lit']);
  });
});

describe('Function: localEnvironment', () => {
  it('sets literals and the local value of references, and leaves a reference without one unset', () => {
    const workflow = compiled();
    expect(localEnvironment(declaredEnvironment(workflow, fn(workflow, 'Function_charge')))).toEqual({ API_URL: 'https://payments.example.com', TABLE: 'orders-local' });
  });

  it("is part of a local function's environment only (CDK resolves references itself)", () => {
    const workflow = compiled();
    const local = functionEnvironment(workflow, fn(workflow, 'Function_plain'), { stage: 'local', localDir: '/tmp/aethon' });
    const deployed = functionEnvironment(workflow, fn(workflow, 'Function_plain'), { stage: 'dev' });
    expect(local).toMatchObject({ API_URL: 'https://api.example.com', NOTIFY_API_URL: 'http://n', TABLE: 'orders-local', AETHON_STEP: 'plain' });
    expect(deployed).not.toHaveProperty('API_URL');
  });

  it("lets the engine's environment (--env) win over declared values, but not over reserved names", () => {
    // Prepare
    const workflow = compiled();
    const environment = functionEnvironment(workflow, fn(workflow, 'Function_plain'), { stage: 'local', localDir: '/tmp/aethon' });

    // Act
    const env = lambdaEnvironment(
      { functionName: 'env-demo-plain', handlerFile: '/x/plain.ts', environment },
      { functions: {}, inheritEnv: [], sharedEnvironment: { API_URL: 'http://127.0.0.1:9000', AETHON_STEP: 'spoofed' } },
      'us-east-1',
      256,
      '/bundle/index.js',
    );

    // Assess
    expect(env).toMatchObject({ API_URL: 'http://127.0.0.1:9000', AETHON_STEP: 'plain', TABLE: 'orders-local' });
  });
});

describe('Check: environment size', () => {
  const compileWith = (workflowValue: string, stepValue?: string) => {
    const stepEnv = stepValue === undefined ? '' : `, environment: { BIG_STEP: "${stepValue}" }`;
    const yaml = `name: big\nenvironment:\n  BIG: "${workflowValue}"\nsteps:\n  a: { type: task, handler: ${SOME_HANDLER}${stepEnv}, end: true }\n`;
    const loaded = parseWorkflowSpec('workflows/big.yaml', yaml, { projectRoot: PROJECT_ROOT });
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics));
    return compileWorkflow(loaded.spec);
  };

  it("refuses an environment past Lambda's 4 KB, counting Aethon's own variables", () => {
    const result = compileWith('x'.repeat(3900));
    expect(result.ok).toBe(false);
    const found = result.diagnostics.find((d) => d.code === 'environment-too-large');
    expect(found?.path).toEqual(['environment']);
    expect(found?.message).toMatch(/^the environment of step 'a' would be about \d+ bytes \(declared 3903, Aethon's own \d+\); Lambda allows 4096 in total$/);
  });

  it('points at the step when the step declares variables', () => {
    const result = compileWith('x'.repeat(10), 'y'.repeat(3900));
    expect(result.diagnostics.find((d) => d.code === 'environment-too-large')?.path).toEqual(['steps', 'a', 'environment']);
  });

  it('accepts an environment that fits', () => {
    const result = compileWith('x'.repeat(2000));
    expect(result.diagnostics.filter((d) => d.code === 'environment-too-large')).toEqual([]);
    expect(result.ok).toBe(true);
  });
});
