/**
 * What people need from an error's cause: a Lambda error's cause is JSON with a stack trace, so
 * its message; Aethon.CompensationFailed's cause is JSON too, so the original error and each
 * compensation that failed, one line. Anything else is shown as it is (`--json` has it all).
 */
export function causeText(cause: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(cause);
  } catch {
    return cause;
  }
  if (parsed === null || typeof parsed !== 'object') return cause;
  const record = parsed as { errorMessage?: unknown; error?: unknown; cause?: unknown; failedCompensations?: unknown };
  if (typeof record.errorMessage === 'string') return record.errorMessage;
  if (Array.isArray(record.failedCompensations) && typeof record.error === 'string') {
    const original = `${record.error}: ${typeof record.cause === 'string' ? causeText(record.cause) : ''}`;
    const failed = record.failedCompensations.map((f: { step?: unknown; error?: unknown; cause?: unknown }) =>
      `${String(f.step)} (${String(f.error)}${typeof f.cause === 'string' ? `: ${causeText(f.cause)}` : ''})`,
    );
    return `${original}; then compensation failed for ${failed.join(', ')}`;
  }
  return cause;
}
