/**
 * The `wildcard` and `cidr` matchers of event patterns, without regular expressions: a wildcard
 * pattern compiled to a backtracking RegExp (`*a*a*a*b`) takes exponential time on a crafted
 * value, and pattern and value both come from outside. The glob matcher here remembers only the
 * last star, so it takes at most (value length x pattern length) steps.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html
 */
import { BlockList, isIP } from 'node:net';

type Token = { readonly star: true } | { readonly star: false; readonly char: string };

/** A wildcard EventBridge would refuse: consecutive stars. */
export function wildcardProblem(pattern: string): string | undefined {
  return /(?<!\\)\*\*/.test(pattern) ? "'wildcard' does not allow consecutive '*'" : undefined;
}

/** `*` matches any run of characters; `\*` is a literal star and `\\` a literal backslash. */
export function wildcardMatcher(pattern: string): (value: string) => boolean {
  const tokens: Token[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\' && (pattern[i + 1] === '*' || pattern[i + 1] === '\\')) tokens.push({ star: false, char: pattern[++i]! });
    else tokens.push(c === '*' ? { star: true } : { star: false, char: c });
  }
  return (value) => globMatches(tokens, value);
}

function globMatches(tokens: readonly Token[], value: string): boolean {
  let t = 0;
  let v = 0;
  // Where the last star was, and how far into the value it has been made to reach.
  let star = -1;
  let reach = 0;
  while (v < value.length) {
    const token = tokens[t];
    if (token && !token.star && token.char === value[v]) {
      t++;
      v++;
    } else if (token?.star) {
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
  while (tokens[t]?.star) t++;
  return t === tokens.length;
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
