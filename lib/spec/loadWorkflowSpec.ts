/**
 * Loading a workflow file: YAML with positions, then the zod schema, then the checks across
 * steps. Every problem is collected and located; nothing here throws on bad input.
 */
import { readFile, stat } from 'node:fs/promises';
import { relative } from 'node:path';
import { checkExpressions } from './checks/checkExpressions.ts';
import { checkGraph } from './checks/checkGraph.ts';
import { checkReferences } from './checks/checkReferences.ts';
import { checkEnvironmentNames } from './checks/checkEnvironment.ts';
import { checkHandlerSources } from './checks/checkHandlerSources.ts';
import { hasErrors, type Diagnostic } from './diagnostics.ts';
import { salvageGraph, salvageParts } from './salvage.ts';
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
    // One pass: the schema's errors, and every check that can run on what the file's valid parts
    // say (the graph, and references and expressions of the fields and steps that parse alone).
    const raw = source.data as Record<string, unknown>;
    const parts = salvageParts(raw);
    const diagnostics = [
      ...diagnosticsFromZod(parsed.error.issues, source.data),
      ...checkGraph(salvageGraph(raw)),
      ...checkReferences(parts, projectRoot),
      ...checkExpressions(parts),
      ...rawChecks(raw, projectRoot, { locations: true }),
    ];
    return { ok: false, diagnostics: locate(unique(diagnostics), source), source };
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

/** A handler file a step and the salvage both check is reported once. */
function unique(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.code}\u0000${d.path.join('\u0000')}\u0000${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Problems with a key itself rather than its value: the caret points at the key. */
const KEY_CODES = new Set(['unknown-key', 'reserved-environment-name']);

function locate(diagnostics: Diagnostic[], source: YamlSource): Diagnostic[] {
  return diagnostics
    .map((d) => ({ ...d, file: source.file, ...source.locate(d.path, KEY_CODES.has(d.code) ? 'key' : 'value') }))
    .sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0));
}
