/**
 * What a Lambda bundle pulls in: the runtime never imports the compiler, spec, engine or CDK code,
 * and its static import graph from the handler entry point loads no AWS SDK client, ajv or JMESPath
 * (they load on first use, so a step that uses none of them never pays for them at cold start).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../helpers/paths.ts';

const RUNTIME = join(PROJECT_ROOT, 'lib/runtime');
const STATIC_IMPORT = /^\s*(?:import|export)\s[^;]*?from\s+'([^']+)'/gm;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Specifiers of value imports (type-only imports vanish from the bundle). */
function staticImports(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  return [...source.matchAll(STATIC_IMPORT)].filter((m) => !/^\s*(?:import|export)\s+type\s/.test(m[0])).map((m) => m[1]!);
}

describe('Runtime boundaries', () => {
  it('imports nothing from lib/spec, lib/compile, lib/local, lib/infra or lib/cli', () => {
    const offenders = files(RUNTIME).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/from\s+'([^']+)'|import\('([^']+)'\)/g)]
        .map((m) => m[1] ?? m[2]!)
        .filter((spec) => spec.startsWith('.') && /\/lib\/(spec|compile|local|infra|cli)\//.test(resolve(dirname(file), spec) + '/'))
        .map((spec) => `${file}: ${spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it('loads no AWS SDK, ajv or JMESPath code statically from the handler entry point', () => {
    const seen = new Set<string>();
    const packages = new Set<string>();
    const visit = (file: string): void => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const spec of staticImports(file)) {
        if (spec.startsWith('.')) visit(resolve(dirname(file), spec));
        else packages.add(spec);
      }
    };
    visit(join(RUNTIME, 'index.ts'));

    expect([...packages].filter((p) => p.startsWith('@aws-sdk/') || p === 'ajv' || p.includes('jmespath') || p.includes('/idempotency') || p.includes('/parameters'))).toEqual([]);
    expect(seen.size).toBeGreaterThan(10); // the walk did follow the graph
  });
});
