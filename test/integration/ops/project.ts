/**
 * Scratch projects for the operations tests: workflows and functions copied, with lib and
 * node_modules linked so the handlers import the runtime as they do in the repository.
 */
import { cpSync, mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PROJECT_ROOT } from '../../helpers/paths.ts';

const FIXTURE = join(dirname(fileURLToPath(import.meta.url)), 'fixture');
/** The fixture's handlers import ../../../../../lib: keep them that deep below the scratch root. */
const FIXTURE_DEPTH = ['test', 'integration', 'ops', 'fixture'];

/** A temp project: 'repo' holds the example workflows, 'ops' this folder's fixture workflows. Returns its root. */
export function scratchProject(from: 'repo' | 'ops'): string {
  const base = mkdtempSync(join(tmpdir(), 'aethon-ops-'));
  const root = from === 'repo' ? base : join(base, ...FIXTURE_DEPTH);
  mkdirSync(root, { recursive: true });
  const source = from === 'repo' ? PROJECT_ROOT : FIXTURE;
  cpSync(join(source, 'workflows'), join(root, 'workflows'), { recursive: true });
  cpSync(join(source, 'functions'), join(root, 'functions'), { recursive: true });
  symlinkSync(join(PROJECT_ROOT, 'lib'), join(base, 'lib'), 'dir');
  symlinkSync(join(PROJECT_ROOT, 'node_modules'), join(base, 'node_modules'), 'dir');
  return root;
}
