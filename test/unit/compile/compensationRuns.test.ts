// The compiled saga run on the local engine with function mocks: what happens when compensations
// fail, when a deliberate `fail` or an unmatched choice ends the run, and what a compensation gets.
import { describe, expect, it } from 'vitest';
import { runExecution, VirtualClock } from '../../../lib/local/engine/index.ts';
import { createFunctionMockInvoker, type StateMockFunction } from '../../../lib/local/mocks/index.ts';
import { TaskFailure } from '../../../lib/local/taskInvoker.ts';
import { SOME_HANDLER, SOME_UNDO_HANDLER } from '../../helpers/paths.ts';
import { compiled, compileYaml } from '../../helpers/specs.ts';

const H = SOME_HANDLER;
const U = SOME_UNDO_HANDLER;

async function run(yaml: string, mocks: Record<string, StateMockFunction>, input: unknown = {}) {
  const calls: string[] = [];
  const recorded = Object.fromEntries(
    Object.entries(mocks).map(([state, mock]): [string, StateMockFunction] => [state, (parameters, call) => (calls.push(state), mock(parameters, call))]),
  );
  const record = await runExecution({
    definition: compiled(yaml).definition,
    input,
    taskInvoker: createFunctionMockInvoker(recorded),
    clock: new VirtualClock(),
  });
  return { record, calls };
}

const ok = () => ({ Payload: { ok: true } });
const failWith = (name: string, cause: string) => () => {
  throw new TaskFailure(name, cause);
};

describe('Compiled compensation, run', () => {
  const saga = `name: w
steps:
  a: { type: task, handler: ${H}, compensate: ${U}, next: b }
  b: { type: task, handler: ${H}, compensate: ${U}, next: c }
  c: { type: task, handler: ${H}, end: true }
`;

  it('fails with the original error once every compensation succeeded', async () => {
    const { record, calls } = await run(saga, { a: ok, b: ok, c: failWith('Aethon.Permanent', 'card declined'), 'Compensate b': ok, 'Compensate a': ok });
    expect(calls).toEqual(['a', 'b', 'c', 'Compensate b', 'Compensate a']);
    expect(record).toMatchObject({ status: 'FAILED', error: 'Aethon.Permanent', cause: 'card declined' });
  });

  it('runs the earlier compensations when one fails, then fails with Aethon.CompensationFailed naming both errors', async () => {
    const { record, calls } = await run(saga, {
      a: ok,
      b: ok,
      c: failWith('Aethon.Permanent', 'card declined'),
      'Compensate b': failWith('Error', 'refund API down'),
      'Compensate a': ok,
    });
    expect(calls).toEqual(['a', 'b', 'c', 'Compensate b', 'Compensate a']);
    expect(record).toMatchObject({ status: 'FAILED', error: 'Aethon.CompensationFailed' });
    expect(JSON.parse(record.cause!)).toEqual({
      error: 'Aethon.Permanent',
      cause: 'card declined',
      failedCompensations: [{ step: 'b', error: 'Error', cause: 'refund API down' }],
    });
  });

  it('keeps the CompensationFailed cause within Step Functions limits when causes are long', async () => {
    const long = 'x'.repeat(20_000);
    const { record } = await run(saga, { a: ok, b: ok, c: failWith('Aethon.Permanent', long), 'Compensate b': failWith('Error', long), 'Compensate a': failWith('Error', long) });
    expect(record.error).toBe('Aethon.CompensationFailed');
    expect(record.cause!.length).toBeLessThan(32_768);
    const cause = JSON.parse(record.cause!) as { cause: string; failedCompensations: { step: string; cause: string }[] };
    expect(cause.cause).toHaveLength(8_000);
    expect(cause.failedCompensations.map((f) => [f.step, f.cause.length])).toEqual([['b', 2_000], ['a', 2_000]]);
  });

  it('compensates before a deliberate fail step, then fails with its error and cause', async () => {
    const yaml = `name: w
steps:
  charge: { type: task, handler: ${H}, compensate: ${U}, next: verify }
  verify:
    type: choice
    choices:
      - when: $states.input.approved = true
        next: done
    default: rejected
  rejected: { type: fail, error: Verify.Rejected, cause: the order was rejected }
  done: { type: succeed }
`;
    const { record, calls } = await run(yaml, { charge: () => ({ Payload: { approved: false } }), 'Compensate charge': ok });
    expect(calls).toEqual(['charge', 'Compensate charge']);
    expect(record).toMatchObject({ status: 'FAILED', error: 'Verify.Rejected', cause: 'the order was rejected' });
  });

  it('compensates when a choice without a default matches nothing, then fails with States.NoChoiceMatched', async () => {
    const yaml = `name: w
steps:
  charge: { type: task, handler: ${H}, compensate: ${U}, output: "{% $result %}", next: route }
  route:
    type: choice
    choices:
      - when: $states.input.kind = 'a'
        next: done
  done: { type: succeed }
`;
    const { record, calls } = await run(yaml, { charge: () => ({ Payload: { kind: 'b' } }), 'Compensate charge': ok });
    expect(calls).toEqual(['charge', 'Compensate charge']);
    expect(record).toMatchObject({ status: 'FAILED', error: 'States.NoChoiceMatched' });
  });

  it("gives a compensation the input its step's handler got (the step's input template), and the result", async () => {
    const yaml = `name: w
steps:
  charge:
    type: task
    handler: ${H}
    input: "{% { 'orderId': $states.input.order.id, 'cents': $states.input.order.cents } %}"
    compensate: ${U}
    next: ship
  ship: { type: task, handler: ${H}, end: true }
`;
    const seen: unknown[] = [];
    const { record } = await run(
      yaml,
      {
        charge: () => ({ Payload: { chargeId: 'ch_1' } }),
        ship: failWith('Aethon.Permanent', 'no stock'),
        'Compensate charge': (parameters) => (seen.push((parameters as { Payload: unknown }).Payload), ok()),
      },
      { order: { id: 'o-7', cents: 4900 }, customer: 'ada' },
    );
    expect(record.error).toBe('Aethon.Permanent');
    expect(seen).toEqual([
      expect.objectContaining({ input: { orderId: 'o-7', cents: 4900 }, result: { chargeId: 'ch_1' }, error: { Error: 'Aethon.Permanent', Cause: 'no stock' } }),
    ]);
  });

  it('never retries a non-retryable error, even one a retry lists', async () => {
    const yaml = `name: w
steps:
  a:
    type: task
    handler: ${H}
    retry: [{ errors: [Aethon.Permanent, Aethon.Retryable], interval: 1s, maxAttempts: 4 }]
    end: true
`;
    const { record, calls } = await run(yaml, { a: failWith('Aethon.Permanent', 'no') });
    expect(calls).toEqual(['a']);
    expect(record.error).toBe('Aethon.Permanent');
  });
});

describe('Compiled compensation, diagnostics', () => {
  it('warns that a compensable step inside a map is undone only when its own iteration fails', () => {
    const result = compileYaml(`name: w
steps:
  each:
    type: map
    items: "{% $states.input.items %}"
    steps:
      x: { type: task, handler: ${H}, compensate: ${U}, end: true }
    end: true
`);
    expect(result.ok).toBe(true);
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ code: 'nested-compensation', severity: 'warning', message: expect.stringMatching(/^'x' runs inside 'each': it is compensated when a later step of its own iteration/) }),
    ]);
  });
});
