import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mapRunExecutions, runExecution, VirtualClock } from '../../../../lib/local/engine/index.ts';
import { openExecutionStore, recordExecution } from '../../../../lib/local/store/index.ts';

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'aethon-maprun-'));
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('Function: recordExecution (Distributed Map)', () => {
  it('stores the child executions of a Map Run, so aethon executions and execution show them', async () => {
    // Prepare
    const definition = {
      StartAt: 'M',
      States: {
        M: {
          Type: 'Map',
          Label: 'Each',
          ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }, StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
          End: true,
        },
      },
    };
    const record = await runExecution({ definition, input: ['a', 'b'], taskInvoker: async () => ({}), clock: new VirtualClock(), stateMachineName: 'Parent' });

    // Act
    const notRecorded = await recordExecution(directory, record);

    // Assess
    expect(notRecorded).toBeUndefined();
    const store = await openExecutionStore(directory);
    try {
      const children = mapRunExecutions(record);
      expect(children).toHaveLength(2);
      for (const { record: child } of children) {
        expect(await store.get(child.executionArn)).toMatchObject({ status: 'SUCCEEDED', stateMachineName: 'Parent/Each', history: child.history });
      }
      expect((await store.list({ stateMachineName: 'Parent/Each' })).map((r) => r.input).sort()).toEqual(['a', 'b']);
    } finally {
      await store.close();
    }
  });
});
