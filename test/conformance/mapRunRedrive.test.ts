// Encodes rules from the AWS Step Functions developer guide and API reference:
//   https://docs.aws.amazon.com/step-functions/latest/dg/redrive-map-run.html
//   https://docs.aws.amazon.com/step-functions/latest/apireference/API_RedriveExecution.html
//   https://docs.aws.amazon.com/step-functions/latest/apireference/API_MapRunRedrivenEventDetails.html
// Redriving a parent whose Distributed Map failed redrives its Map Run: the children that did not
// succeed run again, the succeeded ones keep their output, and the parent records MapRunRedriven.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CompiledWorkflow } from '../../lib/compile/index.ts';
import { mapRunExecutions } from '../../lib/local/engine/index.ts';
import { runExecution } from '../../lib/local/engine/runExecution.ts';
import { openExecutionStore } from '../../lib/local/store/index.ts';
import { TaskFailure, type TaskInvoker } from '../../lib/local/taskInvoker.ts';
import type { ExecutionRecord, HistoryEvent } from '../../lib/local/types.ts';
import { redriveLocally, type RunFrom } from '../../lib/ops/redrive/localRedrive.ts';
import { storedMapRunChildren } from '../../lib/ops/redrive/storedMapRunChildren.ts';
import { run, seededRandom, types } from './harness.ts';

const definition = {
  StartAt: 'Prepare',
  States: {
    Prepare: { Type: 'Pass', Next: 'Fan' },
    Fan: {
      Type: 'Map',
      Label: 'Items',
      ItemsPath: '$.items',
      // One at a time, so the item order of the first attempt is known: the run stops at the first failure.
      MaxConcurrency: 1,
      ItemProcessor: {
        ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
        StartAt: 'Work',
        States: { Work: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', OutputPath: '$.Payload', End: true } },
      },
      End: true,
    },
  },
};
const workflow = { name: 'TestMachine', definition } as unknown as CompiledWorkflow;

/** A Lambda that counts its calls per item and fails the items listed in `broken`. */
function countingLambda(broken: Set<string>): { invoker: TaskInvoker; calls: string[] } {
  const calls: string[] = [];
  const invoker: TaskInvoker = async ({ parameters }) => {
    const item = String(parameters);
    calls.push(item);
    if (broken.has(item)) throw new TaskFailure('Item.Broken', `item ${item} is broken`);
    return { StatusCode: 200, Payload: item.toUpperCase() };
  };
  return { invoker, calls };
}

function redriveWith(invoker: TaskInvoker, clock: Parameters<typeof runExecution>[0]['clock']): RunFrom {
  return (resumed, input, executionName, redrive) =>
    runExecution({ definition: resumed.definition, input, executionName, redrive, taskInvoker: invoker, clock, random: seededRandom(7), stateMachineName: 'TestMachine' });
}

const after = (history: readonly HistoryEvent[], type: string): HistoryEvent[] => history.slice(history.findLastIndex((e) => e.type === type) + 1);
const mapRunArnOf = (event: HistoryEvent | undefined): string | undefined => event?.mapRunStartedEventDetails?.mapRunArn ?? event?.mapRunRedrivenEventDetails?.mapRunArn;
const childArn = (record: ExecutionRecord, input: string): string | undefined => mapRunExecutions(record).find((c) => c.record.input === input)?.record.executionArn;

describe('Conformance: redriving a failed Distributed Map redrives its Map Run', () => {
  it('runs only the items that did not succeed, keeps the others, and records MapRunRedriven under the same Map Run ARN', async () => {
    // Prepare: 'c' fails, so the Map Run fails at once (no tolerated failures) and 'd' never starts.
    const broken = new Set(['c']);
    const lambda = countingLambda(broken);
    const { record: first, clock } = await run(definition, { items: ['a', 'b', 'c', 'd'] }, lambda.invoker);
    expect(first).toMatchObject({ status: 'FAILED', error: 'States.ExceedToleratedFailureThreshold' });
    expect(lambda.calls).toEqual(['a', 'b', 'c']);
    const firstMapRunArn = mapRunArnOf(first.history.find((e) => e.type === 'MapRunStarted'));
    const failedChildArn = childArn(first, 'c');
    broken.clear();

    // Act
    const outcome = await redriveLocally(workflow, first, redriveWith(lambda.invoker, clock));

    // Assess: a and b ran once (their first results stand), c ran again, d ran for the first time.
    expect(lambda.calls).toEqual(['a', 'b', 'c', 'c', 'd']);
    expect(outcome).toMatchObject({ resumedFrom: 'Fan', redriveCount: 1, warnings: [] });
    expect(outcome.record).toMatchObject({ status: 'SUCCEEDED', output: ['A', 'B', 'C', 'D'] });
    const redriven = after(outcome.record.history, 'ExecutionRedriven');
    expect(types(redriven)).toEqual([
      'MapStateEntered', 'MapStateStarted', 'MapRunRedriven', 'MapRunSucceeded', 'MapStateSucceeded', 'MapStateExited', 'ExecutionSucceeded',
    ]);
    expect(redriven[2]!.mapRunRedrivenEventDetails).toEqual({ mapRunArn: firstMapRunArn, redriveCount: 1 });
    expect(redriven[2]!.previousEventId).toBe(redriven[1]!.id);
    // The rerun item keeps its child execution's ARN; every item is listed once under the Map Run.
    expect(childArn(outcome.record, 'c')).toBe(failedChildArn);
    expect(mapRunExecutions(outcome.record).map((c) => [c.mapRunArn, c.record.input, c.record.status])).toEqual([
      [firstMapRunArn, 'a', 'SUCCEEDED'],
      [firstMapRunArn, 'b', 'SUCCEEDED'],
      [firstMapRunArn, 'c', 'SUCCEEDED'],
      [firstMapRunArn, 'd', 'SUCCEEDED'],
    ]);
  });

  it('counts the Map Run redrives: a second redrive records redriveCount 2 and runs only what still failed', async () => {
    // Prepare: the first redrive fixes c but d is broken too.
    const broken = new Set(['c', 'd']);
    const lambda = countingLambda(broken);
    const { record: first, clock } = await run(definition, { items: ['a', 'b', 'c', 'd'] }, lambda.invoker);
    broken.delete('c');
    const once = await redriveLocally(workflow, first, redriveWith(lambda.invoker, clock));
    expect(once.record).toMatchObject({ status: 'FAILED', error: 'States.ExceedToleratedFailureThreshold' });
    expect(lambda.calls).toEqual(['a', 'b', 'c', 'c', 'd']);
    broken.clear();

    // Act
    const twice = await redriveLocally(workflow, once.record, redriveWith(lambda.invoker, clock));

    // Assess
    expect(lambda.calls).toEqual(['a', 'b', 'c', 'c', 'd', 'd']);
    expect(twice.record).toMatchObject({ status: 'SUCCEEDED', output: ['A', 'B', 'C', 'D'] });
    const redrives = twice.record.history.filter((e) => e.type === 'MapRunRedriven').map((e) => e.mapRunRedrivenEventDetails?.redriveCount);
    expect(redrives).toEqual([1, 2]);
    expect(twice.redriveCount).toBe(2);
  });

  it('redrives a record read back from the store, finding its Map Run children there by their mapRunArn', async () => {
    // Prepare: the parent and its children stored, as 'aethon run' leaves them; a second execution
    // of the same workflow (same Label, same item inputs) whose children must not be mistaken for these.
    const broken = new Set(['b']);
    const lambda = countingLambda(broken);
    const { record: first, clock } = await run(definition, { items: ['a', 'b', 'c'] }, lambda.invoker);
    const { record: other } = await run(definition, { items: ['a', 'b', 'c'] }, countingLambda(new Set(['c'])).invoker, { executionName: 'other', random: seededRandom(99) });
    const store = await openExecutionStore(mkdtempSync(join(tmpdir(), 'aethon-map-run-redrive-')));
    try {
      for (const each of [first, ...mapRunExecutions(first).map((c) => c.record), other, ...mapRunExecutions(other).map((c) => c.record)]) await store.put(each);
      const stored = (await store.get(first.executionArn))!;
      broken.clear();

      // Act
      const children = await storedMapRunChildren(store, stored);
      const outcome = await redriveLocally(workflow, stored, redriveWith(lambda.invoker, clock), children);

      // Assess
      expect(children.map((c) => [c.record.input, c.record.status])).toEqual(expect.arrayContaining([['a', 'SUCCEEDED'], ['b', 'FAILED']]));
      expect(children.every((c) => c.record.mapRunArn === c.mapRunArn && c.mapRunArn === mapRunArnOf(first.history.find((e) => e.type === 'MapRunStarted')))).toBe(true);
      expect(lambda.calls).toEqual(['a', 'b', 'b', 'c']);
      expect(outcome.record).toMatchObject({ status: 'SUCCEEDED', output: ['A', 'B', 'C'] });
    } finally {
      await store.close();
    }
  });

  it('starts a new Map Run, and says so, when the earlier children are not at hand', async () => {
    // Prepare: the record alone, read back from the store, without its children.
    const broken = new Set(['b']);
    const lambda = countingLambda(broken);
    const { record: first, clock } = await run(definition, { items: ['a', 'b'] }, lambda.invoker);
    broken.clear();

    // Act
    const outcome = await redriveLocally(workflow, JSON.parse(JSON.stringify(first)) as ExecutionRecord, redriveWith(lambda.invoker, clock), []);

    // Assess
    expect(lambda.calls).toEqual(['a', 'b', 'a', 'b']);
    expect(outcome.warnings).toEqual(["'Fan' is a Distributed Map whose earlier child executions are not at hand: it starts a new Map Run and runs every item again"]);
    expect(types(after(outcome.record.history, 'ExecutionRedriven'))).toContain('MapRunStarted');
    expect(outcome.record.status).toBe('SUCCEEDED');
  });

  it("redrives a failed child from its failed state, its history continued, so the child's completed steps do not run again", async () => {
    // Prepare: each item is charged, then shipped; shipping 'b' fails once.
    const twoSteps = structuredClone(definition);
    twoSteps.States.Fan.ItemProcessor.States = {
      Charge: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { 'step': 'charge', 'item.$': '$' }, ResultPath: null, Next: 'Ship' },
      Ship: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { 'step': 'ship', 'item.$': '$' }, OutputPath: '$.Payload', End: true },
    } as never;
    twoSteps.States.Fan.ItemProcessor.StartAt = 'Charge';
    const calls: string[] = [];
    let shippingBroken = true;
    const invoker: TaskInvoker = async ({ parameters }) => {
      const { step, item } = parameters as { step: string; item: string };
      calls.push(`${step} ${item}`);
      if (step === 'ship' && item === 'b' && shippingBroken) throw new TaskFailure('Ship.Down', 'carrier unavailable');
      return { StatusCode: 200, Payload: `${item} shipped` };
    };
    const { record: first, clock } = await run(twoSteps, { items: ['a', 'b'] }, invoker);
    expect(first.status).toBe('FAILED');
    shippingBroken = false;

    // Act
    const outcome = await redriveLocally({ name: 'TestMachine', definition: twoSteps } as unknown as CompiledWorkflow, first, redriveWith(invoker, clock));

    // Assess: b is not charged twice; its child history goes on after ExecutionRedriven.
    expect(calls).toEqual(['charge a', 'ship a', 'charge b', 'ship b', 'ship b']);
    expect(outcome.record).toMatchObject({ status: 'SUCCEEDED', output: ['a shipped', 'b shipped'] });
    const b = mapRunExecutions(outcome.record).find((c) => c.record.input === 'b')!.record;
    expect(types(b.history)).toEqual([
      'ExecutionStarted', 'TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'TaskSucceeded', 'TaskStateExited',
      'TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'TaskFailed', 'ExecutionFailed',
      'ExecutionRedriven', 'TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'TaskSucceeded', 'TaskStateExited', 'ExecutionSucceeded',
    ]);
    expect(b.executionArn).toBe(childArn(first, 'b'));
  });
});
