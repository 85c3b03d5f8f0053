/**
 * The `StringMatches` test: `*` matches any run of characters (even none); `\*` is a literal
 * star and `\\` a literal backslash. Nothing else is special.
 *
 * Matching runs in O(value × pattern) without regular expressions, so a pattern with many stars
 * cannot make the engine backtrack for ever.
 * @example stringMatches('log-2024.txt', 'log-*.txt') // true
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html
 */
export function stringMatches(value: string, pattern: string): boolean {
  const tokens = tokenize(pattern);
  const chars = Array.from(value);
  let v = 0;
  let t = 0;
  // Where the last star was seen, and how much of the value it has swallowed so far.
  let starToken = -1;
  let starValue = 0;
  while (v < chars.length) {
    const token = tokens[t];
    if (token !== undefined && token !== STAR && token === chars[v]) {
      v += 1;
      t += 1;
    } else if (token === STAR) {
      starToken = t;
      starValue = v;
      t += 1;
    } else if (starToken >= 0) {
      starValue += 1;
      v = starValue;
      t = starToken + 1;
    } else {
      return false;
    }
  }
  while (tokens[t] === STAR) t += 1;
  return t === tokens.length;
}

/** Marks a wildcard; every other token is one literal character. */
const STAR = Symbol('star');

function tokenize(pattern: string): (string | typeof STAR)[] {
  const chars = Array.from(pattern);
  const tokens: (string | typeof STAR)[] = [];
  for (let i = 0; i < chars.length; i += 1) {
    const ch = chars[i] ?? '';
    if (ch === '\\' && i + 1 < chars.length) {
      i += 1;
      tokens.push(chars[i] ?? '');
    } else {
      tokens.push(ch === '*' ? STAR : ch);
    }
  }
  return tokens;
}
