/**
 * Loading a workflow file: YAML with positions, then the zod schema, then the checks across
 * steps. Every problem is collected and located; nothing here throws on bad input.
 */
import { readFile, stat } from 'node:fs/promises';
import { relative } from 'node:path';
import { checkExpressions } from './checks/checkExpressions.ts';
import { checkGraph } from './checks/checkGraph.ts';
import { checkConfig, checkReferences } from './checks/checkReferences.ts';
import { checkEnvironmentNames } from './checks/checkEnvironment.ts';
import { checkHandlerSources } from './checks/checkHandlerSources.ts';
import { checkTriggers } from './checks/checkTriggers.ts';
import { hasErrors, type Diagnostic } from './diagnostics.ts';
import { salvageGraph } from './salvage.ts';
import { workflowSchema } from './schema.ts';
import type { WorkflowSpec } from './types.ts';
import { fileTooLarge, YAML_LIMITS } from './yamlLimits.ts';
import { parseYamlSource, type YamlSource } from './yamlSource.ts';
import { diagnosticsFromZod } from './zodDiagnostics.ts';

export interface LoadOptions {
  /** Handler paths are resolved against this folder. @default process.cwd() */
  readonly projectRoot?: string;
}

export type LoadResult =
  | { readonly ok: true; readonly spec: WorkflowSpec; readonly diagnostics: Diagnostic[]; readonly source: YamlSource }
  | { readonly ok: false; readonly diagnostics: Diagnostic[]; readonly source?: YamlSource };

/**
 * Reads and validates one workflow file.
 * @example
 * const result = await loadWorkflowSpec('workflows/nightly-etl.yaml');
 * if (!result.ok) for (const d of result.diagnostics) console.error(formatDiagnostic(d));
 */
export async function loadWorkflowSpec(file: string, options: LoadOptions = {}): Promise<LoadResult> {
  const projectRoot = options.projectRoot ?? process.cwd();
  const shown = relative(projectRoot, file) || file;
  let text: string;
  try {
    // A file far over the limit is refused before it is read into memory.
    const { size } = await stat(file);
    if (size > YAML_LIMITS.maxBytes) return { ok: false, diagnostics: [fileTooLarge(shown, size)] };
    text = await readFile(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    return { ok: false, diagnostics: [{ code: 'file-not-found', severity: 'error', message: `cannot read workflow file: ${reason}`, path: [], file: shown }] };
  }
  return parseWorkflowSpec(shown, text, { projectRoot });
}

/** Validates workflow YAML text already in memory; `file` is only used in messages. */
export function parseWorkflowSpec(file: string, text: string, options: LoadOptions = {}): LoadResult {
  const projectRoot = options.projectRoot ?? process.cwd();
  const source = parseYamlSource(file, text);
  if (source.syntaxErrors.length > 0) return { ok: false, diagnostics: source.syntaxErrors, source };
  if (source.data === null || typeof source.data !== 'object' || Array.isArray(source.data)) {
    const diagnostic: Diagnostic = { code: 'invalid-type', severity: 'error', message: 'a workflow file is a YAML mapping with name and steps', path: [] };
    return { ok: false, diagnostics: locate([diagnostic], source), source };
  }
  const parsed = workflowSchema.safeParse(source.data);
  if (!parsed.success) {
    const raw = source.data as Record<string, unknown>;
    const graph = checkGraph(salvageGraph(raw));
    const config = workflowSchema.shape.config.safeParse(raw.config);
    if (config.success && config.data) graph.push(...checkConfig(config.data));
    // Each part that fits the schema on its own is checked as the whole file would be.
    const triggers = workflowSchema.shape.triggers.safeParse(raw.triggers);
    if (triggers.success && triggers.data) graph.push(...checkTriggers({ triggers: triggers.data } as WorkflowSpec));
    return { ok: false, diagnostics: locate([...diagnosticsFromZod(parsed.error.issues, source.data), ...graph, ...rawChecks(raw, projectRoot, { locations: true })], source), source };
  }
  const spec = parsed.data as WorkflowSpec;
  const diagnostics = locate(
    [...checkGraph(spec), ...checkReferences(spec, projectRoot), ...checkExpressions(spec), ...rawChecks(source.data, projectRoot)],
    source,
  );
  return hasErrors(diagnostics) ? { ok: false, diagnostics, source } : { ok: true, spec, diagnostics, source };
}

/** Checks that read the file's data as written, so they run whether or not it fits the schema. */
function rawChecks(data: unknown, projectRoot: string, options: { locations?: boolean } = {}): Diagnostic[] {
  return [...checkEnvironmentNames(data), ...checkHandlerSources(data, projectRoot, options)];
}

/** Problems with a key itself rather than its value: the caret points at the key. */
const KEY_CODES = new Set(['unknown-key', 'reserved-environment-name']);

function locate(diagnostics: Diagnostic[], source: YamlSource): Diagnostic[] {
  return diagnostics
    .map((d) => ({ ...d, file: source.file, ...source.locate(d.path, KEY_CODES.has(d.code) ? 'key' : 'value') }))
    .sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0));
}
