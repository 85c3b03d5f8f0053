/**
 * Scratch projects for the CLI tests: a fixture's workflows and functions copied into a temporary
 * folder whose node_modules/aethon links to this repository, so handlers import 'aethon/runtime'
 * as they do in a user's project.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { PROJECT_ROOT } from '../../helpers/paths.ts';

const created: string[] = [];
afterAll(() => {
  // The links go first: rmSync must not follow node_modules/aethon into the repository.
  for (const root of created.splice(0)) {
    rmSync(join(root, 'node_modules'), { recursive: true, force: true });
    rmSync(root, { recursive: true, force: true });
  }
});

/** A temporary project holding test/fixtures/<fixture> (none: an empty one). Returns its root. */
export function scratchProject(fixture?: string): string {
  const root = mkdtempSync(join(tmpdir(), 'aethon-cli-'));
  created.push(root);
  if (fixture) {
    const source = join(PROJECT_ROOT, 'test', 'fixtures', fixture);
    for (const folder of ['workflows', 'functions']) if (existsSync(join(source, folder))) cpSync(join(source, folder), join(root, folder), { recursive: true });
  }
  mkdirSync(join(root, 'node_modules'));
  symlinkSync(PROJECT_ROOT, join(root, 'node_modules', 'aethon'), 'dir');
  return root;
}
