/**
 * Durable executions: every history event of a running execution reaches the store, in group
 * commits (all events of one event-loop turn in one write). Whatever the API has shown a client
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
import type { OpenedExecutionStore } from '../local/store/index.ts';
import type { ExecutionRecord } from '../local/types.ts';

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
export const MAP_RUN_KIND = 'mapRun';

/** A Map Run's parent and child executions, kept when the parent ended. */
export interface KeptMapRun {
  readonly executionArn: string;
  readonly children: readonly { readonly executionArn: string; readonly status: string }[];
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

/** Collects checkpoints and writes them together. */
export class CheckpointWriter {
  private readonly notesToWrite = new Map<string, ResumeNote>();
  private readonly records = new Map<string, () => ExecutionRecord>();
  private readonly notesToDelete = new Set<string>();
  private readonly logs = new Map<string, readonly KeptLogLine[]>();
  private readonly mapRuns = new Map<string, KeptMapRun>();
  private tail: Promise<void> = Promise.resolve();
  /** The write that has not started yet, which new checkpoints join. */
  private next: Promise<void> | undefined;
  private scheduled = false;
  private frozen = false;
  /** The first write failure, reported by every later flush: a lost checkpoint must not pass silently. */
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
  }

  /** The execution's record changed; `snapshot` is read at write time, so the newest state is written once. */
  checkpoint(executionArn: string, snapshot: () => ExecutionRecord): void {
    this.records.set(executionArn, snapshot);
    this.schedule();
  }

  /**
   * The execution ended: its final record, its handlers' log lines, the child executions of its
   * Map Runs (listed like any other, as on AWS), and its note removed.
   */
  finished(record: ExecutionRecord, logs: readonly KeptLogLine[] = [], children: readonly { readonly mapRunArn: string; readonly record: ExecutionRecord }[] = []): void {
    this.records.set(record.executionArn, () => record);
    for (const child of children) {
      this.records.set(child.record.executionArn, () => child.record);
      const run = this.mapRuns.get(child.mapRunArn) ?? { executionArn: record.executionArn, children: [] };
      this.mapRuns.set(child.mapRunArn, { ...run, children: [...run.children, { executionArn: child.record.executionArn, status: child.record.status }] });
    }
    if (logs.length > 0) this.logs.set(record.executionArn, logs.slice(0, MAX_LOG_LINES));
    this.notesToDelete.add(record.executionArn);
    this.schedule();
  }

  /** An execution that recorded nothing (it could not start): its note goes. */
  forget(executionArn: string): void {
    this.notesToWrite.delete(executionArn);
    this.records.delete(executionArn);
    this.notesToDelete.add(executionArn);
    this.schedule();
  }

  /** Resolves once everything checkpointed so far is written. @throws the write failure, if any */
  async flush(): Promise<void> {
    // Callers that arrive while a write is under way share the next one: one batch for all of them.
    if (this.next === undefined) {
      const next = this.tail.then(() => {
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
    if (this.frozen) return;
    const notes = [...this.notesToWrite.values()];
    const records = [...this.records.values()].map((snapshot) => snapshot());
    const deletions = [...this.notesToDelete];
    const logs = [...this.logs.entries()];
    const mapRuns = [...this.mapRuns.entries()];
    this.logs.clear();
    this.mapRuns.clear();
    this.notesToWrite.clear();
    this.records.clear();
    this.notesToDelete.clear();
    if (notes.length === 0 && records.length === 0 && deletions.length === 0) return;
    try {
      // One batch: a note never lands without its record, nor a final record without its note's removal.
      await this.store.commit({
        records,
        documents: [
          ...notes.map((note) => ({ kind: RESUME_NOTE_KIND, id: note.executionArn, value: note })),
          ...logs.map(([arn, lines]) => ({ kind: LOGS_KIND, id: arn, value: lines })),
          ...mapRuns.map(([arn, run]) => ({ kind: MAP_RUN_KIND, id: arn, value: run })),
          ...(this.virtualClock ? [{ kind: CLOCK_KIND, id: VIRTUAL_CLOCK_ID, value: { now: this.virtualClock.now() } }] : []),
        ],
        deletedDocuments: deletions.map((id) => ({ kind: RESUME_NOTE_KIND, id })),
      });
    } catch (error) {
      this.failure ??= new Error(`aethon dev could not checkpoint executions to the store: ${(error as Error).message}`, { cause: error });
    }
  }
}
