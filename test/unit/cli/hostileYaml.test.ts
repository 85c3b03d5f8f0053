/**
 * `aethon validate` on hostile YAML prints one located line per file and exits 1: no stack trace,
 * no minutes of CPU, and the other workflows are still validated.
 */
import { truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.ts';
import { scratchWorkspace } from '../../helpers/workspace.ts';

describe('Command: aethon validate on hostile YAML', () => {
  it('reports a deep file, an alias bomb and a 60 MB file each in one line and validates the rest', async () => {
    // Prepare
    const dir = scratchWorkspace(['nightly-etl']);
    writeFileSync(join(dir, 'workflows', 'deep.yaml'), `name: deep\nsteps: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`);
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x]', ...'bcdefg'.split('').map((l, i) => `${l}: &${l} [${Array(9).fill(`*${'abcdef'[i]}`).join(', ')}]`)];
    writeFileSync(join(dir, 'workflows', 'bomb.yaml'), `name: bomb\nsteps: {}\nconfig:\n  schema: {}\n  defaults:\n${levels.map((l) => `    ${l}`).join('\n')}\n`);
    writeFileSync(join(dir, 'workflows', 'huge.yaml'), '');
    truncateSync(join(dir, 'workflows', 'huge.yaml'), 60 * 1024 * 1024);
    // Act
    const started = performance.now();
    const run = await runCli(['validate'], dir);
    // Assess
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(run.code).toBe(1);
    expect(run.stderr).not.toMatch(/\n\s+at |RangeError|call stack/);
    expect(run.stderr).toMatch(/^workflows\/deep\.yaml:2:\d+: error yaml-too-deep: mappings and lists nest more than 128 levels deep here/m);
    expect(run.stderr).toMatch(/^workflows\/bomb\.yaml:8:\d+: error yaml-alias-limit: YAML aliases here expand to more than 100 nodes/m);
    expect(run.stderr).toMatch(/^workflows\/huge\.yaml: error file-too-large: the workflow file is 60\.0 MiB; the limit is 1\.0 MiB/m);
    expect(run.stdout).toMatch(/^ok {6}workflows\/nightly-etl\.yaml/m);
    // The 20,000-character line is excerpted around the column, with the caret under it.
    const excerpts = run.stderr.split('\n').filter((line) => /^ +\d* \| /.test(line));
    expect(Math.max(...excerpts.map((line) => line.length))).toBeLessThan(120);
    expect(run.stderr).toMatch(/^ {3}2 \| …\[{100}…\n {5}\| {52}\^$/m);
  });
});
