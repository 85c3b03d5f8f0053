/** What `aethon run` prints at the end: status, duration, states visited, retries, output or error. */
import type { ExecutionRecord } from '../local/types.ts';
import { causeText } from '../ops/executions/causeText.ts';
import { styleWith, type TerminalStyle } from './render/terminalStyle.ts';

export interface RunSummary {
  readonly status: string;
  readonly durationMs: number;
  readonly statesVisited: number;
  readonly retries: number;
  readonly path: readonly string[];
}

export function summarize(record: ExecutionRecord): RunSummary {
  let statesVisited = 0;
  let scheduled = 0;
  let taskEntries = 0;
  const path: string[] = [];
  for (const event of record.history) {
    if (event.type.endsWith('StateEntered')) {
      statesVisited++;
      path.push((event.stateEnteredEventDetails as { name: string }).name);
      if (event.type === 'TaskStateEntered') taskEntries++;
    }
    if (event.type === 'TaskScheduled') scheduled++;
  }
  const start = Date.parse(record.startDate);
  const stop = record.stopDate ? Date.parse(record.stopDate) : start;
  return { status: record.status, durationMs: stop - start, statesVisited, retries: Math.max(0, scheduled - taskEntries), path };
}

/** The summary's lines; `style` colours the status (none by default). */
export function formatSummary(record: ExecutionRecord, summary: RunSummary, realMs: number, style: TerminalStyle = styleWith(false)): string {
  const status = summary.status === 'SUCCEEDED' ? style.green(summary.status) : summary.status === 'ABORTED' ? style.yellow(summary.status) : style.red(summary.status);
  const lines = [
    '',
    `${style.bold(record.stateMachineName)} ${record.name}: ${status}`,
    `  duration   ${formatMs(summary.durationMs)} of execution time (${formatMs(realMs)} real)`,
    `  states     ${summary.statesVisited} visited, ${summary.retries} retr${summary.retries === 1 ? 'y' : 'ies'}`,
    `  path       ${summary.path.join(' -> ')}`,
  ];
  if (record.status === 'SUCCEEDED') lines.push(`  output     ${JSON.stringify(record.output)}`);
  else lines.push(`  error      ${record.error ?? '(none)'}`, `  cause      ${shortCause(record.cause)}`);
  return lines.join('\n') + '\n';
}

function shortCause(cause: string | undefined): string {
  return cause === undefined ? '(none)' : causeText(cause);
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}
