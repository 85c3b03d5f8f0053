import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ClassicLevel } from 'classic-level';
import type { ExecutionRecord, ExecutionStatus } from '../types.ts';
import { ExecutionStoreError, ExecutionStoreLockedError } from './errors.ts';
import { assembled, checkpointWrites, droppedEvents, type AppendedCheckpoint, type Operation, type StoredRecord } from './appendedHistory.ts';
import { documentKey, documentsOver, type StoredDocuments } from './storedDocuments.ts';
import { clearHolder, waitForLock, type StoreWaitOptions } from './waitForLock.ts';
import {
  allExecutions,
  arnOfIndexKey,
  byName,
  byStateMachine,
  indexKeys,
  recordKey,
  sortableTime,
  type KeyRange,
} from './storeKeys.ts';

/** Filters of {@link ExecutionStore.list}. */
export interface ListExecutionsOptions {
  readonly stateMachineName?: string;
  readonly status?: ExecutionStatus;
  /**
   * At most this many records.
   * @default no limit
   */
  readonly limit?: number;
}

/** Executions recorded on disk, for later CLI commands and the local console. */
export interface ExecutionStore {
  /** Inserts or replaces the record with this executionArn (RUNNING, then its outcome). */
  put(record: ExecutionRecord): Promise<void>;
  /** By executionArn, or by execution name (the newest execution with that name). */
  get(arnOrName: string): Promise<ExecutionRecord | undefined>;
  /** Newest first (by startDate), optionally one state machine's and one status. */
  list(options?: ListExecutionsOptions): Promise<ExecutionRecord[]>;
  /** Waits for pending writes and releases the LevelDB lock. */
  close(): Promise<void>;
}

type Db = ClassicLevel<string, unknown>;

/** Records and documents written in one atomic batch by {@link OpenedExecutionStore.commit}. */
export interface StoreCommit {
  /** Whole records (an execution ended): each replaces its head and appended events. */
  readonly records?: readonly ExecutionRecord[];
  /** Running executions: only their new events and a small head (see appendedHistory.ts). */
  readonly appended?: readonly AppendedCheckpoint[];
  readonly documents?: readonly { readonly kind: string; readonly id: string; readonly value: unknown }[];
  readonly deletedDocuments?: readonly { readonly kind: string; readonly id: string }[];
}

/** The store as its opener gets it: the executions, and documents kept beside them. */
export type OpenedExecutionStore = ExecutionStore & {
  readonly documents: StoredDocuments;
  /** Writes many records and documents in one batch: all land, or none (a group commit). */
  commit(change: StoreCommit): Promise<void>;
  /**
   * Whether an execution with this ARN is stored. The first call loads every stored ARN (index
   * keys only) and later writes keep that set current: this process holds the lock, so no one
   * else writes, and StartExecution's name check costs no read.
   */
  exists(executionArn: string): Promise<boolean>;
};

/**
 * Opens (creating if needed) the execution store under `directory` (usually the project's
 * `.aethon/`); the LevelDB files live in `<directory>/executions`. One process at a time may open
 * it: a second gets {@link ExecutionStoreLockedError} with what to do.
 * @example
 * const store = await openExecutionStore(join(projectRoot, '.aethon'));
 * try { await store.put(record); } finally { await store.close(); }
 */
export async function openExecutionStore(directory: string): Promise<OpenedExecutionStore> {
  const location = join(resolve(directory), 'executions');
  await mkdir(location, { recursive: true });
  const db: Db = new ClassicLevel<string, unknown>(location, { keyEncoding: 'utf8', valueEncoding: 'json' });
  try {
    await db.open();
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    if (cause?.code === 'LEVEL_LOCKED') throw new ExecutionStoreLockedError(location, { cause: error });
    throw error;
  }

  // put() reads the previous record to drop its stale index keys; serializing writes keeps
  // concurrent puts of one execution from leaving two index entries behind.
  let writes: Promise<unknown> = Promise.resolve();
  let closed = false;
  const ensureOpen = (): void => {
    if (closed) throw new ExecutionStoreError(`The execution store at ${location} is closed`);
  };

  // async so that bad input rejects like every other failure; the chaining below still happens
  // synchronously, in call order.
  const put = async (record: ExecutionRecord): Promise<void> => {
    ensureOpen();
    validate(record);
    const write = writes.then(async () => {
      runningHeads.delete(record.executionArn);
      const previous = (await db.get(recordKey(record.executionArn))) as StoredRecord | undefined;
      const keys = indexKeys(record);
      const stale = previous === undefined ? [] : indexKeys(previous).filter((key) => !keys.includes(key));
      await db.batch([
        ...droppedEvents(previous),
        ...stale.map((key) => ({ type: 'del' as const, key })),
        ...keys.map((key) => ({ type: 'put' as const, key, value: record.status })),
        { type: 'put' as const, key: recordKey(record.executionArn), value: record },
      ]);
      written([record.executionArn]);
    });
    writes = write.catch(() => undefined);
    return write;
  };

  const commit = async (change: StoreCommit): Promise<void> => {
    ensureOpen();
    const records = change.records ?? [];
    const appended = change.appended ?? [];
    for (const record of records) validate(record);
    for (const checkpoint of appended) validate(checkpoint.record);
    const write = writes.then(async () => {
      const arns: string[] = [];
      for (const checkpoint of appended) arns.push(checkpoint.record.executionArn);
      for (const record of records) arns.push(record.executionArn);
      const previous = await storedBefore(arns);
      const operations: Operation[] = [];
      // Heads first: a whole record of the same execution later in the batch wins and drops their events.
      const heads = new Map<string, StoredRecord>();
      appended.forEach((checkpoint, i) => {
        const { head, operations: events } = checkpointWrites(checkpoint, previous[i]);
        heads.set(head.executionArn, head);
        operations.push(...events);
        recordWrites(operations, head, previous[i]);
      });
      records.forEach((record, i) => {
        const before = heads.get(record.executionArn) ?? previous[appended.length + i];
        operations.push(...droppedEvents(before));
        recordWrites(operations, record, before);
      });
      for (const d of change.documents ?? []) operations.push({ type: 'put', key: documentKey(d.kind, d.id), value: d.value });
      for (const d of change.deletedDocuments ?? []) operations.push({ type: 'del', key: documentKey(d.kind, d.id) });
      await db.batch(operations);
      // Only running heads are kept (an ended one is read again only by a redrive).
      for (const [arn, head] of heads) {
        if (head.status === 'RUNNING') runningHeads.set(arn, head);
        else runningHeads.delete(arn);
      }
      for (const record of records) runningHeads.delete(record.executionArn);
      written(arns);
    });
    writes = write.catch(() => undefined);
    return write;
  };

  const get = async (arnOrName: string): Promise<ExecutionRecord | undefined> => {
    ensureOpen();
    const arn = arnOrName.startsWith('arn:') ? arnOrName : (await scan(db, byName(arnOrName), undefined, 1))[0];
    return arn === undefined ? undefined : assembled(db, (await db.get(recordKey(arn))) as StoredRecord | undefined);
  };

  const list = async (options: ListExecutionsOptions = {}): Promise<ExecutionRecord[]> => {
    ensureOpen();
    const range = options.stateMachineName === undefined ? allExecutions() : byStateMachine(options.stateMachineName);
    const arns = await scan(db, range, options.status, options.limit ?? Infinity);
    const stored = (await db.getMany(arns.map(recordKey))) as (StoredRecord | undefined)[];
    const records = await Promise.all(stored.map((record) => assembled(db, record)));
    return records.filter((record): record is ExecutionRecord => record !== undefined);
  };

  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await writes;
    await db.close();
  };

  let stored: Promise<Set<string>> | undefined;
  /** The stored ARNs once loaded: this process holds the lock, so writes keep it whole. */
  let storedArns: Set<string> | undefined;
  const exists = async (executionArn: string): Promise<boolean> => {
    ensureOpen();
    stored ??= db.keys(allExecutions()).all().then((keys) => (storedArns = new Set(keys.map(arnOfIndexKey))));
    return (await stored).has(executionArn);
  };
  /** Called after a write lands: its ARNs join the set exists() answers from. */
  const written = (arns: readonly string[]): void => {
    if (storedArns) for (const arn of arns) storedArns.add(arn);
    else if (stored) void stored.then((set) => arns.forEach((arn) => set.add(arn)));
  };
  /**
   * The heads of running executions as this process last wrote them, so a checkpoint does not read
   * back what it wrote (a write that replaces a head drops it here first).
   */
  const runningHeads = new Map<string, StoredRecord>();
  /** What is stored under each ARN before a write: known, known absent, or read. */
  const storedBefore = async (arns: readonly string[]): Promise<(StoredRecord | undefined)[]> => {
    const unknown = arns.filter((arn) => !runningHeads.has(arn) && (storedArns === undefined || storedArns.has(arn)));
    const read = unknown.length === 0 ? [] : ((await db.getMany(unknown.map(recordKey))) as (StoredRecord | undefined)[]);
    const readByArn = new Map(unknown.map((arn, i) => [arn, read[i]]));
    return arns.map((arn) => runningHeads.get(arn) ?? readByArn.get(arn));
  };

  return { put, get, list, close, commit, exists, documents: documentsOver(db, ensureOpen) };
}

/**
 * Opens the store, waiting (bounded) while another process holds it; the returned store's close()
 * also removes this process's holder note.
 * @throws ResourceBusyError naming the holder when the wait runs out
 */
export async function openExecutionStoreWhenFree(directory: string, options: StoreWaitOptions = {}): Promise<ExecutionStore> {
  const location = join(resolve(directory), 'executions');
  const holderFile = `${location}.holder.json`;
  const store = await waitForLock(`the local execution store (${location})`, holderFile, () => openExecutionStore(directory), (error) => error instanceof ExecutionStoreLockedError, options);
  return {
    ...store,
    close: async () => {
      clearHolder(holderFile);
      await store.close();
    },
  };
}

/**
 * Appends the writes of one record over what was stored: its index entries (which hold only the
 * status, so a running head written again leaves them as they are) and the record.
 */
function recordWrites(operations: Operation[], record: StoredRecord, before: StoredRecord | undefined): void {
  const keys = indexKeys(record);
  if (before === undefined) {
    for (const key of keys) operations.push({ type: 'put', key, value: record.status });
  } else {
    const previousKeys = indexKeys(before);
    for (const key of previousKeys) if (!keys.includes(key)) operations.push({ type: 'del', key });
    const sameStatus = before.status === record.status;
    for (const key of keys) if (!sameStatus || !previousKeys.includes(key)) operations.push({ type: 'put', key, value: record.status });
  }
  operations.push({ type: 'put', key: recordKey(record.executionArn), value: record });
}

/** ARNs in one index range, newest first; the status sits in the index value, so no record reads. */
async function scan(db: Db, range: KeyRange, status: ExecutionStatus | undefined, limit: number): Promise<string[]> {
  const arns: string[] = [];
  if (limit <= 0) return arns;
  for await (const [key, value] of db.iterator({ ...range, reverse: true })) {
    if (status !== undefined && value !== status) continue;
    arns.push(arnOfIndexKey(key));
    if (arns.length >= limit) break;
  }
  return arns;
}

function validate(record: ExecutionRecord): void {
  for (const field of ['executionArn', 'name', 'stateMachineName', 'startDate', 'status'] as const) {
    if (typeof record[field] !== 'string' || record[field] === '') {
      throw new ExecutionStoreError(`Cannot store an execution without '${field}' (got ${JSON.stringify(record[field])})`);
    }
  }
  if (Number.isNaN(Date.parse(record.startDate))) {
    throw new ExecutionStoreError(`Execution ${record.executionArn}: startDate '${record.startDate}' is not an ISO 8601 date`);
  }
  for (const field of ['name', 'stateMachineName', 'executionArn'] as const) {
    if (record[field].includes('\x00')) throw new ExecutionStoreError(`Execution ${field} must not contain NUL characters`);
  }
  // sortableTime throws on dates outside what toISOString can express.
  sortableTime(record.startDate);
}
