/**
 * Who changed the configuration, why and when, written into the one free-text field both stores
 * keep: the local version's `message` and AppConfig's version `Description` (which has no author
 * or time of its own). The format reads well in the AppConfig console and parses back:
 * `freeze for incident 42 (by alice at 2026-11-28T03:00:00.000Z)`.
 */
import { userInfo } from 'node:os';

/** A change's audit fields. */
export interface ChangeRecord {
  readonly reason?: string;
  readonly author?: string;
  /** ISO 8601. */
  readonly at?: string;
}

/** AppConfig caps a description at 1024 characters. */
const MAX_DESCRIPTION = 1024;
const TRAILER = / \(by ([^()]*) at (\d{4}-\d{2}-\d{2}T[\d:.]+Z)\)$/;

/**
 * The OS user running the CLI: the person at the keyboard at 3 AM, or the CI job. Falls back to
 * $USER/$USERNAME where the OS has no user entry (some containers).
 */
export function currentAuthor(env: Readonly<Record<string, string | undefined>> = process.env): string {
  try {
    return userInfo().username;
  } catch {
    return env.USER ?? env.USERNAME ?? 'unknown';
  }
}

/** The description text of a change; the reason is shortened so the author and time always fit. */
export function formatChange(change: { reason?: string; author: string; at: string }): string {
  const trailer = ` (by ${change.author.replace(/[()]/g, '')} at ${change.at})`;
  const reason = (change.reason ?? 'no reason given').replace(/\s+/g, ' ').trim() || 'no reason given';
  const room = MAX_DESCRIPTION - trailer.length;
  return (reason.length > room ? `${reason.slice(0, room - 1)}…` : reason) + trailer;
}

/** Reads a description back; text written by other tools comes back as the reason alone. */
export function parseChange(description: string | undefined): ChangeRecord {
  if (!description) return {};
  const match = TRAILER.exec(description);
  if (!match) return { reason: description };
  return { reason: description.slice(0, match.index), author: match[1]!, at: match[2]! };
}
