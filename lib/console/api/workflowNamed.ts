/** The workflow a route's path names, or a 404 that lists those there are. */
import type { CompiledWorkflow } from '../../compile/index.ts';
import { ConsoleRequestError } from '../http.ts';
import type { ConsoleHandles } from './handles.ts';

export function workflowNamed(handles: ConsoleHandles, name: string): CompiledWorkflow {
  const workflows = handles.workflows();
  const workflow = workflows.find((candidate) => candidate.name === name);
  if (!workflow) throw new ConsoleRequestError('WorkflowDoesNotExist', `no workflow named '${name}' (this project has ${workflows.map((candidate) => candidate.name).join(', ') || 'none'})`, 404);
  return workflow;
}
