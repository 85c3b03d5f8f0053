/**
 * Throwaway project folders for tests that run the CLI or load a whole project: a copy of
 * test/fixtures/workspace (the example workflows and their handlers, frozen), so a test neither
 * depends on nor changes the repository's own workflows/.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { PROJECT_ROOT } from './paths.ts';

export const WORKSPACE_FIXTURE = join(PROJECT_ROOT, 'test', 'fixtures', 'workspace');
/** The workflows in the fixture workspace, by name. */
export const WORKSPACE_WORKFLOWS = ['deploy-pipeline', 'nightly-etl', 'user-onboarding'] as const;

const created: string[] = [];
afterAll(() => {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/**
 * A fresh copy of the fixture workspace in a temp folder, removed after the test file.
 * @param only copy only these workflows (all by default)
 */
export function scratchWorkspace(only?: readonly string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'aethon-workspace-'));
  created.push(dir);
  cpSync(join(WORKSPACE_FIXTURE, 'functions'), join(dir, 'functions'), { recursive: true });
  cpSync(join(WORKSPACE_FIXTURE, 'workflows'), join(dir, 'workflows'), {
    recursive: true,
    filter: (source) => !only || !source.endsWith('.yaml') || only.some((name) => source.endsWith(`/${name}.yaml`)),
  });
  return dir;
}
