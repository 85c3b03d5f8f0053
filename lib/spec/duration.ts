/**
 * Durations in workflow files are strings such as `30s`, `5m`, `1h`, `1d` or `1h30m`.
 * Step Functions counts whole seconds, so that is the unit everything compiles to.
 */
const DURATION = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

/** True when `text` is a duration this project accepts. */
export function isDuration(text: string): boolean {
  return text.length > 0 && DURATION.test(text);
}

/**
 * Parses a duration string into whole seconds.
 * @example parseDuration('1h30m') === 5400
 * @throws RangeError when the text is not a duration (validate with {@link isDuration} first)
 */
export function parseDuration(text: string): number {
  const match = text.length > 0 ? DURATION.exec(text) : null;
  if (!match) throw new RangeError(`'${text}' is not a duration; write it like 30s, 5m, 1h or 1h30m`);
  const [, days, hours, minutes, seconds] = match;
  return Number(days ?? 0) * 86_400 + Number(hours ?? 0) * 3_600 + Number(minutes ?? 0) * 60 + Number(seconds ?? 0);
}
