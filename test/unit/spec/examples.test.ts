import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadWorkflowSpec, parseWorkflowSpec, parseDuration, isDuration, workflowJsonSchemaText, WORKFLOW_SCHEMA_FILE } from '../../../lib/spec/index.ts';
import { EXAMPLES, PROJECT_ROOT, WORKFLOWS_DIR } from '../../helpers/paths.ts';

describe('Function: loadWorkflowSpec (examples)', () => {
  it.each(EXAMPLES)('loads %s with no diagnostics and applies defaults', async (name) => {
    const result = await loadWorkflowSpec(join(WORKFLOWS_DIR, `${name}.yaml`), { projectRoot: PROJECT_ROOT });
    expect(result.diagnostics).toEqual([]);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    // Defaults are applied: every spec has a type, whether the file names one or not.
    expect(['standard', 'express']).toContain(result.spec.type);
  });

  it('applies the default type to a workflow that names none', () => {
    const result = parseWorkflowSpec('x.yaml', 'name: x\nsteps:\n  a: { type: succeed }\n');
    expect(result.ok && result.spec).toMatchObject({ name: 'x', type: 'standard' });
  });

  it('reports a missing file as a diagnostic, not an exception', async () => {
    const result = await loadWorkflowSpec(join(WORKFLOWS_DIR, 'nope.yaml'), { projectRoot: PROJECT_ROOT });
    expect(result.ok).toBe(false);
    expect(result.diagnostics[0]).toMatchObject({ code: 'file-not-found', file: 'workflows/nope.yaml' });
  });
});

describe('Function: parseDuration', () => {
  it.each([
    ['30s', 30],
    ['5m', 300],
    ['1h', 3600],
    ['1d', 86_400],
    ['1h30m', 5400],
    ['0s', 0],
  ])('parses %s as %i seconds', (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });

  it.each(['', '5', '5 m', '1.5h', 'm5', '30S', '5m1h'])('rejects %j', (text) => {
    expect(isDuration(text)).toBe(false);
    expect(() => parseDuration(text)).toThrow(/is not a duration/);
  });
});

describe('File: schema/workflow.schema.json', () => {
  it('is in sync with the zod schema (run `npm run schema` after changing lib/spec/schema.ts)', () => {
    const committed = readFileSync(join(PROJECT_ROOT, WORKFLOW_SCHEMA_FILE), 'utf8');
    expect(committed).toBe(workflowJsonSchemaText());
  });

  it('accepts every example workflow and rejects an unknown key, as editors will', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    const validate = ajv.compile(JSON.parse(workflowJsonSchemaText()));
    for (const name of EXAMPLES) {
      const data = parse(readFileSync(join(WORKFLOWS_DIR, `${name}.yaml`), 'utf8'));
      expect(validate(data), `${name}: ${ajv.errorsText(validate.errors)}`).toBe(true);
    }
    expect(validate({ name: 'x', steps: { a: { type: 'succeed', bogus: 1 } } })).toBe(false);
  });
});
