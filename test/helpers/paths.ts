import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, where workflows/ and functions/ live. */
export const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const WORKFLOWS_DIR = join(PROJECT_ROOT, 'workflows');
export const EXAMPLES = ['nightly-etl', 'user-onboarding', 'deploy-pipeline'] as const;
/** A handler file that exists, for specs that only need one. */
export const SOME_HANDLER = 'functions/nightly-etl/notify.ts';
