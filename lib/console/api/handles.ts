/** What the console's /aethon/ routes need from the server that mounts them (`aethon dev`). */
import type { CompiledWorkflow } from '../../compile/index.ts';

/** One handler log line as Powertools writes it (JSON), with at least a level and a message. */
export type HandlerLogLine = Readonly<Record<string, unknown>>;

export interface ConsoleHandles {
  /** The project's workflows as the server currently runs them (hot reload may replace them). */
  readonly workflows: () => readonly CompiledWorkflow[];
  /** The project's .aethon folder: the local config store lives there. */
  readonly localDir: string;
  /**
   * The handler log lines of an execution, optionally of one state, oldest first; absent when the
   * server keeps no logs, and the page then says so.
   */
  readonly handlerLogs?: (query: { readonly workflow: string; readonly execution: string; readonly state?: string }) => Promise<readonly HandlerLogLine[]>;
  /**
   * The local idempotency table (dynalite) the server's engine uses, started if no step used it
   * yet; absent when the server has none, and the page then says so.
   */
  readonly idempotencyTable?: () => Promise<LocalRecordTable | undefined>;
  /** Who config changes made from the page are recorded as. @default 'console' */
  readonly author?: string;
  /** Milliseconds since the epoch. @default the system clock */
  readonly clock?: { now(): number };
}

/** Where the local idempotency records are: a DynamoDB endpoint and table name. */
export interface LocalRecordTable {
  readonly endpoint: string;
  readonly tableName: string;
}
