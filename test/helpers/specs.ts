import { expect } from 'vitest';
import { compileWorkflow, type CompiledWorkflow, type CompileResult } from '../../lib/compile/index.ts';
import { parseWorkflowSpec, type WorkflowSpec } from '../../lib/spec/index.ts';
import { PROJECT_ROOT } from './paths.ts';

/** Parses workflow YAML that the test expects to be valid. */
export function specOf(yaml: string): WorkflowSpec {
  const result = parseWorkflowSpec('test.yaml', yaml, { projectRoot: PROJECT_ROOT });
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  if (!result.ok) throw new Error('invalid spec');
  return result.spec;
}

export function compileYaml(yaml: string): CompileResult {
  return compileWorkflow(specOf(yaml));
}

/** Compiles workflow YAML that the test expects to compile. */
export function compiled(yaml: string): CompiledWorkflow {
  const result = compileYaml(yaml);
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics, null, 2));
  return result.workflow;
}
