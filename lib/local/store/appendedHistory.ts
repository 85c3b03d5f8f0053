/**
 * Append-only checkpoints of executions: each group commit writes the events new since the last
 * one (one key per execution and commit, named by its first event id) and a small head record
 * (the record without its history), so a checkpoint costs what it adds, not the whole history
 * again. Reading assembles them; an event written twice (an end rewrites its terminal event) is
 * taken from the later key. A whole record written later (the CLI put it) replaces the head and
 * removes its events in the same batch.
 *
 *   r|<executionArn>                     -> head: the record, history [], appendedThrough: last event id
 *   e|<executionArn>|<first event id>    -> HistoryEvent[]  (id zero-padded, so key order is id order)
 */
import type { ClassicLevel } from 'classic-level';
import type { ExecutionRecord, HistoryEvent } from '../types.ts';
import { ExecutionStoreError } from './errors.ts';

const SEP = '\x00';
const ID_WIDTH = 10;

/** A running execution's checkpoint: its record (history ignored) and its events not written yet. */
export interface AppendedCheckpoint {
  readonly record: ExecutionRecord;
  readonly newEvents: readonly HistoryEvent[];
}

/** What the store keeps under the record key: a whole record, or a head whose events have keys of their own. */
export type StoredRecord = ExecutionRecord & { readonly appendedThrough?: number };

export type Operation = { readonly type: 'put'; readonly key: string; readonly value: unknown } | { readonly type: 'del'; readonly key: string };

const eventKey = (executionArn: string, id: number): string => ['e', executionArn, String(id).padStart(ID_WIDTH, '0')].join(SEP);

/**
 * The writes of one checkpoint over what is stored (`previous`): the new events, and the head.
 * A previous whole record (a redriven execution) has its events moved to keys too, so none is lost.
 */
export function checkpointWrites(checkpoint: AppendedCheckpoint, previous: StoredRecord | undefined): { readonly head: StoredRecord; readonly operations: Operation[] } {
  const { executionArn } = checkpoint.record;
  const inline = previous !== undefined && previous.appendedThrough === undefined ? previous.history : [];
  const events = inline.length === 0 ? checkpoint.newEvents : [...inline, ...checkpoint.newEvents];
  let appendedThrough = previous?.appendedThrough ?? 0;
  for (const event of events) {
    if (!Number.isSafeInteger(event.id) || event.id < 1) throw new ExecutionStoreError(`Execution ${executionArn}: history event id ${JSON.stringify(event.id)} is not a positive integer`);
    if (event.id > appendedThrough) appendedThrough = event.id;
  }
  const head: StoredRecord = { ...checkpoint.record, history: [], appendedThrough };
  const [first] = events;
  return { head, operations: first === undefined ? [] : [{ type: 'put', key: eventKey(executionArn, first.id), value: events }] };
}

/** Removes the event keys of a head that a whole record replaces (any event id may start one). */
export function droppedEvents(previous: StoredRecord | undefined): Operation[] {
  if (previous?.appendedThrough === undefined) return [];
  return Array.from({ length: previous.appendedThrough }, (_, i) => ({ type: 'del' as const, key: eventKey(previous.executionArn, i + 1) }));
}

/** The record as callers know it: a head gets its events back, in id order. */
export async function assembled(db: ClassicLevel<string, unknown>, stored: StoredRecord | undefined): Promise<ExecutionRecord | undefined> {
  if (stored?.appendedThrough === undefined) return stored;
  const { appendedThrough: _mark, ...record } = stored;
  const chunks = (await db.values({ gt: `e${SEP}${stored.executionArn}${SEP}`, lt: `e${SEP}${stored.executionArn}\x01` }).all()) as HistoryEvent[][];
  // Chunks come in id order; a later one's copy of an id replaces the earlier (Map keeps the first position).
  const byId = new Map<number, HistoryEvent>();
  for (const event of chunks.flat()) byId.set(event.id, event);
  return { ...record, history: [...byId.values()] };
}
