/**
 * /aethon/config/<workflow>: the workflow's configuration for the page, through the same ops
 * functions as `aethon config --local`: GET the version in force, its schema and history; POST a
 * new document with a reason (checked against the JSON Schema here again, whatever the page did);
 * POST .../rollback to restore a version.
 */
import type { CompiledWorkflow } from '../../compile/index.ts';
import { ConfigRefusedError, NotFoundError, OpsError } from '../../ops/errors.ts';
import { getLocalConfig, localConfigHistory, rollbackLocalConfig, setLocalConfig } from '../../ops/config/localConfig.ts';
import type { Assignment } from '../../ops/config/assignments.ts';
import { ConsoleRequestError } from '../http.ts';
import type { ConsoleHandles } from './handles.ts';

/** GET: `{ workflow, schema, current, history }`. */
export function readConfig(handles: ConsoleHandles, workflowName: string): unknown {
  const workflow = configurableWorkflow(handles, workflowName);
  return guarded(() => ({
    workflow: workflow.name,
    schema: workflow.config!.schema,
    current: getLocalConfig(handles.localDir, workflow),
    history: localConfigHistory(handles.localDir, workflow).map(({ document: _document, ...version }) => version),
  }));
}

/** POST `{ document, reason }`: writes the document as the next version. */
export function writeConfig(handles: ConsoleHandles, workflowName: string, body: Record<string, unknown>): unknown {
  const workflow = configurableWorkflow(handles, workflowName);
  const reason = requiredReason(body);
  const document = body.document;
  if (typeof document !== 'object' || document === null || Array.isArray(document)) throw new ConsoleRequestError('ValidationException', `'document' must be the whole configuration as a JSON object`);
  // Every top-level key is assigned, so the stored document is the one the page showed and checked.
  const assignments: Assignment[] = Object.entries(document).map(([key, value]) => ({ path: [key], value }));
  return guarded(() => setLocalConfig(handles.localDir, workflow, assignments, changeOf(handles, reason)));
}

/** POST `{ version, reason }`: restores an older version as a new one. */
export function rollBackConfig(handles: ConsoleHandles, workflowName: string, body: Record<string, unknown>): unknown {
  const workflow = configurableWorkflow(handles, workflowName);
  const reason = requiredReason(body);
  if (!Number.isInteger(body.version) || (body.version as number) < 1) throw new ConsoleRequestError('ValidationException', `'version' must be a version number from the history, got ${JSON.stringify(body.version)}`);
  return guarded(() => rollbackLocalConfig(handles.localDir, workflow, body.version as number, changeOf(handles, reason)));
}

function configurableWorkflow(handles: ConsoleHandles, name: string): CompiledWorkflow {
  const workflows = handles.workflows();
  const workflow = workflows.find((candidate) => candidate.name === name);
  if (!workflow) throw new ConsoleRequestError('WorkflowDoesNotExist', `no workflow named '${name}' (this project has ${workflows.map((candidate) => candidate.name).join(', ') || 'none'})`, 404);
  if (!workflow.config) throw new ConsoleRequestError('NoConfiguration', `workflow '${name}' declares no config: add a 'config' section with a schema and defaults to its file`, 404);
  return workflow;
}

function requiredReason(body: Record<string, unknown>): string {
  const reason = typeof body.reason === 'string' ? body.reason.trim() : '';
  if (reason === '') throw new ConsoleRequestError('ValidationException', `a configuration change needs a 'reason' (it is kept in the history)`);
  return reason;
}

function changeOf(handles: ConsoleHandles, reason: string) {
  return { author: handles.author ?? 'console', reason, ...(handles.clock ? { clock: handles.clock } : {}) };
}

/** The ops errors as the page's refusals: a schema refusal lists every problem. */
function guarded<T>(operation: () => T): T {
  try {
    return operation();
  } catch (error) {
    if (error instanceof ConfigRefusedError) throw new ConsoleRequestError('ConfigRefused', error.message);
    if (error instanceof NotFoundError) throw new ConsoleRequestError('NotFound', error.message, 404);
    if (error instanceof OpsError) throw new ConsoleRequestError(error.name, error.message);
    throw error;
  }
}
