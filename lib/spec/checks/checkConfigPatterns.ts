/**
 * The regular expressions of a config schema must compile with RE2, the linear-time engine the
 * config validator runs them on (lib/runtime/config/validateConfig.ts): a pattern with lookaround
 * or a backreference is refused here, at its own line, rather than when a handler reads config.
 */
import { compileSchemaPattern } from '../../runtime/config/validateConfig.ts';
import type { Diagnostic, SpecPath } from '../diagnostics.ts';

// Values under these keywords are data, not subschemas: a `pattern` key inside them is not a regex.
const DATA_KEYWORDS = new Set(['enum', 'const', 'default', 'examples']);

export function checkConfigPatterns(schema: unknown): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const pending: { node: unknown; path: SpecPath }[] = [{ node: schema, path: ['config', 'schema'] }];
  while (pending.length > 0) {
    const { node, path } = pending.pop()!;
    if (Array.isArray(node)) {
      node.forEach((item, i) => pending.push({ node: item, path: [...path, i] }));
      continue;
    }
    if (node === null || typeof node !== 'object') continue;
    for (const [key, value] of Object.entries(node)) {
      if (DATA_KEYWORDS.has(key)) continue;
      if (key === 'pattern' && typeof value === 'string') {
        const problem = re2Problem(value);
        if (problem) diagnostics.push(refused(value, problem, [...path, key]));
      } else if (key === 'patternProperties' && value !== null && typeof value === 'object' && !Array.isArray(value)) {
        for (const pattern of Object.keys(value)) {
          const problem = re2Problem(pattern);
          if (problem) diagnostics.push(refused(pattern, problem, [...path, key, pattern]));
        }
      }
      pending.push({ node: value, path: [...path, key] });
    }
  }
  return diagnostics;
}

function re2Problem(pattern: string): string | undefined {
  try {
    compileSchemaPattern(pattern);
    return undefined;
  } catch (error) {
    return (error as Error).message.replace(/^error parsing regexp: /, '');
  }
}

function refused(pattern: string, problem: string, path: SpecPath): Diagnostic {
  return {
    code: 'unsupported-pattern',
    severity: 'error',
    message: `the regular expression ${JSON.stringify(pattern)} cannot run on RE2, the linear-time engine config patterns use: ${problem}`,
    path,
    hint: 'rewrite it without lookaround ((?=, (?!, (?<=), backreferences (\\1) or repeats over 1000; RE2 syntax: https://github.com/google/re2/wiki/Syntax',
  };
}
