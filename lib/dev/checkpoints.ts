/**
 * Durable executions: every history event of a running execution reaches the store, in group
 * commits (all events of one event-loop turn in one write). A running execution's checkpoint is
 * append-only: its events not written yet and a small head record, never its whole history
 * again, its end included (its terminal event is written again: a stop reason is added to it). Whatever the API has shown a client
 * was written first: the API answers only after {@link CheckpointWriter.flush}. LevelDB writes
 * reach the OS before they are acknowledged, so a `kill -9` of the server loses nothing that was
 * flushed (a power cut may lose the last writes: they are not fsynced).
 *
 * Beside each running execution's record sits its resume note (what it needs to continue after a
 * restart: the definition it started with, its test case), written with its first record and
 * deleted with its final one; and, with virtual time, the virtual clock's time. Each group commit
 * is one atomic LevelDB batch.
 */
import type { Clock } from '../local/engine/index.ts';
import type { AppendedCheckpoint, OpenedExecutionStore } from '../local/store/index.ts';
import type { ExecutionRecord, HistoryEvent } from '../local/types.ts';

/** A running execution as the writer reads it at write time. */
export interface Running {
  readonly history: readonly HistoryEvent[];
  /** The record without reading its history (which is ignored). */
  readonly head: () => ExecutionRecord;
}

/** What a running execution needs to continue after a restart. */
export interface ResumeNote {
  readonly executionArn: string;
  readonly stateMachineName: string;
  /** The definition it started with (a later edit of the workflow does not change it). */
  readonly definition: Record<string, unknown>;
  /** The MockConfigFile test case it runs under. */
  readonly testCase?: string;
}

/**
 * How long events gather before a group commit. Longer means fewer, larger writes; nothing a
 * client saw waits on it (the API flushes first), only what a crash could take back.
 */
const GROUP_COMMIT_MS = 5;

export const RESUME_NOTE_KIND = 'running';
export const LOGS_KIND = 'logs';
/** A running execution's log lines, one document per write (`<arn>|<index of its first line>`), merged into LOGS_KIND at its end. */
export const LIVE_LOGS_KIND = 'liveLogs';
export const MAP_RUN_KIND = 'mapRun';

/**
 * A Map Run's parent, kept when the parent ended. Its child executions are records of their own
 * (listed by their state machine, `<parent machine>/<Map label>`), so a redrive that reruns some
 * of them replaces those records and nothing here goes stale.
 */
export interface KeptMapRun {
  readonly executionArn: string;
}

/** At most this many handler log lines are kept per execution (the newest are dropped beyond). */
export const MAX_LOG_LINES = 10_000;

/** One handler log line kept with its execution. */
export interface KeptLogLine {
  readonly functionName: string;
  readonly stateName?: string;
  readonly stream: 'stdout' | 'stderr';
  readonly line: string;
}
export const CLOCK_KIND = 'clock';
export const VIRTUAL_CLOCK_ID = 'virtual';

const endOfTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Collects checkpoints and writes them together. */
export class CheckpointWriter {
  private readonly notesToWrite = new Map<string, ResumeNote>();
  private readonly records = new Map<string, ExecutionRecord>();
  private readonly running = new Map<string, Running>();
  /** Final records of executions checkpointed while they ran: appended like the rest. */
  private readonly finals = new Map<string, AppendedCheckpoint>();
  /** How many events of each running execution the store holds (or will, once the write under way lands). */
  private readonly written = new Map<string, number>();
  private readonly notesToDelete = new Set<string>();
  private readonly logs = new Map<string, readonly KeptLogLine[]>();
  /** Running executions whose lines grew since the last write. */
  private readonly liveLogs = new Map<string, readonly KeptLogLine[]>();
  /** Per running execution: how many of its lines are written, and in which documents. */
  private readonly logsWritten = new Map<string, { count: number; readonly chunks: string[] }>();
  private readonly chunksToDelete: string[] = [];
  private readonly mapRuns = new Map<string, KeptMapRun>();
  private tail: Promise<void> = Promise.resolve();
  /** The write that has not started yet, which new checkpoints join. */
  private next: Promise<void> | undefined;
  private scheduled = false;
  private frozen = false;
  /**
   * The first write failure, reported by every later flush: a lost checkpoint must not pass
   * silently. Nothing is written after it either: a later write would record events past the gap,
   * and an execution resumed from such a history would skip what was lost. A restart continues
   * every execution from its last checkpoint that landed.
   */
  private failure: Error | undefined;

  /**
   * @param store where records and notes go
   * @param virtualClock the clock whose time is kept with each write (virtual time only)
   */
  constructor(
    private readonly store: OpenedExecutionStore,
    private readonly virtualClock?: Clock,
  ) {}

  /** An execution begins: its resume note goes with its first record. */
  noteStarted(note: ResumeNote): void {
    this.notesToWrite.set(note.executionArn, note);
    // A redrive may follow the end of the same execution before that end is written.
    this.notesToDelete.delete(note.executionArn);
  }

  /**
   * The execution's history grew; it is read at write time, so one write takes every event so far.
   * @param storedEvents how many of its first events the store already holds (a resumed or redriven execution)
   */
  checkpoint(executionArn: string, running: Running, storedEvents = 0): void {
    if (!this.written.has(executionArn)) this.written.set(executionArn, storedEvents);
    this.running.set(executionArn, running);
    this.schedule();
  }

  /**
   * The execution ended: its final record, its handlers' log lines, the child executions of its
   * Map Runs (listed like any other, as on AWS), and its note removed.
   */
  finished(record: ExecutionRecord, logs: readonly KeptLogLine[] = [], children: readonly { readonly mapRunArn: string; readonly record: ExecutionRecord }[] = []): void {
    const written = this.written.get(record.executionArn);
    // Ended before anything of it was written: its final record is its one write, and no note goes or comes.
    const unwritten = this.notesToWrite.delete(record.executionArn) && !written;
    if (unwritten) {
      this.records.set(record.executionArn, record);
    } else if (written !== undefined && written <= record.history.length) {
      this.finals.set(record.executionArn, { record, newEvents: record.history.slice(Math.max(0, Math.min(written, record.history.length - 1))) });
    } else {
      this.records.set(record.executionArn, record);
    }
    this.running.delete(record.executionArn);
    this.written.delete(record.executionArn);
    for (const child of children) {
      this.records.set(child.record.executionArn, child.record);
      this.mapRuns.set(child.mapRunArn, { executionArn: record.executionArn });
    }
    if (logs.length > 0) this.logs.set(record.executionArn, logs.slice(0, MAX_LOG_LINES));
    this.dropLiveLogs(record.executionArn);
    if (!unwritten) this.notesToDelete.add(record.executionArn);
    this.schedule();
  }

  /** A running execution's lines grew: the new ones go in the next write, as a document of their own. */
  logsGrew(executionArn: string, lines: readonly KeptLogLine[]): void {
    this.liveLogs.set(executionArn, lines);
    this.schedule();
  }

  /** A resumed execution's lines that a previous server wrote, in these documents. */
  logsStored(executionArn: string, count: number, chunks: readonly string[]): void {
    this.logsWritten.set(executionArn, { count, chunks: [...chunks] });
  }

  private dropLiveLogs(executionArn: string): void {
    this.liveLogs.delete(executionArn);
    this.chunksToDelete.push(...(this.logsWritten.get(executionArn)?.chunks ?? []));
    this.logsWritten.delete(executionArn);
  }

  /** An execution that recorded nothing (it could not start): its note goes. */
  forget(executionArn: string): void {
    this.notesToWrite.delete(executionArn);
    this.records.delete(executionArn);
    this.finals.delete(executionArn);
    this.dropLiveLogs(executionArn);
    this.running.delete(executionArn);
    this.written.delete(executionArn);
    this.notesToDelete.add(executionArn);
    this.schedule();
  }

  /** Resolves once everything checkpointed so far is written. @throws the write failure, if any */
  async flush(): Promise<void> {
    // Callers that arrive while a write is under way share the next one: one batch for all of them.
    if (this.next === undefined) {
      // The write waits for the end of this turn of the event loop: every execution started in
      // it has then run as far as it can without I/O, so a short one is written once, ended.
      const next = this.tail.then(endOfTurn).then(() => {
        this.next = undefined;
        return this.write();
      });
      this.next = next;
      this.tail = next.catch(() => undefined);
    }
    await this.next;
    if (this.failure) throw this.failure;
  }

  /** Writes what is pending and ignores everything after (the server is shutting down). */
  async freeze(): Promise<void> {
    await this.flush().catch(() => undefined);
    this.frozen = true;
  }

  private schedule(): void {
    if (this.scheduled || this.frozen) return;
    this.scheduled = true;
    setTimeout(() => {
      this.scheduled = false;
      void this.flush().catch(() => undefined);
    }, GROUP_COMMIT_MS);
  }

  private async write(): Promise<void> {
    if (this.frozen || this.failure) return;
    // An execution that ended before its first write needs no note: its final record is the checkpoint.
    const notes = [...this.notesToWrite.values()].filter((note) => !this.notesToDelete.has(note.executionArn));
    const records = [...this.records.values()];
    const appended: AppendedCheckpoint[] = [...this.running.entries()].map(([arn, live]) => {
      const from = this.written.get(arn) ?? 0;
      this.written.set(arn, live.history.length);
      return { record: live.head(), newEvents: live.history.slice(from) };
    });
    this.running.clear();
    appended.push(...this.finals.values());
    this.finals.clear();
    const deletions = [...this.notesToDelete];
    const logs = [...this.logs.entries()];
    const liveChunks = [...this.liveLogs.entries()].flatMap(([arn, lines]) => {
      const written = this.logsWritten.get(arn) ?? { count: 0, chunks: [] };
      this.logsWritten.set(arn, written);
      if (lines.length <= written.count) return [];
      const id = `${arn}|${String(written.count).padStart(6, '0')}`;
      const chunk = { kind: LIVE_LOGS_KIND, id, value: lines.slice(written.count) };
      written.count = lines.length;
      written.chunks.push(id);
      return [chunk];
    });
    this.liveLogs.clear();
    const chunkDeletions = this.chunksToDelete.splice(0).map((id) => ({ kind: LIVE_LOGS_KIND, id }));
    const mapRuns = [...this.mapRuns.entries()];
    this.logs.clear();
    this.mapRuns.clear();
    this.notesToWrite.clear();
    this.records.clear();
    this.notesToDelete.clear();
    if (notes.length === 0 && records.length === 0 && appended.length === 0 && deletions.length === 0 && liveChunks.length === 0 && chunkDeletions.length === 0) return;
    try {
      // One batch: a note never lands without its record, nor a final record without its note's removal.
      await this.store.commit({
        records,
        appended,
        documents: [
          ...notes.map((note) => ({ kind: RESUME_NOTE_KIND, id: note.executionArn, value: note })),
          ...logs.map(([arn, lines]) => ({ kind: LOGS_KIND, id: arn, value: lines })),
          ...liveChunks,
          ...mapRuns.map(([arn, run]) => ({ kind: MAP_RUN_KIND, id: arn, value: run })),
          ...(this.virtualClock ? [{ kind: CLOCK_KIND, id: VIRTUAL_CLOCK_ID, value: { now: this.virtualClock.now() } }] : []),
        ],
        deletedDocuments: [...deletions.map((id) => ({ kind: RESUME_NOTE_KIND, id })), ...chunkDeletions],
      });
    } catch (error) {
      this.failure ??= new Error(`aethon dev could not checkpoint executions to the store, and records nothing more until it restarts (running executions then continue from their last checkpoint): ${(error as Error).message}`, { cause: error });
    }
  }
}
