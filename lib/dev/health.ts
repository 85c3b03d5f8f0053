/**
 * `GET /healthz`: whether the server is ready, and for each running execution its current state,
 * the last state that ended and how long ago (on the server's clock, virtual or real).
 */
import type { HistoryEvent } from '../local/types.ts';
import type { LiveExecution } from './ExecutionRunner.ts';

/** One running execution as /healthz shows it. */
export interface ExecutionHealth {
  readonly executionArn: string;
  readonly stateMachine: string;
  /** The innermost state entered and not yet exited. */
  readonly currentState?: string;
  readonly lastExitedState?: string;
  /** Milliseconds since the last state exited (or since the start). */
  readonly sinceLastProgressMs: number;
}

/** The body of /healthz. */
export function healthOf(ready: boolean, live: readonly LiveExecution[], now: number): { status: 'ready' | 'starting'; running: ExecutionHealth[] } {
  return { status: ready ? 'ready' : 'starting', running: live.map((execution) => executionHealth(execution, now)) };
}

function executionHealth(execution: LiveExecution, now: number): ExecutionHealth {
  const open: string[] = [];
  let lastExited: HistoryEvent | undefined;
  for (const event of execution.history) {
    if (event.type.endsWith('StateEntered') && event.stateEnteredEventDetails?.name !== undefined) open.push(event.stateEnteredEventDetails.name);
    else if (event.type.endsWith('StateExited') && event.stateExitedEventDetails?.name !== undefined) {
      const index = open.lastIndexOf(event.stateExitedEventDetails.name);
      if (index >= 0) open.splice(index, 1);
      lastExited = event;
    }
  }
  const progressAt = Date.parse(lastExited?.timestamp ?? execution.startDate ?? execution.history[0]?.timestamp ?? new Date(now).toISOString());
  return {
    executionArn: execution.executionArn,
    stateMachine: execution.stateMachineName,
    ...(open.length > 0 ? { currentState: open[open.length - 1]! } : {}),
    ...(lastExited?.stateExitedEventDetails?.name !== undefined ? { lastExitedState: lastExited.stateExitedEventDetails.name } : {}),
    sinceLastProgressMs: Math.max(0, now - progressAt),
  };
}
