import { RE2JS } from 're2js';

/**
 * The regular expression engine jsonata runs user patterns with (`$match`, `$contains`,
 * `$replace`, `$split`, `/.../` literals): RE2 semantics, linear in the length of the input, so a
 * catastrophic pattern such as `/(a+)+$/` cannot hang the engine on a crafted string. A steps
 * budget cannot help there: one native `RegExp.exec` never returns to JavaScript.
 *
 * It offers what jsonata uses of a RegExp (`exec` and `lastIndex`, with the `g` flag jsonata
 * always sets). Patterns that need backtracking (backreferences, lookaround) are refused when
 * first evaluated, with the reason.
 * @see https://github.com/google/re2/wiki/Syntax
 */
export class LinearTimeRegExp {
  public lastIndex = 0;
  readonly #pattern: RE2JS;

  public constructor(pattern: RegExp) {
    this.#pattern = compileLinear(pattern);
  }

  /** `RegExp.prototype.exec` for a global pattern: searches from `lastIndex` and moves it on. */
  public exec(text: string): RegExpExecArray | null {
    const matcher = this.#pattern.matcher(text);
    if (this.lastIndex > text.length || !matcher.find(this.lastIndex)) {
      this.lastIndex = 0;
      return null;
    }
    const groups: Array<string | undefined> = [];
    // A group that took no part in the match is undefined in JavaScript, null in RE2.
    for (let group = 0; group <= matcher.groupCount(); group++) groups.push(matcher.group(group) ?? undefined);
    this.lastIndex = matcher.end();
    return Object.assign(groups, { index: matcher.start(), input: text }) as unknown as RegExpExecArray;
  }
}

/** Compiled patterns by flags and source: jsonata builds a new engine each time a regex literal is evaluated. */
const compiled = new Map<string, RE2JS>();

function compileLinear(pattern: RegExp): RE2JS {
  const key = `${pattern.flags}/${pattern.source}`;
  let re2 = compiled.get(key);
  if (re2 === undefined) {
    let flags = 0;
    if (pattern.ignoreCase) flags |= RE2JS.CASE_INSENSITIVE;
    if (pattern.multiline) flags |= RE2JS.MULTILINE;
    try {
      re2 = RE2JS.compile(RE2JS.translateRegExp(pattern.source), flags);
    } catch (error) {
      throw new Error(
        `the regular expression /${pattern.source}/ cannot be matched in linear time (${(error as Error).message}); ` +
          'Aethon runs regular expressions with RE2 semantics, without backreferences or lookaround, so that no input can make one hang',
      );
    }
    if (compiled.size >= 1_000) compiled.clear();
    compiled.set(key, re2);
  }
  return re2;
}
