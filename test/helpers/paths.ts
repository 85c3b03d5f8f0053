import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, where workflows/ and functions/ live. */
export const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const WORKFLOWS_DIR = join(PROJECT_ROOT, 'workflows');
/**
 * Every example in workflows/, by file name, read from the folder: tests that check each example
 * pick up a new one instead of breaking on it. Tests about one example name it; CLI tests use the
 * frozen copy in test/fixtures/workspace (see workspace.ts).
 */
export const EXAMPLES: readonly string[] = readdirSync(WORKFLOWS_DIR)
  .filter((file) => /\.ya?ml$/.test(file))
  .map((file) => file.replace(/\.ya?ml$/, ''))
  .sort();
/** A handler file that exists, for specs that only need one. */
export const SOME_HANDLER = 'functions/nightly-etl/notify.ts';
/** A handler wrapped in compensation(), for `compensate:` (validate refuses a step() handler there). */
export const SOME_UNDO_HANDLER = 'test/fixtures/handlers/undo.ts';
