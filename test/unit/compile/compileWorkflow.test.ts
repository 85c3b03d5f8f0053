import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileWorkflow, LAMBDA_SERVICE_RETRIER } from '../../../lib/compile/index.ts';
import { loadWorkflowSpec } from '../../../lib/spec/index.ts';
import { EXAMPLES, PROJECT_ROOT, SOME_HANDLER, WORKFLOWS_DIR } from '../../helpers/paths.ts';
import { compiled } from '../../helpers/specs.ts';

const require = createRequire(import.meta.url);
const aslValidator = require('asl-validator') as (definition: unknown) => { isValid: boolean; errorsText(): string };

const CONTEXT = {
  workflow: 'w',
  executionId: '{% $states.context.Execution.Id %}',
  executionName: '{% $states.context.Execution.Name %}',
  executionStartTime: '{% $states.context.Execution.StartTime %}',
  state: '{% $states.context.State.Name %}',
  retryCount: '{% $states.context.State.RetryCount %}',
};

describe('Function: compileWorkflow', () => {
  it('compiles a pass chain to exactly the ASL asked for, nothing more', () => {
    const workflow = compiled(`name: w\ndescription: two steps\nsteps:\n  a: { type: pass, output: { x: 1 }, next: b }\n  b: { type: succeed }\n`);
    expect(workflow.definition).toEqual({
      Comment: 'two steps',
      QueryLanguage: 'JSONata',
      StartAt: 'a',
      States: { a: { Type: 'Pass', Output: { x: 1 }, Next: 'b' }, b: { Type: 'Succeed' } },
    });
    expect(workflow.stateCount).toBe(2);
    expect(workflow.functions).toEqual([]);
  });

  it('compiles a task to lambda:invoke with a placeholder, the execution context and default retries', () => {
    const workflow = compiled(`name: w\nsteps:\n  load:\n    type: task\n    handler: ${SOME_HANDLER}\n    timeout: 45s\n    heartbeat: 10s\n    end: true\n`);
    expect(workflow.definition.States.load).toEqual({
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Arguments: { FunctionName: '${Function_load}', Payload: { input: '{% $states.input %}', context: CONTEXT } },
      Output: '{% $states.result.Payload %}',
      TimeoutSeconds: 45,
      HeartbeatSeconds: 10,
      Retry: [
        LAMBDA_SERVICE_RETRIER,
        { ErrorEquals: ['Aethon.Retryable', 'States.Timeout'], IntervalSeconds: 1, MaxAttempts: 3, BackoffRate: 2, JitterStrategy: 'FULL' },
      ],
      End: true,
    });
    expect(workflow.functions).toEqual([
      {
        id: 'Function_load',
        placeholder: '${Function_load}',
        stepName: 'load',
        role: 'task',
        handler: { file: SOME_HANDLER, exportName: 'handler' },
        timeoutSeconds: 45,
        memoryMb: 256,
        secrets: [],
        idempotency: undefined,
      },
    ]);
  });

  it('binds $result to the handler result in task output and assign', () => {
    const workflow = compiled(`name: w\nsteps:\n  a:\n    type: task\n    handler: ${SOME_HANDLER}\n    output: "{% $merge([$states.input, $result]) %}"\n    assign: { id: "{% $result.id %}", fixed: 3 }\n    end: true\n`);
    expect(workflow.definition.States.a).toMatchObject({
      Output: '{% ($result := $states.result.Payload; $merge([$states.input, $result])) %}',
      Assign: { id: '{% ($result := $states.result.Payload; $result.id) %}', fixed: 3 },
    });
  });

  it('renders the spec retry policy, and guards non-retryable errors ahead of a catch-all', () => {
    const workflow = compiled(
      `name: w\nsteps:\n  a:\n    type: task\n    handler: ${SOME_HANDLER}\n    retry:\n      - { errors: [States.ALL], interval: 3s, maxAttempts: 4, backoffRate: 1.5, maxDelay: 1m, jitter: none }\n    end: true\n`,
    );
    expect(workflow.definition.States.a!.Retry).toEqual([
      { ErrorEquals: ['Aethon.Permanent', 'Aethon.InvalidInput', 'Aethon.IdempotencyConflict', 'Aethon.ConfigInvalid', 'Aethon.SecretNotFound', 'Aethon.CompensationFailed'], MaxAttempts: 0 },
      LAMBDA_SERVICE_RETRIER,
      { ErrorEquals: ['States.ALL'], IntervalSeconds: 3, MaxAttempts: 4, BackoffRate: 1.5, MaxDelaySeconds: 60, JitterStrategy: 'NONE' },
    ]);
  });

  it('backs off while another attempt holds an idempotent step\'s key, 2.5 step timeouts in all, without jitter', () => {
    const workflow = compiled(`name: w\nsteps:\n  a:\n    type: task\n    handler: ${SOME_HANDLER}\n    timeout: 40s\n    idempotency: { key: id }\n    end: true\n`);
    expect((workflow.definition.States.a!.Retry as unknown[])[1]).toEqual({
      ErrorEquals: ['Aethon.IdempotencyInProgress'],
      IntervalSeconds: 4,
      MaxAttempts: 5,
      BackoffRate: 2,
      MaxDelaySeconds: 40,
      JitterStrategy: 'NONE',
    });
    expect(workflow.functions[0]!.idempotency).toEqual({ key: 'id', ttlSeconds: 3600 });
  });

  it('uses the workflow defaults for task timeout, memory and retry', () => {
    const workflow = compiled(
      `name: w\ndefaults:\n  timeout: 2m\n  memory: 512\n  retry: [{ errors: [Aethon.Retryable], maxAttempts: 7 }]\nsteps:\n  a: { type: task, handler: ${SOME_HANDLER}, end: true }\n`,
    );
    expect(workflow.definition.States.a).toMatchObject({ TimeoutSeconds: 120 });
    expect((workflow.definition.States.a!.Retry as unknown[]).at(-1)).toMatchObject({ ErrorEquals: ['Aethon.Retryable'], MaxAttempts: 7 });
    expect(workflow.functions[0]).toMatchObject({ timeoutSeconds: 120, memoryMb: 512 });
  });

  it('compiles choice, wait, fail, map and parallel', () => {
    const workflow = compiled(`name: w
timeout: 1h
steps:
  route:
    type: choice
    choices:
      - { when: "$states.input.n > 1", next: pause }
      - { when: "{% $states.input.n = 0 %}", next: stop, assign: { zero: true } }
    default: fan
  pause: { type: wait, duration: 5m, next: fan }
  stop: { type: fail, error: Custom.Stop, cause: n is zero }
  fan:
    type: map
    items: $states.input.items
    itemSelector: { item: "{% $states.context.Map.Item.Value %}" }
    maxConcurrency: 2
    toleratedFailurePercentage: 10
    steps:
      one: { type: pass, end: true }
    next: both
  both:
    type: parallel
    branches:
      - steps: { left: { type: pass, end: true } }
      - steps: { right: { type: wait, timestamp: "{% $states.input.at %}", end: true } }
    catch: [{ next: stop }]
    end: true
`);
    const { States } = workflow.definition;
    expect(workflow.definition.TimeoutSeconds).toBe(3600);
    expect(States.route).toEqual({
      Type: 'Choice',
      Choices: [
        { Condition: '{% $states.input.n > 1 %}', Next: 'pause' },
        { Condition: '{% $states.input.n = 0 %}', Next: 'stop', Assign: { zero: true } },
      ],
      Default: 'fan',
    });
    expect(States.pause).toEqual({ Type: 'Wait', Seconds: 300, Next: 'fan' });
    expect(States.stop).toEqual({ Type: 'Fail', Error: 'Custom.Stop', Cause: 'n is zero' });
    expect(States.fan).toEqual({
      Type: 'Map',
      Items: '{% $states.input.items %}',
      ItemSelector: { item: '{% $states.context.Map.Item.Value %}' },
      MaxConcurrency: 2,
      ToleratedFailurePercentage: 10,
      ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, StartAt: 'one', States: { one: { Type: 'Pass', End: true } } },
      Next: 'both',
    });
    expect(States.both).toEqual({
      Type: 'Parallel',
      Branches: [
        { StartAt: 'left', States: { left: { Type: 'Pass', End: true } } },
        { StartAt: 'right', States: { right: { Type: 'Wait', Timestamp: '{% $states.input.at %}', End: true } } },
      ],
      Catch: [{ ErrorEquals: ['States.ALL'], Next: 'stop' }],
      End: true,
    });
    expect(workflow.stateCount).toBe(8);
    expect(aslValidator(workflow.definition).isValid).toBe(true);
  });

  it('is deterministic: the same spec gives byte-identical JSON', async () => {
    const file = join(WORKFLOWS_DIR, 'user-onboarding.yaml');
    const [a, b] = await Promise.all([loadWorkflowSpec(file, { projectRoot: PROJECT_ROOT }), loadWorkflowSpec(file, { projectRoot: PROJECT_ROOT })]);
    if (!a.ok || !b.ok) throw new Error('example invalid');
    const [x, y] = [compileWorkflow(a.spec), compileWorkflow(b.spec)];
    if (!x.ok || !y.ok) throw new Error('example does not compile');
    expect(x.workflow.definitionJson).toBe(y.workflow.definitionJson);
  });

  it.each(EXAMPLES)('compiles the %s example to ASL that asl-validator accepts', async (name) => {
    const loaded = await loadWorkflowSpec(join(WORKFLOWS_DIR, `${name}.yaml`), { projectRoot: PROJECT_ROOT });
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics));
    const result = compileWorkflow(loaded.spec);
    if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
    const validation = aslValidator(result.workflow.definition);
    expect(validation.isValid, validation.errorsText()).toBe(true);
    expect(result.diagnostics.filter((d) => d.severity !== 'note')).toEqual([]);
  });
});
