/**
 * Key layout of the execution store. NUL separates parts (names and ARNs never contain it) and
 * every index key ends with the start time then the ARN, so a reverse range scan over one prefix
 * lists newest first without reading anything else.
 *
 *   r|<executionArn>                                  -> ExecutionRecord
 *   m|<stateMachineName>|<startDate>|<executionArn>   -> status   (list by state machine)
 *   a|<startDate>|<executionArn>                      -> status   (list everything)
 *   n|<name>|<startDate>|<executionArn>               -> status   (get by execution name)
 */
import type { ExecutionRecord } from '../types.ts';

const SEP = '\x00';
/** Sorts after SEP, so `prefix + END` closes a prefix range. */
const END = '\x01';

/** A key range for a reverse scan over one prefix. */
export interface KeyRange {
  readonly gt: string;
  readonly lt: string;
}

/** The key of the record itself. */
export const recordKey = (executionArn: string): string => `r${SEP}${executionArn}`;

/**
 * Already ISO 8601 in UTC with milliseconds, as the engine writes every date, on a day every month
 * has (a 29th-31st goes through Date, which rolls a day a month lacks over into the next month).
 */
const CANONICAL_TIME = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|1\d|2[0-8])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/;

/** ISO 8601 in UTC with milliseconds: fixed width, so string order is time order. */
export function sortableTime(date: string): string {
  return CANONICAL_TIME.test(date) ? date : new Date(date).toISOString();
}

/** Every index key of a record; they change only when its start time or names change. */
export function indexKeys(record: ExecutionRecord): string[] {
  const time = sortableTime(record.startDate);
  const arn = record.executionArn;
  return [
    ['m', record.stateMachineName, time, arn].join(SEP),
    ['a', time, arn].join(SEP),
    ['n', record.name, time, arn].join(SEP),
  ];
}

/** The ARN at the end of an index key. */
export function arnOfIndexKey(key: string): string {
  return key.slice(key.lastIndexOf(SEP) + 1);
}

/** Index entries of one state machine's executions. */
export const byStateMachine = (stateMachineName: string): KeyRange => prefixRange(`m${SEP}${stateMachineName}`);
/** Index entries of every execution. */
export const allExecutions = (): KeyRange => prefixRange('a');
/** Index entries of the executions with one name (names are unique per state machine only). */
export const byName = (name: string): KeyRange => prefixRange(`n${SEP}${name}`);

function prefixRange(prefix: string): KeyRange {
  return { gt: `${prefix}${SEP}`, lt: `${prefix}${END}` };
}
