/**
 * `*` globs as both ASL's StringMatches and EventBridge's `wildcard` read them, matched without
 * regular expressions: a pattern and a value both come from outside, and a backtracking RegExp
 * takes exponential time on `*a*a*a*b`. Remembering only the last star bounds a match to
 * (value length x pattern length) steps. Works on code points, so a star never splits a character.
 */

/** Marks a star; every other token is one literal character. */
export const GLOB_STAR = Symbol('star');
export type GlobToken = string | typeof GLOB_STAR;

/**
 * The tokens of a pattern. `escapes(next)` says whether a backslash before `next` makes it
 * literal (ASL: any character; EventBridge: only `*` and `\`); otherwise the backslash is literal.
 */
export function globTokens(pattern: string, escapes: (next: string) => boolean): GlobToken[] {
  const chars = Array.from(pattern);
  const tokens: GlobToken[] = [];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    if (ch === '\\' && i + 1 < chars.length && escapes(chars[i + 1]!)) tokens.push(chars[++i]!);
    else tokens.push(ch === '*' ? GLOB_STAR : ch);
  }
  return tokens;
}

export function globMatches(tokens: readonly GlobToken[], value: string): boolean {
  const chars = Array.from(value);
  let t = 0;
  let v = 0;
  // Where the last star was, and how far into the value it has been made to reach.
  let star = -1;
  let reach = 0;
  while (v < chars.length) {
    const token = tokens[t];
    if (token !== undefined && token !== GLOB_STAR && token === chars[v]) {
      t++;
      v++;
    } else if (token === GLOB_STAR) {
      star = t++;
      reach = v;
    } else if (star >= 0) {
      // Let the last star swallow one more character and retry what follows it.
      t = star + 1;
      v = ++reach;
    } else {
      return false;
    }
  }
  while (tokens[t] === GLOB_STAR) t++;
  return t === tokens.length;
}
