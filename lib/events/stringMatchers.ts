/**
 * The `wildcard` and `cidr` matchers of event patterns, without regular expressions: a wildcard
 * pattern compiled to a backtracking RegExp (`*a*a*a*b`) takes exponential time on a crafted
 * value, and pattern and value both come from outside; the glob is the one ASL's StringMatches
 * uses too (lib/contracts/globPattern.ts), linear in value length x pattern length.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html
 */
import { BlockList, isIP } from 'node:net';
import { globMatches, globTokens } from '../contracts/globPattern.ts';

/** A wildcard EventBridge would refuse: consecutive stars. */
export function wildcardProblem(pattern: string): string | undefined {
  return /(?<!\\)\*\*/.test(pattern) ? "'wildcard' does not allow consecutive '*'" : undefined;
}

/** `*` matches any run of characters; `\*` is a literal star and `\\` a literal backslash. */
export function wildcardMatcher(pattern: string): (value: string) => boolean {
  const tokens = globTokens(pattern, (next) => next === '*' || next === '\\');
  return (value) => globMatches(tokens, value);
}

/** Whether an IP address falls in a CIDR block (or equals a single address). */
export function cidrMatcher(block: string): (value: string) => boolean {
  const [address, bits] = block.split('/') as [string, string | undefined];
  const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
  const list = new BlockList();
  if (bits === undefined) list.addAddress(address, family);
  else list.addSubnet(address, Number(bits), family);
  return (value) => {
    const version = isIP(value);
    return version !== 0 && list.check(value, version === 6 ? 'ipv6' : 'ipv4');
  };
}
