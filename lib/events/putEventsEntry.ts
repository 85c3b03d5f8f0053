/**
 * The event `aethon send-event` takes: a PutEvents entry (`Source`, `DetailType`, `Detail`,
 * optional `EventBusName`, `Resources`, `Time`), or the event as a rule receives it (`source`,
 * `detail-type`, `detail`), which is what people copy from logs. Both become one validated entry
 * for PutEvents and the event as EventBridge would deliver it, for local matching.
 * @see https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEventsRequestEntry.html
 */
import { randomUUID } from 'node:crypto';
import { MalformedEventError } from './errors.ts';

/** A validated PutEvents entry; `Detail` is JSON text, as the API takes it. */
export interface EventEntry {
  readonly Source: string;
  readonly DetailType: string;
  readonly Detail: string;
  readonly EventBusName: string;
  readonly Resources?: readonly string[];
  readonly Time?: Date;
}

/** The event as EventBridge delivers it to a rule's target. */
export interface DeliveredEvent {
  readonly version: '0';
  readonly id: string;
  readonly 'detail-type': string;
  readonly source: string;
  readonly account: string;
  readonly time: string;
  readonly region: string;
  readonly resources: readonly string[];
  readonly detail: Record<string, unknown>;
}

/** EventBridge caps an entry (all fields) at 256 KiB. */
const MAX_ENTRY_BYTES = 256 * 1024;

/**
 * Validates an entry, reporting every problem at once.
 * @throws MalformedEventError with one line per problem
 */
export function parseEventEntry(raw: unknown): EventEntry {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new MalformedEventError([`expected a JSON object with Source, DetailType and Detail, got ${Array.isArray(raw) ? 'an array' : JSON.stringify(raw)}`]);
  }
  const input = raw as Record<string, unknown>;
  // The delivered shape uses lower-case names; accept either, never a mix.
  const delivered = 'source' in input || 'detail-type' in input || 'detail' in input;
  const names = delivered
    ? { source: 'source', detailType: 'detail-type', detail: 'detail', bus: 'EventBusName', resources: 'resources', time: 'time' }
    : { source: 'Source', detailType: 'DetailType', detail: 'Detail', bus: 'EventBusName', resources: 'Resources', time: 'Time' };
  const problems: string[] = [];
  const text = (name: string, max: number): string | undefined => {
    const value = input[name];
    if (typeof value !== 'string' || value.trim() === '') problems.push(`${name} must be a non-empty string${value === undefined ? ' (it is missing)' : ''}`);
    else if (value.length > max) problems.push(`${name} is longer than ${max} characters`);
    else return value;
    return undefined;
  };
  const source = text(names.source, 256);
  const detailType = text(names.detailType, 128);
  const detail = parseDetail(input[names.detail], names.detail, problems);
  let bus = 'default';
  if (input[names.bus] !== undefined) bus = text(names.bus, 1600) ?? bus;
  const resources = input[names.resources];
  if (resources !== undefined && (!Array.isArray(resources) || !resources.every((r) => typeof r === 'string'))) problems.push(`${names.resources} must be an array of strings (ARNs)`);
  let time: Date | undefined;
  if (input[names.time] !== undefined) {
    time = new Date(input[names.time] as string);
    if (typeof input[names.time] !== 'string' || Number.isNaN(time.getTime())) problems.push(`${names.time} must be an ISO 8601 date, e.g. 2026-11-28T03:00:00Z`);
  }
  if (source?.startsWith('aws.')) problems.push(`${names.source} '${source}' is reserved for AWS services; PutEvents refuses it`);
  const known = new Set(Object.values(names));
  const unknown = Object.keys(input).filter((key) => !known.has(key));
  if (unknown.length > 0) problems.push(`unknown field${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} (a PutEvents entry has Source, DetailType, Detail, EventBusName, Resources, Time)`);
  if (problems.length > 0) throw new MalformedEventError(problems);
  const entry: EventEntry = {
    Source: source!,
    DetailType: detailType!,
    Detail: JSON.stringify(detail),
    EventBusName: bus,
    ...(Array.isArray(resources) ? { Resources: resources as string[] } : {}),
    ...(time ? { Time: time } : {}),
  };
  if (Buffer.byteLength(JSON.stringify(entry)) > MAX_ENTRY_BYTES) throw new MalformedEventError(['the entry is larger than 256 KiB, the PutEvents limit']);
  return entry;
}

function parseDetail(value: unknown, name: string, problems: string[]): Record<string, unknown> | undefined {
  let detail = value;
  if (typeof value === 'string') {
    try {
      detail = JSON.parse(value);
    } catch (error) {
      problems.push(`${name} is not JSON: ${(error as Error).message}`);
      return undefined;
    }
  }
  if (detail === null || typeof detail !== 'object' || Array.isArray(detail)) {
    problems.push(`${name} must be a JSON object${value === undefined ? ' (it is missing)' : ''}`);
    return undefined;
  }
  return detail as Record<string, unknown>;
}

/** The event a rule would receive for this entry: what local patterns are matched against. */
export function toDeliveredEvent(entry: EventEntry, options: { now: Date; account?: string; region?: string; id?: string }): DeliveredEvent {
  return {
    version: '0',
    id: options.id ?? randomUUID(),
    'detail-type': entry.DetailType,
    source: entry.Source,
    account: options.account ?? '123456789012',
    time: (entry.Time ?? options.now).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: options.region ?? 'us-east-1',
    resources: entry.Resources ?? [],
    detail: JSON.parse(entry.Detail) as Record<string, unknown>,
  };
}
