/** What a mocked invocation does. */
export type MockOutcome =
  | { readonly kind: 'return'; readonly value: unknown }
  | { readonly kind: 'throw'; readonly error: string; readonly cause: string };

/** The responses for invocations `from`..`to` (inclusive, zero-based). */
export interface MockedResponseRange {
  readonly from: number;
  readonly to: number;
  /** The key as written, for messages: `"1-2"`. */
  readonly key: string;
  readonly outcome: MockOutcome;
}

/** A problem found while reading, by JSON path segments (outermost first). */
export interface RawIssue {
  readonly segments: readonly string[];
  readonly message: string;
}

/** Mocked responses, with the problems that make each unusable and the ones merely suspicious. */
export interface ParsedResponses {
  readonly ranges: Map<string, MockedResponseRange[]>;
  /** Response name -> problems that would change a result if a test case used it. */
  readonly broken: Map<string, RawIssue[]>;
  readonly warnings: RawIssue[];
}

type Json = Record<string, unknown>;
export const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const RANGE = /^(\d+)(?:-(\d+))?$/;

/**
 * Reads `MockedResponses`. Step Functions Local only looks at a response when a test case reaches
 * it, so a bad response is not an error here: it is recorded as broken (a test case that uses it is
 * refused) and fields it never reads are warnings.
 */
export function parseMockedResponses(value: Json): ParsedResponses {
  const parsed: ParsedResponses = { ranges: new Map(), broken: new Map(), warnings: [] };
  for (const [name, byInvocation] of Object.entries(value)) {
    const problems: RawIssue[] = [];
    const base = ['MockedResponses', name];
    const broken = (segments: readonly string[], message: string): void => void problems.push({ segments, message });
    const ranges: MockedResponseRange[] = [];
    if (!isObject(byInvocation) || Object.keys(byInvocation).length === 0) {
      broken(base, 'must be an object with at least one invocation key such as "0" or "1-2"');
    } else {
      for (const [rangeKey, response] of Object.entries(byInvocation)) {
        const path = [...base, rangeKey];
        const range = parseRange(rangeKey);
        if (typeof range === 'string') broken(path, range);
        const outcome = parseOutcome(response, path, broken, parsed.warnings);
        if (typeof range !== 'string' && outcome !== undefined) ranges.push({ ...range, key: rangeKey, outcome });
      }
    }
    ranges.sort((a, b) => a.from - b.from);
    checkSequence(ranges, base, broken, parsed.warnings);
    parsed.ranges.set(name, ranges);
    if (problems.length > 0) parsed.broken.set(name, problems);
  }
  return parsed;
}

/** Overlaps make the answer ambiguous (refused); gaps fail the execution at that invocation (warned). */
function checkSequence(
  ranges: readonly MockedResponseRange[],
  base: readonly string[],
  broken: (segments: readonly string[], message: string) => void,
  warnings: RawIssue[],
): void {
  let expected = 0;
  for (let i = 0; i < ranges.length; i += 1) {
    const current = ranges[i] as MockedResponseRange;
    const previous = ranges[i - 1];
    if (previous !== undefined && current.from <= previous.to) {
      broken([...base, current.key], `overlaps "${previous.key}": each invocation may have only one response`);
    } else if (current.from > expected) {
      const missing = current.from - 1 === expected ? `"${expected}"` : `"${expected}-${current.from - 1}"`;
      warnings.push({ segments: [...base, current.key], message: `no response for invocation ${missing}: a state reaching it fails` });
    }
    expected = Math.max(expected, current.to + 1);
  }
}

/** `"3"` or `"1-2"` (inclusive); anything else is explained. */
function parseRange(rangeKey: string): { from: number; to: number } | string {
  const match = RANGE.exec(rangeKey);
  if (match === null) return 'invalid invocation key; use a zero-based number ("0") or an inclusive range ("1-2")';
  const from = Number(match[1]);
  const to = match[2] === undefined ? from : Number(match[2]);
  if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to)) return 'invocation number is too large';
  if (to < from) return `invalid range: ${to} is less than ${from}`;
  return { from, to };
}

/** The field a user most likely meant by a key in the wrong case (`error` -> `Error`). */
function meant(name: string, expected: readonly string[]): string {
  const match = expected.find((candidate) => candidate.toLowerCase() === name.toLowerCase());
  return match === undefined ? '' : `; did you mean '${match}'?`;
}

function parseOutcome(
  response: unknown,
  path: readonly string[],
  broken: (segments: readonly string[], message: string) => void,
  warnings: RawIssue[],
): MockOutcome | undefined {
  if (!isObject(response)) return void broken(path, 'must be an object with "Return" or "Throw"');
  const hasReturn = 'Return' in response;
  const hasThrow = 'Throw' in response;
  for (const extra of Object.keys(response)) {
    if (extra === 'Return' || extra === 'Throw' || extra === 'Comment') continue;
    const hint = meant(extra, ['Return', 'Throw']);
    // A misspelt Return/Throw matters only when it leaves the response without either (below).
    warnings.push({ segments: [...path, extra], message: `unknown field, ignored${hint}` });
  }
  if (hasReturn && hasThrow) return void broken(path, 'has both "Return" and "Throw"; a response is one or the other');
  if (hasReturn) return { kind: 'return', value: response['Return'] };
  if (!hasThrow) return void broken(path, 'needs "Return" (the result) or "Throw" (the error)');
  const thrown = response['Throw'];
  const throwPath = [...path, 'Throw'];
  if (!isObject(thrown)) return void broken(throwPath, 'must be an object with "Error" and "Cause" strings');
  for (const extra of Object.keys(thrown)) {
    // A miscased `error` standing in for a missing Error is reported once, below, as what it breaks.
    const explainedBelow = extra.toLowerCase() === 'error' && !('Error' in thrown);
    if (extra !== 'Error' && extra !== 'Cause' && extra !== 'Comment' && !explainedBelow) {
      warnings.push({ segments: [...throwPath, extra], message: `unknown field, ignored${meant(extra, ['Error', 'Cause'])}` });
    }
  }
  const error = thrown['Error'];
  const cause = thrown['Cause'];
  let valid = true;
  if (typeof error !== 'string' || error === '') {
    // Without a name no Retry or Catch can match the failure: the result would differ from the intent.
    const hint = error === undefined ? Object.keys(thrown).map((k) => meant(k, ['Error'])).join('') : '';
    broken([...throwPath, 'Error'], `${error === undefined ? 'is missing' : 'must be a non-empty string'} (the ASL error name)${hint}`);
    valid = false;
  }
  if (cause !== undefined && typeof cause !== 'string') {
    broken([...throwPath, 'Cause'], 'must be a string');
    valid = false;
  }
  return valid ? { kind: 'throw', error: error as string, cause: (cause as string | undefined) ?? '' } : undefined;
}
