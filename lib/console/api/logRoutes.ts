/** /aethon/logs?workflow=&execution=&state=: the handler log lines the server kept for an execution (and state). */
import { ConsoleRequestError } from '../http.ts';
import type { ConsoleHandles, HandlerLogLine } from './handles.ts';

export async function readHandlerLogs(handles: ConsoleHandles, query: URLSearchParams): Promise<{ lines: readonly HandlerLogLine[] }> {
  const workflow = query.get('workflow');
  const execution = query.get('execution');
  if (!workflow || !execution) throw new ConsoleRequestError('ValidationException', `logs need 'workflow' and 'execution' query parameters`);
  if (!handles.handlerLogs) throw new ConsoleRequestError('LogsNotKept', 'this server keeps no handler logs', 404);
  const state = query.get('state') ?? undefined;
  return { lines: await handles.handlerLogs({ workflow, execution, ...(state ? { state } : {}) }) };
}
