/**
 * What `aethon run` shows while an execution runs: one line per state when it ends (status,
 * duration, retries), and under it, indented, what its handler logged. Built from the history
 * events and log lines the local engine streams, so it reads the same with real or virtual time.
 *
 * A state's log lines wait until the state's line is printed. Lines of one state name running in
 * several Map iterations at once cannot be told apart by iteration, so they go under the first
 * of them still running.
 */
import type { CapturedLog } from '../../local/localEngine.ts';
import type { HistoryEvent } from '../../local/types.ts';
import { StatesErrors } from '../../contracts/statesErrors.ts';
import { formatDuration } from '../../ops/format.ts';
import { formatHandlerLogLine, readHandlerLogLine } from './handlerLogLine.ts';
import type { CliIo } from '../io.ts';
import { isTerminal, terminalStyle, type TerminalStyle } from './terminalStyle.ts';

/** How a state visit ended, as its line says. */
type VisitStatus = 'ok' | 'caught' | 'failed' | 'stopped' | 'timed out' | 'aborted';

interface StateVisit {
  readonly name: string;
  /** `Task`, `Map`, ...: the event type's prefix. */
  readonly type: string;
  readonly enteredAt: number;
  readonly depth: number;
  /** The Map or Parallel it runs in. */
  readonly parent: StateVisit | undefined;
  /** The Map iteration it belongs to, shown after its name. */
  readonly iteration: number | undefined;
  attempts: number;
  /** The error of its last failed attempt or evaluation; cleared when an attempt succeeds. */
  error: string | undefined;
  /** A Map or Parallel whose iteration or branch failed (the error may be known only later). */
  innerFailed: boolean;
  done: boolean;
  readonly logs: string[];
}

/** Options of {@link RunProgress}. */
export interface RunProgressOptions {
  readonly write: (text: string) => void;
  readonly style: TerminalStyle;
  /** Whole log records and metric lines. @default false */
  readonly verbose?: boolean;
  /** Told once if showing progress fails; the execution goes on regardless. @default silence */
  readonly warn?: (message: string) => void;
  /**
   * A terminal: a last line, rewritten in place, names the state running now, so a long task or
   * wait is not silence. Never in a pipe or a file. @default false
   */
  readonly live?: boolean;
}

/** Back to the start of the line and erase it (ECMA-48 CR, EL). */
const ERASE_LINE = '\r\u001b[2K';

const CONTAINER_TYPES = new Set(['Map', 'Parallel']);
const INDENT = '  ';
const NAME_WIDTH = 28;

/** Feeds on the engine's onEvent and onLog callbacks of one execution. */
export class RunProgress {
  private readonly owners = new Map<number, StateVisit>();
  private readonly iterations = new Map<number, number>();
  private readonly open: StateVisit[] = [];
  private failed = false;
  /** The live line on screen now, if any. */
  private liveLine: string | undefined;

  constructor(private readonly options: RunProgressOptions) {}

  /** One history event, in the order the engine records them. Never throws. */
  onEvent(event: HistoryEvent): void {
    this.safely(() => this.record(event));
  }

  /** One line a handler wrote: kept for its state's line, printed at once when no state owns it. Never throws. */
  onLog(log: CapturedLog): void {
    this.safely(() => this.show(log));
  }

  /** Showing progress must never fail the execution it shows: after a failure it stops, and says so once. */
  private safely(step: () => void): void {
    if (this.failed) return;
    try {
      step();
      if (this.options.live) this.refreshLiveLine();
    } catch (failure) {
      this.failed = true;
      this.options.warn?.(`progress could not be shown (${(failure as Error).message}); the summary follows at the end`);
    }
  }

  /** Lines that stay: the live line is erased first and redrawn after. */
  private write(text: string): void {
    if (this.liveLine !== undefined) {
      this.options.write(ERASE_LINE);
      this.liveLine = undefined;
    }
    this.options.write(text);
  }

  /** Names the state entered last of those still running, unless it is already on screen. */
  private refreshLiveLine(): void {
    const running = this.open.filter((visit) => !CONTAINER_TYPES.has(visit.type)).at(-1);
    const text = running && `${INDENT.repeat(running.depth + 1)}${this.options.style.dim((running.type === 'Wait' ? 'waiting' : 'running').padEnd(9))} ${labelOf(running)}`;
    if (text === this.liveLine) return;
    if (this.liveLine !== undefined) this.options.write(ERASE_LINE);
    if (text !== undefined) this.options.write(text);
    this.liveLine = text;
  }

  private record(event: HistoryEvent): void {
    const owner = this.owners.get(event.previousEventId);
    if (event.type === 'MapIterationStarted') this.iterations.set(event.id, event.mapIterationStartedEventDetails?.index ?? 0);
    if (event.type.endsWith('StateEntered')) return this.enter(event, owner);
    if (event.type.endsWith('StateExited')) return this.exit(event, owner);
    if (owner) this.owners.set(event.id, owner);
    if (event.type === 'MapStateFailed' || event.type === 'ParallelStateFailed') return this.containerFailed(event, owner);
    if (event.type === 'ExecutionFailed') return this.endAll('failed', event.executionFailedEventDetails?.error, event, owner);
    if (event.type === 'ExecutionTimedOut') return this.endAll('timed out', event.executionTimedOutEventDetails?.error ?? StatesErrors.TIMEOUT, event);
    if (event.type === 'ExecutionAborted') return this.endAll('aborted', event.executionAbortedEventDetails?.error, event);
    // An event after a state ended (a Map's output failing to evaluate) belongs to its container.
    const target = owner?.done ? openContainerOf(owner) : owner;
    if (!target) return;
    if (event.type === 'TaskScheduled' && target === owner) owner.attempts++;
    else if (event.type === 'TaskSucceeded' && target === owner) owner.error = undefined;
    else {
      const error = errorOf(event);
      if (error) target.error = error;
    }
  }

  /** A Map or Parallel failed: with the error of the state it failed in, whether caught or not. */
  private containerFailed(event: HistoryEvent, owner: StateVisit | undefined): void {
    const container = owner && !owner.done && CONTAINER_TYPES.has(owner.type) ? owner : owner && openContainerOf(owner);
    if (!container) return;
    container.innerFailed = true;
    container.error ??= errorOf(event) ?? owner?.error;
  }

  private show(log: CapturedLog): void {
    const visit = log.stateName === undefined ? undefined : this.open.find((candidate) => candidate.name === log.stateName && candidate.type === 'Task');
    const prefix = visit ? INDENT.repeat(visit.depth + 3) : `${INDENT}${this.options.style.dim(`[${log.stateName ?? log.functionName}]`)} `;
    const text = formatHandlerLogLine(readHandlerLogLine(log.line), { style: this.options.style, prefix, ...(this.options.verbose ? { verbose: true } : {}) });
    if (text === undefined) return;
    if (visit) visit.logs.push(text);
    else this.write(text);
  }

  private enter(event: HistoryEvent, owner: StateVisit | undefined): void {
    const parent = !owner ? undefined : !owner.done && CONTAINER_TYPES.has(owner.type) ? owner : owner.parent;
    const depth = parent ? parent.depth + 1 : 0;
    const fromIteration = this.iterations.get(event.previousEventId);
    const visit: StateVisit = {
      name: event.stateEnteredEventDetails?.name ?? '?',
      type: event.type.slice(0, -'StateEntered'.length),
      enteredAt: Date.parse(event.timestamp),
      depth,
      parent,
      iteration: fromIteration ?? (owner && owner.parent === parent ? owner.iteration : undefined),
      attempts: 0,
      error: undefined,
      innerFailed: false,
      done: false,
      logs: [],
    };
    this.owners.set(event.id, visit);
    this.open.push(visit);
    // A Map or Parallel ends after its children: a line now puts them under their parent.
    if (CONTAINER_TYPES.has(visit.type)) this.write(`${INDENT.repeat(depth + 1)}${this.options.style.dim('start'.padEnd(9))} ${visit.name} ${this.options.style.dim(`(${visit.type})`)}\n`);
  }

  private exit(event: HistoryEvent, owner: StateVisit | undefined): void {
    const name = event.stateExitedEventDetails?.name;
    const visit = owner && !owner.done && owner.name === name ? owner : this.open.find((candidate) => candidate.name === name);
    if (!visit) return;
    this.owners.set(event.id, visit);
    const failedInside = visit.innerFailed ? (visit.type === 'Map' ? 'an iteration failed' : 'a branch failed') : undefined;
    this.end(visit, visit.error || failedInside ? 'caught' : 'ok', visit.error ?? failedInside, event);
  }

  /**
   * The execution ended: the states still open ended with it. When it failed, the state the
   * failure came from and the Maps and Parallels around it failed; a state still running beside
   * them (another branch) was stopped.
   */
  private endAll(status: VisitStatus, error: string | undefined, event: HistoryEvent, cause?: StateVisit): void {
    // States in the order they were entered, then their Maps and Parallels from the innermost out.
    const containers = this.open.filter((visit) => CONTAINER_TYPES.has(visit.type)).reverse();
    for (const visit of this.open.filter((candidate) => !CONTAINER_TYPES.has(candidate.type))) {
      const stopped = status === 'failed' && visit !== cause && !visit.error;
      this.end(visit, stopped ? 'stopped' : status, stopped ? undefined : (visit.error ?? error), event);
    }
    for (const visit of containers) this.end(visit, status, visit.error ?? error, event);
  }

  private end(visit: StateVisit, status: VisitStatus, error: string | undefined, event: HistoryEvent): void {
    if (visit.done) return;
    // What still runs inside a Map or Parallel that ends (a failed iteration's state) ends first, above it.
    for (const inner of this.open.filter((candidate) => candidate.parent === visit)) this.end(inner, inner.error ? 'failed' : 'stopped', inner.error, event);
    visit.done = true;
    this.open.splice(this.open.indexOf(visit), 1);
    const { style } = this.options;
    const colour = status === 'ok' ? style.green : status === 'caught' || status === 'aborted' || status === 'stopped' ? style.yellow : style.red;
    const label = labelOf(visit);
    const retries = Math.max(0, visit.attempts - 1);
    const details = [
      formatDuration(Math.max(0, Date.parse(event.timestamp) - visit.enteredAt)).padStart(9),
      ...(retries > 0 ? [`${retries} retr${retries === 1 ? 'y' : 'ies'}`] : []),
      ...(error && status !== 'ok' ? [error] : []),
    ];
    const indent = INDENT.repeat(visit.depth + 1);
    this.write(`${indent}${colour(status.padEnd(9))} ${label.padEnd(Math.max(0, NAME_WIDTH - indent.length))} ${details.join('  ')}\n`);
    for (const line of visit.logs) this.write(line);
  }
}

/** The Map or Parallel still running around a visit. */
function openContainerOf(visit: StateVisit): StateVisit | undefined {
  let container = visit.parent;
  while (container?.done) container = container.parent;
  return container;
}

/** `price [2]`: the state's name, and its Map iteration when it has one. */
function labelOf(visit: StateVisit): string {
  return `${visit.name}${visit.iteration === undefined ? '' : ` [${visit.iteration}]`}`;
}

/** The error an event reports, from whichever `<type>EventDetails` it carries. */
function errorOf(event: HistoryEvent): string | undefined {
  for (const [key, value] of Object.entries(event)) {
    if (key.endsWith('EventDetails') && value && typeof value === 'object' && typeof (value as { error?: unknown }).error === 'string') return (value as { error: string }).error;
  }
  return undefined;
}

/** Progress on the command's stdout, styled for it, with a failure to print told on stderr. */
export function progressOnStdout(io: CliIo, verbose: boolean): RunProgress {
  return new RunProgress({
    write: (text) => io.stdout.write(text),
    style: terminalStyle(io.stdout, io.env),
    verbose,
    warn: (message) => io.stderr.write(`warning: ${message}\n`),
    live: isTerminal(io.stdout, io.env),
  });
}
