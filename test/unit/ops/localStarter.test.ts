import { describe, expect, it } from 'vitest';
import type { CompiledWorkflow } from '../../../lib/compile/index.ts';
import type { LocalEngine } from '../../../lib/local/localEngine.ts';
import type { ExecutionStore } from '../../../lib/local/store/index.ts';
import type { ExecutionRecord } from '../../../lib/local/types.ts';
import { ExecutionInputConflictError } from '../../../lib/contracts/executionInputConflict.ts';
import { LocalStarter } from '../../../lib/ops/start/localStarter.ts';

const workflow = { name: 'release' } as CompiledWorkflow;

/** An in-memory store and an engine whose executions end when the test says so. */
function fakes() {
  const records = new Map<string, ExecutionRecord>();
  const store: ExecutionStore = {
    put: async (record) => void records.set(record.name, record),
    get: async (name) => records.get(name),
    list: async () => [...records.values()],
    close: async () => {},
  };
  let runs = 0;
  let engineStarts = 0;
  let finish!: () => void;
  const gate = new Promise<void>((resolve) => (finish = resolve));
  const engine = {
    runWorkflow: async (_w: CompiledWorkflow, options: { input: unknown; executionName?: string }) => {
      runs++;
      await gate;
      const name = options.executionName ?? `random-${runs}`;
      return { executionArn: `arn:aws:states:us-east-1:1:execution:release:${name}`, name, stateMachineName: 'release', status: 'SUCCEEDED', startDate: '2026-11-28T03:00:00.000Z', input: options.input, history: [], logs: [] };
    },
  } as unknown as LocalEngine;
  const starter = new LocalStarter(async () => {
    engineStarts++;
    return engine;
  }, store);
  return { starter, records, finish, counts: () => ({ runs, engineStarts }) };
}

describe('Class: LocalStarter', () => {
  it('runs one execution for 50 concurrent starts of one name; the others are duplicates', async () => {
    // Prepare
    const { starter, finish, counts } = fakes();
    // Act
    const pending = Array.from({ length: 50 }, () => starter.start(workflow, { releaseId: 'r-1' }, 'release-abc'));
    finish();
    const outcomes = await Promise.all(pending);
    // Assess
    expect(outcomes.filter((o) => o.status === 'started')).toHaveLength(1);
    expect(outcomes.filter((o) => o.status === 'duplicate' && o.executionStatus === 'RUNNING')).toHaveLength(49);
    expect(counts()).toEqual({ runs: 1, engineStarts: 1 });
  });

  it('reports a finished execution of the same name as a duplicate without starting the engine', async () => {
    // Prepare
    const { starter, finish, records, counts } = fakes();
    finish();
    records.set('release-abc', { executionArn: 'arn:x', name: 'release-abc', stateMachineName: 'release', status: 'FAILED', startDate: '2026-11-28T03:00:00.000Z', input: { releaseId: 'r-1' }, history: [] });
    // Act
    const outcome = await starter.start(workflow, { releaseId: 'r-1' }, 'release-abc');
    // Assess
    expect(outcome).toMatchObject({ status: 'duplicate', executionStatus: 'FAILED' });
    expect(counts()).toEqual({ runs: 0, engineStarts: 0 });
  });

  it('refuses the same name with another input, running or finished', async () => {
    // Prepare
    const { starter, finish } = fakes();
    const first = starter.start(workflow, { releaseId: 'r-1' }, 'release-abc');
    // Act
    const whileRunning = starter.start(workflow, { releaseId: 'r-1', extra: 1 }, 'release-abc');
    finish();
    await first;
    const afterwards = starter.start(workflow, { releaseId: 'r-2' }, 'release-abc');
    // Assess
    await expect(whileRunning).rejects.toBeInstanceOf(ExecutionInputConflictError);
    await expect(afterwards).rejects.toThrow(/already exists with a different input/);
  });

  it('starts a new execution every time when there is no name', async () => {
    // Prepare
    const { starter, finish, counts } = fakes();
    finish();
    // Act
    const outcomes = await Promise.all([starter.start(workflow, {}, undefined), starter.start(workflow, {}, undefined)]);
    // Assess
    expect(outcomes.map((o) => o.status)).toEqual(['started', 'started']);
    expect(counts().runs).toBe(2);
  });
});
