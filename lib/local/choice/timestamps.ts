/**
 * Timestamps as Choice rules compare them: RFC 3339 with an uppercase `T` between date and time
 * and an uppercase `Z` (or a numeric offset) for the zone, as the AWS Choice documentation requires.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html
 */
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;

const NANOS_PER_MS = 1_000_000n;

/**
 * Parses a timestamp to nanoseconds since the epoch (exact, so fractions beyond milliseconds
 * still order correctly), or `undefined` when the string is not a valid RFC 3339 timestamp.
 * @example parseTimestamp('2016-08-18T17:33:00Z') // 1471541580000000000n
 */
export function parseTimestamp(text: string): bigint | undefined {
  const match = TIMESTAMP.exec(text);
  if (match === null) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const zone = match[8] ?? 'Z';
  let offsetMinutes = 0;
  if (zone !== 'Z') {
    const offsetHours = Number(zone.slice(1, 3));
    const offsetMins = Number(zone.slice(4, 6));
    if (offsetHours > 23 || offsetMins > 59) return undefined;
    offsetMinutes = (zone.startsWith('-') ? -1 : 1) * (offsetHours * 60 + offsetMins);
  }
  const utcMs = Date.UTC(year, month - 1, day, hour, minute, second) - offsetMinutes * 60_000;
  const fraction = BigInt((match[7] ?? '').padEnd(9, '0'));
  return BigInt(utcMs) * NANOS_PER_MS + fraction;
}

function daysInMonth(year: number, month: number): number {
  // Day 0 of the next month is the last day of this one; Date.UTC handles leap years.
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
