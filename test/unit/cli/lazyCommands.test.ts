/**
 * The help path stays light: what lib/cli/main.ts loads before a command runs (its static imports,
 * followed through) contains no command module and none of the layers the commands call. Read
 * from esbuild's metafile of a code-split build, the same graph the bundled CLI has.
 */
import { join } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../helpers/paths.ts';

/** The source files loaded by an entry before any dynamic import() runs. */
function staticallyLoaded(metafile: Metafile, entry: string): string[] {
  const outputs = metafile.outputs;
  const start = Object.keys(outputs).find((file) => outputs[file]!.entryPoint === entry);
  if (!start) throw new Error(`no output for ${entry}`);
  const seen = new Set<string>([start]);
  for (const file of seen) {
    for (const edge of outputs[file]!.imports) if (edge.kind === 'import-statement' && !edge.external) seen.add(edge.path);
  }
  return [...seen].flatMap((file) => Object.keys(outputs[file]!.inputs));
}

describe('Module: lib/cli/main.ts', () => {
  it('loads no command module and no engine, spec, workspace or AWS layer until a command runs', async () => {
    // Act
    const result = await build({
      entryPoints: [join(PROJECT_ROOT, 'lib/cli/main.ts')],
      absWorkingDir: PROJECT_ROOT,
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      packages: 'external',
      outdir: 'out',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const loaded = staticallyLoaded(result.metafile, 'lib/cli/main.ts');

    // Assess
    expect(loaded).toContain('lib/cli/help/globalHelp.ts');
    expect(loaded.filter((file) => /^lib\/cli\/commands\/|^lib\/(spec|compile|local|ops|runtime|infra|events|workspace)\//.test(file))).toEqual([]);
    // And each command's module is there to be loaded: the split did happen.
    expect(Object.keys(result.metafile.inputs)).toContain('lib/cli/commands/run.ts');
  });
});
