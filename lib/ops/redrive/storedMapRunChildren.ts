import { childStateMachineName, type MapRunExecution } from '../../local/engine/index.ts';
import type { ExecutionStore } from '../../local/store/index.ts';
import type { ExecutionRecord } from '../../local/types.ts';
import { mapRunArnsOf } from '../executions/mapRunsOf.ts';

/**
 * The child executions of a stored execution's Map Runs, read back from the store (each child is
 * a record of its own there, under `<state machine>/<label>`, naming its Map Run), so that a
 * redrive keeps the items that succeeded.
 */
export async function storedMapRunChildren(store: Pick<ExecutionStore, 'list'>, record: ExecutionRecord): Promise<MapRunExecution[]> {
  const children: MapRunExecution[] = [];
  for (const mapRunArn of mapRunArnsOf(record.history)) {
    const stored = await store.list({ stateMachineName: childStateMachineName(mapRunArn) });
    for (const child of stored) if (child.mapRunArn === mapRunArn) children.push({ mapRunArn, record: child });
  }
  return children;
}
