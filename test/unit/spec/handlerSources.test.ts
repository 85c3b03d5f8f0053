/**
 * The static checks of handler sources at validate time: an `export default` where the runtime
 * calls a named export, and environment variables a handler reads that no level declares.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseWorkflowSpec, type Diagnostic } from '../../../lib/spec/index.ts';
import { PROJECT_ROOT } from '../../helpers/paths.ts';

const ROOT = join(PROJECT_ROOT, 'test', 'fixtures', 'handlerSources');

function validate(yaml: string): readonly Diagnostic[] {
  return parseWorkflowSpec('workflows/x.yaml', yaml, { projectRoot: ROOT }).diagnostics;
}
const task = (handler: string, extra = '') => `name: x\nsteps:\n  charge:\n    type: task\n    handler: ${handler}\n${extra}    end: true\n`;
const undeclared = (diagnostics: readonly Diagnostic[]) =>
  diagnostics.filter((d) => d.code === 'undeclared-environment').map((d) => /reads (\w+)/.exec(d.message)![1]).sort();

describe('Check: handler exports', () => {
  it('refuses a default export where the runtime calls a named one, with file:line and the fix', () => {
    // Act
    const diagnostics = validate(task('functions/defaultExport.ts'));

    // Assess
    const found = diagnostics.find((d) => d.code === 'handler-default-export');
    expect(found).toMatchObject({ severity: 'error', path: ['steps', 'charge', 'handler'], line: 5, col: 14 });
    expect(found!.message).toBe("functions/defaultExport.ts:4: the handler is a default export, but the runtime calls the export 'handler'");
    expect(found!.hint).toContain("export const handler = step(...)");
  });

  it('accepts the named export, and an export named in the reference', () => {
    expect(validate(task('functions/named.ts')).filter((d) => d.code.startsWith('handler-'))).toEqual([]);
    expect(validate(task('functions/otherName.ts#chargeCard')).filter((d) => d.code.startsWith('handler-'))).toEqual([]);
  });

  it('warns when the named export is missing, saying what the file exports', () => {
    const found = validate(task('functions/otherName.ts')).find((d) => d.code === 'handler-export-missing');
    expect(found).toMatchObject({ severity: 'warning', message: "functions/otherName.ts has no export named 'handler' (it exports: chargeCard)" });
  });

  it('refuses an undo wrapped in step() and a task handler wrapped in compensation(), with file:line and the fix', () => {
    // Act
    const undo = validate(task('functions/named.ts', '    compensate: functions/undoInStep.ts\n')).find((d) => d.code === 'handler-wrapper-mismatch');
    const taskInUndoWrapper = validate(task('functions/undoInCompensation.ts')).find((d) => d.code === 'handler-wrapper-mismatch');

    // Assess
    expect(undo).toMatchObject({ severity: 'error', path: ['steps', 'charge', 'compensate'] });
    expect(undo!.message).toBe("functions/undoInStep.ts:4: 'handler' undoes step 'charge' but is wrapped in step(), so it would replay the step's result instead of undoing it");
    expect(undo!.hint).toContain('export const handler = compensation(...)');
    expect(taskInUndoWrapper).toMatchObject({ severity: 'error', path: ['steps', 'charge', 'handler'] });
    expect(taskInUndoWrapper!.message).toMatch(/is the handler of step 'charge' but is wrapped in compensation\(\)/);
  });

  it('accepts each wrapper where it belongs', () => {
    const diagnostics = validate(task('functions/named.ts', '    compensate: functions/undoInCompensation.ts\n'));
    expect(diagnostics.filter((d) => d.code === 'handler-wrapper-mismatch')).toEqual([]);
  });

  it('checks a compensation handler too', () => {
    const diagnostics = validate(task('functions/named.ts', '    compensate: { handler: functions/defaultExport.ts }\n'));
    expect(diagnostics.find((d) => d.code === 'handler-default-export')?.path).toEqual(['steps', 'charge', 'compensate', 'handler']);
  });
});

describe('Check: environment reads', () => {
  it('warns for each variable read by the handler and its relative imports that no level declares', () => {
    // Act
    const diagnostics = validate(task('functions/readsEnv.ts'));

    // Assess: AWS_REGION is Lambda's, the comment and the common folder do not count.
    expect(undeclared(diagnostics)).toEqual(['ORDERS_TABLE', 'PARTNER_API_URL', 'RETRIES', 'TIMEOUT_MS']);
    const partner = diagnostics.find((d) => d.message.includes('PARTNER_API_URL'))!;
    expect(partner).toMatchObject({ severity: 'warning', path: ['steps', 'charge', 'handler'] });
    expect(partner.message).toMatch(/^functions\/lib\/client\.ts:5 reads PARTNER_API_URL/);
  });

  it('accepts variables declared at the workflow or the step level', () => {
    const yaml =
      'name: x\nenvironment:\n  ORDERS_TABLE: { import: shared-OrdersTable }\n  RETRIES: 3\nsteps:\n  charge:\n    type: task\n    handler: functions/readsEnv.ts\n' +
      '    environment:\n      PARTNER_API_URL: { ssm: /partner/url, local: http://127.0.0.1:9000 }\n      TIMEOUT_MS: "2000"\n    end: true\n';
    const result = parseWorkflowSpec('workflows/x.yaml', yaml, { projectRoot: ROOT });
    expect(result.diagnostics).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it('does not count a step declaration for another step', () => {
    const yaml =
      'name: x\nsteps:\n  a:\n    type: task\n    handler: functions/named.ts\n    environment: { ORDERS_TABLE: t }\n    next: b\n' +
      '  b:\n    type: task\n    handler: functions/readsEnv.ts\n    end: true\n';
    expect(undeclared(validate(yaml))).toContain('ORDERS_TABLE');
  });
});
