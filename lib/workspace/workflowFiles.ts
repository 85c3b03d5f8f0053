/** Finding and building the workflows of a project: load, validate and compile in one call. */
import { existsSync, readdirSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { compileWorkflow, type CompiledWorkflow } from '../compile/index.ts';
import { loadWorkflowSpec, type Diagnostic, type WorkflowSpec, type YamlSource } from '../spec/index.ts';
import { ToolErrors } from '../contracts/toolErrors.ts';

/** A workflow name or path that names no file. */
export class WorkflowNotFoundError extends Error {
  override readonly name = ToolErrors.WORKFLOW_NOT_FOUND;
}

const WORKFLOW_EXTENSIONS = new Set(['.yaml', '.yml']);

/** Workflow files under <root>/workflows, sorted by name. */
export function listWorkflowFiles(root: string): string[] {
  const folder = join(root, 'workflows');
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((file) => WORKFLOW_EXTENSIONS.has(extname(file)))
    .sort()
    .map((file) => join(folder, file));
}

/** A workflow given by name (`nightly-etl`) or by path (`workflows/nightly-etl.yaml`). */
export function resolveWorkflowFile(root: string, nameOrPath: string): string {
  if (WORKFLOW_EXTENSIONS.has(extname(nameOrPath))) {
    const file = resolve(root, nameOrPath);
    if (!existsSync(file)) throw new WorkflowNotFoundError(`no workflow file at ${nameOrPath}`);
    return file;
  }
  const files = listWorkflowFiles(root);
  const match = files.find((file) => basename(file, extname(file)) === nameOrPath);
  if (!match) {
    const known = files.map((file) => basename(file, extname(file)));
    throw new WorkflowNotFoundError(`no workflow named '${nameOrPath}' in workflows/${known.length ? ` (there are: ${known.join(', ')})` : ''}`);
  }
  return match;
}

export interface BuiltWorkflow {
  readonly file: string;
  readonly ok: boolean;
  readonly spec?: WorkflowSpec;
  readonly compiled?: CompiledWorkflow;
  /** Validation and compile diagnostics, all located in the file. */
  readonly diagnostics: Diagnostic[];
  readonly source?: YamlSource;
}

/** Loads, validates and compiles one workflow file; never throws on a bad file. */
export async function buildWorkflow(root: string, file: string): Promise<BuiltWorkflow> {
  const loaded = await loadWorkflowSpec(file, { projectRoot: root });
  if (!loaded.ok) return { file, ok: false, diagnostics: loaded.diagnostics, source: loaded.source };
  const compiled = compileWorkflow(loaded.spec);
  const located = compiled.diagnostics.map((d) => ({ ...d, file: loaded.source.file, ...loaded.source.locate(d.path) }));
  const diagnostics = [...loaded.diagnostics, ...located];
  if (!compiled.ok) return { file, ok: false, spec: loaded.spec, diagnostics, source: loaded.source };
  return { file, ok: true, spec: loaded.spec, compiled: compiled.workflow, diagnostics, source: loaded.source };
}
