/** What the config operations return, the same locally and on AWS. */
import type { ChangeRecord } from './changeRecord.ts';

/** One version of a workflow's configuration, with its audit fields. */
export interface ConfigVersionInfo extends ChangeRecord {
  readonly version: number;
  /** Set when this version restored an older one (local store). */
  readonly rolledBackFrom?: number;
  /** The document, when it was read. */
  readonly document?: unknown;
}

/** The outcome of `set` or `rollback`. */
export interface ConfigChangeOutcome {
  readonly workflow: string;
  /** The version written (and, on AWS, deployed). */
  readonly version: number;
  readonly document: unknown;
  /** The document it replaced; undefined when there was none. */
  readonly previous?: unknown;
  /** Keys whose values differ from the previous document (dotted paths). */
  readonly changed: readonly string[];
  /** On AWS: the deployment and how it ended; absent locally. */
  readonly deployment?: { readonly number: number; readonly state: string; readonly strategyId: string };
  /** An honest statement of when running handlers see the change. */
  readonly propagation: string;
}
