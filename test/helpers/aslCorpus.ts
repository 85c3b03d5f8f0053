/**
 * The ASL corpus: 51 public AWS sample state machines (MIT-0), kept in the repository under
 * test/fixtures/asl-corpus so that `npm test` holds on a fresh clone. Its MANIFEST.md lists the
 * source, commit and licence of every file.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from './paths.ts';

export const ASL_CORPUS_DIR = join(PROJECT_ROOT, 'test', 'fixtures', 'asl-corpus');

/** The corpus definitions' file names, sorted. */
export function aslCorpusFiles(): string[] {
  return readdirSync(ASL_CORPUS_DIR).filter((f) => f.endsWith('.asl.json')).sort();
}
