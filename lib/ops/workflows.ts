/** The compiled workflows the operations act on, with errors that say what to do. */
import type { CompiledWorkflow } from '../compile/index.ts';
import { buildWorkflow, listWorkflowFiles, resolveWorkflowFile, WorkflowNotFoundError } from '../workspace/index.ts';
import { InvalidRequestError, OpsError } from './errors.ts';

/**
 * One workflow by name (`deploy-pipeline`) or path, compiled.
 * @throws InvalidRequestError for an unknown workflow; OpsError (exit 1) for an invalid one
 */
export async function loadWorkflow(projectRoot: string, nameOrPath: string): Promise<CompiledWorkflow> {
  let file: string;
  try {
    file = resolveWorkflowFile(projectRoot, nameOrPath);
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) throw new InvalidRequestError(error.message, { cause: error });
    throw error;
  }
  const built = await buildWorkflow(projectRoot, file);
  if (!built.ok || !built.compiled) {
    const problems = built.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.file}:${d.line}:${d.col}: ${d.message}`);
    throw new OpsError(`workflow ${nameOrPath} is invalid; fix it first ('aethon validate ${nameOrPath}'):\n  ${problems.join('\n  ')}`);
  }
  return built.compiled;
}

/** Every valid workflow of the project; invalid ones are returned apart so callers can warn. */
export async function loadAllWorkflows(projectRoot: string): Promise<{ workflows: CompiledWorkflow[]; invalid: string[] }> {
  const built = await Promise.all(listWorkflowFiles(projectRoot).map((file) => buildWorkflow(projectRoot, file)));
  return {
    workflows: built.flatMap((b) => (b.ok && b.compiled ? [b.compiled] : [])),
    invalid: built.filter((b) => !b.ok).map((b) => b.file),
  };
}
