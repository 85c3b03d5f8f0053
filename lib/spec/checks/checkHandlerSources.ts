/**
 * Static checks of handler sources, at validate time rather than at 3 AM: the export the runtime
 * calls exists (an `export default` in its place is an error with the fix), and every
 * environment variable the handler reads is declared by the workflow or the step, or set by the
 * runtime. Reads the raw data, so it also runs when the file fails the schema elsewhere.
 */
import { LAMBDA_PROVIDED_ENV_NAMES, reservedEnvReason } from '../../contracts/functionEnvironment.ts';
import type { Diagnostic, SpecPath } from '../diagnostics.ts';
import { checkHandler } from './checkReferences.ts';
import { handlerPath, parseHandlerRef } from '../handlerRef.ts';
import { environmentReads, handlerExports, type EnvRead, type HandlerExports } from '../handlerSource.ts';

type Raw = Record<string, unknown>;
const isObject = (value: unknown): value is Raw => value !== null && typeof value === 'object' && !Array.isArray(value);
const HANDLER_REF = /^[^#\s]+\.(?:ts|mts|js|mjs)(?:#[A-Za-z_$][\w$]*)?$/;

interface HandlerUse {
  readonly ref: string;
  readonly path: SpecPath;
  readonly stepName: string;
  /** Names the workflow and the step declare under environment:. */
  readonly declared: ReadonlySet<string>;
  /** A compensation (undo) handler rather than the step's own. */
  readonly undo: boolean;
}

/**
 * @param options.locations also report missing files and files outside the project: for a file
 * that failed the schema, where checkReferences (which reports them otherwise) does not run.
 */
export function checkHandlerSources(data: unknown, projectRoot: string, options: { locations?: boolean } = {}): Diagnostic[] {
  if (!isObject(data)) return [];
  const workflowNames = isObject(data.environment) ? Object.keys(data.environment) : [];
  const uses = handlerUses(data.steps, ['steps'], workflowNames);
  // Many steps may share one handler: each file is read and scanned once per check.
  const scans = new Map<string, { exports: HandlerExports | undefined; reads: EnvRead[] }>();
  const scan = (file: string) => {
    let found = scans.get(file);
    if (!found) scans.set(file, (found = { exports: handlerExports(file), reads: environmentReads(projectRoot, file) }));
    return found;
  };
  return uses.flatMap((use) => {
    if (!HANDLER_REF.test(use.ref)) return [];
    const location = checkHandler(use.ref, use.path, projectRoot);
    if (location.length > 0) return options.locations ? location : [];
    const { exports, reads } = scan(handlerPath(projectRoot, use.ref));
    return [...exportProblems(use, exports), ...wrapperProblems(use, exports), ...undeclaredReads(use, reads)];
  });
}

function handlerUses(steps: unknown, path: SpecPath, workflowNames: readonly string[]): HandlerUse[] {
  if (!isObject(steps)) return [];
  return Object.entries(steps).flatMap(([stepName, step]): HandlerUse[] => {
    if (!isObject(step)) return [];
    const at = [...path, stepName];
    const branches = Array.isArray(step.branches) ? step.branches : [];
    const nested = [
      ...handlerUses(step.steps, [...at, 'steps'], workflowNames),
      ...branches.flatMap((branch, i) => (isObject(branch) ? handlerUses(branch.steps, [...at, 'branches', i, 'steps'], workflowNames) : [])),
    ];
    if (step.type !== 'task') return nested;
    const declared = new Set([...workflowNames, ...(isObject(step.environment) ? Object.keys(step.environment) : [])]);
    const own: HandlerUse[] = [];
    if (typeof step.handler === 'string') own.push({ ref: step.handler, path: [...at, 'handler'], stepName, declared, undo: false });
    if (typeof step.compensate === 'string') own.push({ ref: step.compensate, path: [...at, 'compensate'], stepName, declared, undo: true });
    if (isObject(step.compensate) && typeof step.compensate.handler === 'string') {
      own.push({ ref: step.compensate.handler, path: [...at, 'compensate', 'handler'], stepName, declared, undo: true });
    }
    return [...own, ...nested];
  });
}

function exportProblems(use: HandlerUse, exports: HandlerExports | undefined): Diagnostic[] {
  const { file: shown, exportName } = parseHandlerRef(use.ref);
  if (!exports || exports.names.has(exportName) || exports.reExportsAll) return [];
  if (exports.defaultLine !== undefined && exportName !== 'default') {
    return [
      {
        code: 'handler-default-export',
        severity: 'error',
        message: `${shown}:${exports.defaultLine}: the handler is a default export, but the runtime calls the export '${exportName}'`,
        path: use.path,
        hint: `write 'export const ${exportName} = step(...)' instead of 'export default step(...)'`,
      },
    ];
  }
  const others = [...exports.names].filter((name) => name !== 'default');
  return [
    {
      code: 'handler-export-missing',
      severity: 'warning',
      message: `${shown} has no export named '${exportName}'${others.length ? ` (it exports: ${others.join(', ')})` : ''}`,
      path: use.path,
      hint: `export the handler as '${exportName}', or name its export in the spec: ${shown}#<exportName>`,
    },
  ];
}

/**
 * An undo wrapped in step() replays its step's stored result and never undoes anything (it
 * receives { input, result, error }, not the step's input); a task wrapped in compensation() gets
 * the wrong payload. The runtime refuses both at run time; this says so before.
 */
function wrapperProblems(use: HandlerUse, exports: HandlerExports | undefined): Diagnostic[] {
  const { file: shown, exportName } = parseHandlerRef(use.ref);
  const found = exports?.wrappers.get(exportName);
  const expected = use.undo ? 'compensation' : 'step';
  if (!found || found.wrapper === expected) return [];
  return [
    {
      code: 'handler-wrapper-mismatch',
      severity: 'error',
      message: use.undo
        ? `${shown}:${found.line}: '${exportName}' undoes step '${use.stepName}' but is wrapped in step(), so it would replay the step's result instead of undoing it`
        : `${shown}:${found.line}: '${exportName}' is the handler of step '${use.stepName}' but is wrapped in compensation(), which expects { input, result, error }`,
      path: use.path,
      hint: `write 'export const ${exportName} = ${expected}(...)' (from aethon/runtime)`,
    },
  ];
}

function undeclaredReads(use: HandlerUse, reads: readonly EnvRead[]): Diagnostic[] {
  const reported = new Set<string>();
  const diagnostics: Diagnostic[] = [];
  for (const read of reads) {
    const known = use.declared.has(read.name) || reservedEnvReason(read.name) !== undefined || LAMBDA_PROVIDED_ENV_NAMES.includes(read.name);
    if (known || reported.has(read.name)) continue;
    reported.add(read.name);
    diagnostics.push({
      code: 'undeclared-environment',
      severity: 'warning',
      message: `${read.file}:${read.line} reads ${read.name}, which neither the workflow's nor step '${use.stepName}''s environment declares: it is unset when deployed`,
      path: use.path,
      hint: `declare it under environment: (workflow or step) as a literal, { ssm: <parameter> } or { import: <export> }; locally, --env ${read.name}=... sets it for a run`,
    });
  }
  return diagnostics;
}
