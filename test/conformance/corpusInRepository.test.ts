/**
 * `npm test` must hold on a user's clone, which has no sibling `shared` folder: the corpus lives in
 * test/fixtures/asl-corpus with its manifest (sources and MIT-0 licence), and nothing reads outside.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ASL_CORPUS_DIR, aslCorpusFiles } from '../helpers/aslCorpus.ts';
import { PROJECT_ROOT } from '../helpers/paths.ts';

// Assembled so that this file does not match itself.
const OUTSIDE = new RegExp(['\\.\\./', 'shared', '|', 'shared/', 'asl-corpus'].join(''));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'fixtures' || name === 'node_modules' ? [] : sourceFiles(path);
    return /\.(?:ts|mts|js|mjs)$/.test(name) ? [path] : [];
  });
}

describe('Corpus: kept in the repository', () => {
  it('holds the 51 definitions and the manifest with their sources and licence', () => {
    expect(relative(PROJECT_ROOT, ASL_CORPUS_DIR)).toBe(join('test', 'fixtures', 'asl-corpus'));
    expect(aslCorpusFiles()).toHaveLength(51);
    const manifest = readFileSync(join(ASL_CORPUS_DIR, 'MANIFEST.md'), 'utf8');
    expect(manifest).toContain('MIT-0');
    for (const file of aslCorpusFiles()) expect(manifest).toContain(file);
  });

  it('is not read from outside the repository by any test, bench or library file', () => {
    const offenders = ['test', 'bench', 'lib']
      .filter((dir) => existsSync(join(PROJECT_ROOT, dir)))
      .flatMap((dir) => sourceFiles(join(PROJECT_ROOT, dir)))
      .filter((file) => OUTSIDE.test(readFileSync(file, 'utf8')))
      .map((file) => relative(PROJECT_ROOT, file));
    expect(offenders).toEqual([]);
  });
});
