/**
 * A handler is code that Aethon bundles and runs: `validate` refuses a handler path that leads out
 * of the project (`..`, absolute, or a symbolic link), even when the file exists.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handlerPath, parseWorkflowSpec } from '../../../lib/spec/index.ts';

let base: string;
let project: string;

beforeAll(() => {
  // Prepare: <base>/project/functions/ok.ts inside; <base>/outside.ts and a link to it outside.
  base = mkdtempSync(join(tmpdir(), 'aethon-handlers-'));
  project = join(base, 'project');
  mkdirSync(join(project, 'functions'), { recursive: true });
  writeFileSync(join(project, 'functions', 'ok.ts'), 'export const handler = () => 1;\n');
  writeFileSync(join(base, 'outside.ts'), 'export const handler = () => 1;\n');
  symlinkSync(join(base, 'outside.ts'), join(project, 'functions', 'escape.ts'));
  symlinkSync(join(project, 'functions', 'ok.ts'), join(project, 'functions', 'alias.ts'));
});

afterAll(() => rmSync(base, { recursive: true, force: true }));

function validate(handler: string) {
  const yaml = `name: x\nsteps:\n  a:\n    type: task\n    handler: ${handler}\n    end: true\n`;
  return parseWorkflowSpec('workflows/x.yaml', yaml, { projectRoot: project });
}

describe('Function: parseWorkflowSpec on handler paths', () => {
  it.each([
    ['../outside.ts', /'\.\.\/outside\.ts' leads outside the project/],
    ['functions/../../outside.ts', /leads outside the project/],
    ['./functions/../../outside.ts', /leads outside the project/],
    ['__ABSOLUTE__', /is an absolute path/],
    ['functions/escape.ts', /is a symbolic link to .*outside\.ts, outside the project/],
  ])('refuses %s with a located error', (handler, message) => {
    // Act
    const result = validate(handler === '__ABSOLUTE__' ? join(base, 'outside.ts') : handler);
    // Assess
    expect(result.ok).toBe(false);
    expect(result.diagnostics).toHaveLength(1);
    expect(result.diagnostics[0]).toMatchObject({ code: 'handler-outside-project', path: ['steps', 'a', 'handler'], file: 'workflows/x.yaml', line: 5, col: 14 });
    expect(result.diagnostics[0]!.message).toMatch(message);
    expect(result.diagnostics[0]!.hint).toMatch(/move the file under the project/);
  });

  it.each(['functions/ok.ts', './functions/ok.ts', 'functions/../functions/ok.ts', 'functions/alias.ts'])('accepts %s', (handler) => {
    expect(validate(handler).diagnostics).toEqual([]);
  });

  it('resolves an accepted path to the same file however it is spelled', () => {
    expect(handlerPath(project, './functions/../functions/ok.ts#run')).toBe(join(project, 'functions', 'ok.ts'));
  });

  // The local engine resolves handler files with path.resolve, the CDK entry with path.join: the
  // two agree exactly on the paths validate accepts (relative, inside the project), and differ on
  // an absolute path, which validate refuses.
  it.each(['functions/ok.ts', './functions/ok.ts', 'functions/./sub/../ok.ts', 'functions//ok.ts'])('resolves %s as the local engine and the CDK entry do', (file) => {
    expect(validate(file).diagnostics.filter((d) => d.code === 'handler-outside-project')).toEqual([]);
    expect(handlerPath(project, file)).toBe(join(project, file));
  });
});
