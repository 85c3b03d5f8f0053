/**
 * What `aethon dev` hands the browser console (lib/console): its workflows, the handler log lines
 * it keeps with each execution (as GET /aethon/dev/logs reads them), and its engine's idempotency
 * table, so the page reads and releases the records the handlers write.
 */
import { join } from 'node:path';
import type { ConsoleHandles, HandlerLogLine } from '../console/index.ts';
import { executionArnOf } from './arns.ts';
import type { KeptLogLine } from './checkpoints.ts';
import type { DevControlPlane } from './DevControlPlane.ts';
import { executionLogLines } from './logsRoute.ts';

export function consoleHandlesFor(plane: DevControlPlane, options: { readonly projectRoot: string; readonly localDir?: string }): ConsoleHandles {
  return {
    workflows: () => plane.registry.list().flatMap((machine) => (machine.workflow ? [machine.workflow] : [])),
    localDir: options.localDir ?? join(options.projectRoot, '.aethon'),
    handlerLogs: async ({ workflow, execution, state }) => {
      // Live while the execution runs, as GET /aethon/dev/logs serves them.
      const { lines: kept } = await executionLogLines(plane, executionArnOf(workflow, execution));
      return kept.map(readLogLine).filter((line) => state === undefined || line.state === state);
    },
    idempotencyTable: async () => {
      const table = await plane.engine.idempotencyTable();
      return table ? { endpoint: table.endpoint, tableName: table.tableName } : undefined;
    },
  };
}

/** A Powertools JSON line as its object (with the state it ran in); any other line as a message at the level its stream implies. */
function readLogLine(kept: KeptLogLine): HandlerLogLine {
  const state = kept.stateName !== undefined ? { state: kept.stateName } : {};
  try {
    const parsed: unknown = JSON.parse(kept.line);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return { ...state, ...(parsed as Record<string, unknown>) };
  } catch {
    // not JSON: a console.log of the handler or a runtime message
  }
  return { ...state, level: kept.stream === 'stderr' ? 'ERROR' : 'INFO', function: kept.functionName, message: kept.line };
}
