// The command `aethon new` prints, `npx vitest run test/workflows/<workflow>.test.ts`, must find the
// test in this repository too, whose vitest projects list the folders they run.
import { matchesGlob } from 'node:path';
import { describe, expect, it } from 'vitest';
import { workflowTestFile } from '../../../lib/cli/scaffold/scaffoldWorkflow.ts';
import config from '../../../vitest.config.ts';

describe('aethon new: where its test goes', () => {
  it("lies in one of this repository's vitest projects", () => {
    const includes = (config.test?.projects ?? []).flatMap((project) => (typeof project === 'object' && 'test' in project ? (project.test?.include ?? []) : []));
    expect(includes.length).toBeGreaterThan(0);
    expect(includes.some((glob) => matchesGlob(workflowTestFile('tenant-setup'), glob))).toBe(true);
  });
});
