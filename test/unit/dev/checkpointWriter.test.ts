/** The dev server's group commits, on a store that records what each commit carries. */
import { describe, expect, it } from 'vitest';
import { CheckpointWriter, RESUME_NOTE_KIND, type ResumeNote, type Running } from '../../../lib/dev/checkpoints.ts';
import type { OpenedExecutionStore, StoreCommit } from '../../../lib/local/store/index.ts';
import type { ExecutionRecord, HistoryEvent } from '../../../lib/local/types.ts';

const ARN = 'arn:aws:states:us-east-1:123456789012:execution:m:e1';
const note: ResumeNote = { executionArn: ARN, stateMachineName: 'm', definition: { StartAt: 'A', States: { A: { Type: 'Pass', End: true } } } };
const event = (id: number, type: string): HistoryEvent => ({ id, previousEventId: id - 1, timestamp: '2026-12-04T00:00:00.000Z', type }) as HistoryEvent;
const record = (status: ExecutionRecord['status'], history: HistoryEvent[]): ExecutionRecord => ({ executionArn: ARN, name: 'e1', stateMachineName: 'm', status, startDate: '2026-12-04T00:00:00.000Z', input: {}, history });

/** A store whose commits are kept in order; `failing` makes the next commit reject. */
function recordingStore(): { store: OpenedExecutionStore; commits: StoreCommit[]; failNext: () => void } {
  const commits: StoreCommit[] = [];
  let fail = false;
  const store = {
    commit: async (change: StoreCommit) => {
      if (fail) {
        fail = false;
        throw new Error('disk full');
      }
      commits.push(change);
    },
  } as unknown as OpenedExecutionStore;
  return { store, commits, failNext: () => (fail = true) };
}

function running(history: HistoryEvent[]): Running {
  return { history, head: () => record('RUNNING', []) };
}

const notesPut = (commits: readonly StoreCommit[]) => commits.flatMap((c) => (c.documents ?? []).filter((d) => d.kind === RESUME_NOTE_KIND));
const notesDeleted = (commits: readonly StoreCommit[]) => commits.flatMap((c) => (c.deletedDocuments ?? []).filter((d) => d.kind === RESUME_NOTE_KIND));

describe('Class: CheckpointWriter', () => {
  it('writes an execution that ends in the turn it started once, as its final record, with no resume note put or deleted', async () => {
    const { store, commits } = recordingStore();
    const writer = new CheckpointWriter(store);
    const history = [event(1, 'ExecutionStarted')];
    writer.noteStarted(note);
    writer.checkpoint(ARN, running(history));
    history.push(event(2, 'ExecutionSucceeded'));
    writer.finished(record('SUCCEEDED', [...history]));
    await writer.flush();
    expect(commits).toHaveLength(1);
    expect(commits[0]?.records?.map((r) => [r.status, r.history.length])).toEqual([['SUCCEEDED', 2]]);
    expect(commits[0]?.appended ?? []).toEqual([]);
    expect(notesPut(commits)).toEqual([]);
    expect(notesDeleted(commits)).toEqual([]);
  });

  it('writes a longer one as it runs: its note with its first events, only the new events later, the note removed with its end', async () => {
    const { store, commits } = recordingStore();
    const writer = new CheckpointWriter(store);
    const history = [event(1, 'ExecutionStarted'), event(2, 'WaitStateEntered')];
    writer.noteStarted(note);
    writer.checkpoint(ARN, running(history));
    await writer.flush();
    history.push(event(3, 'WaitStateExited'), event(4, 'ExecutionSucceeded'));
    writer.finished(record('SUCCEEDED', [...history]));
    await writer.flush();
    expect(commits).toHaveLength(2);
    expect(commits[0]?.appended?.map((a) => a.newEvents.map((e) => e.id))).toEqual([[1, 2]]);
    expect(notesPut(commits.slice(0, 1)).map((d) => d.id)).toEqual([ARN]);
    expect(commits[1]?.appended?.map((a) => [a.record.status, a.newEvents.map((e) => e.id)])).toEqual([['SUCCEEDED', [3, 4]]]);
    expect(notesDeleted(commits.slice(1)).map((d) => d.id)).toEqual([ARN]);
  });

  it('after a failed write reports the failure on every flush and writes nothing more, so no history has a gap', async () => {
    const { store, commits, failNext } = recordingStore();
    const writer = new CheckpointWriter(store);
    const history = [event(1, 'ExecutionStarted'), event(2, 'WaitStateEntered')];
    writer.noteStarted(note);
    writer.checkpoint(ARN, running(history));
    failNext();
    await expect(writer.flush()).rejects.toThrow(/could not checkpoint executions to the store, and records nothing more until it restarts.*disk full/);
    history.push(event(3, 'WaitStateExited'));
    writer.checkpoint(ARN, running(history));
    await expect(writer.flush()).rejects.toThrow(/disk full/);
    expect(commits).toEqual([]);
  });
});
