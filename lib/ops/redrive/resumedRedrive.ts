/**
 * A redrive interrupted while it ran (the server was killed), continued after a restart: when it
 * was still in the state it resumed from and that state is a failed Distributed Map, the resumed
 * run must continue the same Map Run the redrive had continued, not start a new one. The Map Run
 * is found as the redrive found it: in the history before the last ExecutionRedriven, with the
 * children stored when the earlier attempt ended (a parent's children are stored at its end, so
 * those of the interrupted attempt are not there: its redriven children run again).
 */
import type { RedriveState } from '../../local/engine/index.ts';
import type { ExecutionStore } from '../../local/store/index.ts';
import type { ExecutionRecord } from '../../local/types.ts';
import { redriveCountOf } from '../executions/redriveCount.ts';
import { failedTopLevelState } from '../executions/statePath.ts';
import { mapRunsToRedrive } from './localRedrive.ts';
import { storedMapRunChildren } from './storedMapRunChildren.ts';

/**
 * What a resumed run carries as `RunOptions.redrive` (the earlier Map Run of its Distributed Map),
 * or undefined when there is nothing to continue: the record was never redriven, its redrive has
 * left the state it resumed from, or that state is no Distributed Map with an earlier Map Run.
 * @param resumeState the top-level state the resumed run continues in
 * @param variables the top-level variables as the whole history left them
 */
export async function redriveToResume(
  store: Pick<ExecutionStore, 'list'>,
  record: ExecutionRecord,
  definition: Readonly<Record<string, unknown>>,
  resumeState: string,
  variables: Readonly<Record<string, unknown>>,
): Promise<RedriveState | undefined> {
  const lastRedriven = record.history.findLastIndex((event) => event.type === 'ExecutionRedriven');
  if (lastRedriven < 0) return undefined;
  const states = (definition.States ?? {}) as Record<string, { Type?: string }>;
  const earlier = record.history.slice(0, lastRedriven);
  const failed = failedTopLevelState(earlier, new Set(Object.keys(states)));
  if (failed?.name !== resumeState) return undefined;
  // Exited since the redrive: a loop brought the execution back, and a new Map Run is what AWS starts then.
  const exitedSince = record.history.slice(lastRedriven).some((event) => event.type.endsWith('StateExited') && event.stateExitedEventDetails?.name === resumeState);
  if (exitedSince) return undefined;
  const { mapRuns } = mapRunsToRedrive(states, resumeState, earlier, await storedMapRunChildren(store, { ...record, history: earlier }));
  if (mapRuns === undefined) return undefined;
  const count = redriveCountOf(record.history);
  return { count, startTime: record.startDate, executionInput: record.input, variables, mapRuns };
}
