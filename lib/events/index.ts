export { matchesPattern } from './matchPattern.ts';
export { parseEventEntry, toDeliveredEvent, type DeliveredEvent, type EventEntry } from './putEventsEntry.ts';
export { EventPatternError, MalformedEventError } from './errors.ts';
