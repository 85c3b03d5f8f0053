/**
 * Every arrow between Aethon's parts is one that architectureRules.ts allows (DESIGN.md, "Layout"):
 * a new import across parts either fits the table or fails here with the file, the import and
 * the rule it breaks. Also: CDK packages stay in lib/infra, and the two Lambda entry points
 * (the runtime that handlers import, the starter) never reach yaml, classic zod, CDK or the engine;
 * and the shared error names are spelled only in lib/contracts.
 */
import { describe, expect, it } from 'vitest';
import { AethonErrors, StatesErrors } from '../../lib/contracts/index.ts';
import { bundleReach, codeOf, importsOf, sourceFiles, type ImportEdge } from './architectureImports.ts';
import { ALLOWED_ARROWS, ARROW_EXCEPTIONS, PACKAGE_OWNERS } from './architectureRules.ts';

const EDGES: readonly ImportEdge[] = sourceFiles('lib', 'bin').flatMap(importsOf);

/** `lib/ops/x.ts` -> `ops`, `bin/app.ts` -> `bin/app`; anything else by its first folder. */
function partOf(file: string): string {
  const [top, second] = file.split('/');
  if (top === 'lib') return second!;
  if (top === 'bin') return `bin/${second!.replace(/\.ts$/, '')}`;
  return top!;
}

/** The target's path inside lib/ (`runtime/config/index.ts`), for folder-level entries. */
function libPath(file: string): string {
  return file.replace(/^lib\//, '');
}

const covers = (entry: string, target: string): boolean => {
  const inside = libPath(target);
  return entry === partOf(target) || inside === entry || inside.startsWith(`${entry}/`);
};

function exceptionFor(edge: ImportEdge): string | undefined {
  return ARROW_EXCEPTIONS.find((e) => e.from === partOf(edge.file) && covers(e.to, edge.target!))?.name;
}

/** Why an import across parts is refused, or undefined when the table allows it. */
function brokenRule(edge: ImportEdge): string | undefined {
  const from = partOf(edge.file);
  const to = partOf(edge.target!);
  if (from === to) return undefined;
  const allowed = ALLOWED_ARROWS[from];
  if (allowed === undefined) return `'${from}' is not a known part: add it to ALLOWED_ARROWS`;
  if (allowed.some((entry) => covers(entry, edge.target!)) || exceptionFor(edge) !== undefined) return undefined;
  return `${from} -> ${to} is not allowed (${from} may import: ${allowed.join(', ') || 'nothing'})`;
}

const LAMBDA_FORBIDDEN_PACKAGE = /^(yaml|aws-cdk-lib|constructs|cdk-nag)(\/|$)|^zod(\/v4(\/classic)?)?$/;

describe('Architecture', () => {
  it('reads the import graph (static, dynamic and type-only imports)', () => {
    expect(EDGES.length).toBeGreaterThan(500);
    expect(EDGES.some((e) => e.dynamic)).toBe(true);
    expect(EDGES.some((e) => e.typeOnly)).toBe(true);
  });

  it('allows only the arrows between parts that the table lists', () => {
    const broken = EDGES.filter((e) => e.target !== undefined)
      .map((e) => ({ e, rule: brokenRule(e) }))
      .filter(({ rule }) => rule !== undefined)
      .map(({ e, rule }) => `${e.file}: import '${e.specifier}': ${rule}`);
    expect(broken).toEqual([]);
  });

  it('keeps every named exception in use (a fixed break leaves the table)', () => {
    const used = new Set(EDGES.filter((e) => e.target !== undefined).map((e) => {
      const hit = ARROW_EXCEPTIONS.find((x) => x.from === partOf(e.file) && covers(x.to, e.target!));
      return hit && `${hit.from} -> ${hit.to}`;
    }));
    expect(ARROW_EXCEPTIONS.map((x) => `${x.from} -> ${x.to}`).filter((key) => !used.has(key))).toEqual([]);
  });

  it('imports CDK packages from lib/infra only', () => {
    const broken = EDGES.filter((e) => e.target === undefined)
      .map((e) => ({ e, owner: PACKAGE_OWNERS[e.specifier.split('/')[0]!] }))
      .filter(({ e, owner }) => owner !== undefined && partOf(e.file) !== owner)
      .map(({ e, owner }) => `${e.file}: import '${e.specifier}': only ${owner} may import it`);
    expect(broken).toEqual([]);
  });

  it('spells the shared error names (AethonErrors, StatesErrors) only in lib/contracts', () => {
    // One vocabulary: elsewhere these names come from the constants, so a typo cannot compile.
    const names = [...Object.values(AethonErrors), ...Object.values(StatesErrors)];
    const spelled = sourceFiles('lib', 'bin')
      .filter((file) => !file.startsWith('lib/contracts/'))
      .flatMap((file) => {
        const code = codeOf(file);
        return names.filter((name) => ["'", '"', '`'].some((q) => code.includes(`${q}${name}${q}`))).map((name) => `${file}: '${name}'`);
      });
    expect(spelled).toEqual([]);
  });

  it('names every error class from lib/contracts (AethonErrors, StatesErrors or ToolErrors), never with a literal', () => {
    // `error.name` is what the CLI's --json, the API's __type and Retry/Catch read; one list of them.
    const literal = /class \w+ extends \w*Error\b[^{]*\{[^}]*?readonly name(?::\s*\w+)?\s*=\s*['"`]/;
    const named = sourceFiles('lib', 'bin')
      .filter((file) => !file.startsWith('lib/contracts/'))
      .filter((file) => literal.test(codeOf(file)));
    expect(named).toEqual([]);
  });

  it.each([
    // What step handlers import (`aethon/runtime`): its bundle must stay small and CDK-free.
    { entry: 'lib/runtime/index.ts', mayReach: /^lib\/(runtime|contracts)\// },
    // The starter Lambda that EventBridge triggers invoke.
    { entry: 'lib/infra/starter/handler.ts', mayReach: /^lib\/(infra\/starter|contracts)\// },
  ])('keeps $entry free of yaml, classic zod, CDK and the engine, transitively', ({ entry, mayReach }) => {
    const { files, packages } = bundleReach(entry);

    expect([...files].filter((file) => !mayReach.test(file))).toEqual([]);
    expect([...packages].filter(([name]) => LAMBDA_FORBIDDEN_PACKAGE.test(name)).map(([name, by]) => `${by}: ${name}`)).toEqual([]);
    expect(files.size).toBeGreaterThan(1); // the walk did follow the graph
  });
});
