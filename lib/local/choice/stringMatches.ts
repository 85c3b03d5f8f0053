/**
 * The `StringMatches` test: `*` matches any run of characters (even none); `\*` is a literal
 * star and `\\` a literal backslash; a backslash makes any character after it literal.
 * Matching is the shared glob of lib/contracts/globPattern.ts: linear in value × pattern.
 * @example stringMatches('log-2024.txt', 'log-*.txt') // true
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html
 */
import { globMatches, globTokens } from '../../contracts/globPattern.ts';

const anyCharacter = () => true;

export function stringMatches(value: string, pattern: string): boolean {
  return globMatches(globTokens(pattern, anyCharacter), value);
}
