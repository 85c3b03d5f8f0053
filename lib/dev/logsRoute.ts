/**
 * `GET /aethon/dev/logs?executionArn=<arn>[&contains=<text>][&state=<name>]`: the handler log lines
 * (Powertools JSON, as written) of an execution, oldest first, filtered by text and by state: while
 * it runs, the lines so far (kept in memory as they are written); once it ended, the lines kept
 * with it in the store.
 */
import type { DevControlPlane } from './DevControlPlane.ts';
import type { DevRoute } from './server.ts';
import { LOGS_KIND, type KeptLogLine } from './checkpoints.ts';
import { canonicalExecutionArn } from './arns.ts';
import { DevApiError, sendError, sendJson } from './protocol.ts';

export const LOGS_ROUTE: DevRoute = {
  method: 'GET',
  path: '/aethon/dev/logs',
  handle: async (request, response, plane) => {
    try {
      const query = new URL(request.url ?? '/', 'http://localhost').searchParams;
      const arn = query.get('executionArn');
      if (!arn) throw new DevApiError('ValidationException', 'GET /aethon/dev/logs needs ?executionArn=<execution ARN>', 400);
      const executionArn = canonicalExecutionArn(arn);
      const { running, lines } = await executionLogLines(plane, executionArn);
      const contains = query.get('contains');
      const state = query.get('state');
      const selected = lines.filter((l) => (contains === null || l.line.includes(contains)) && (state === null || l.stateName === state));
      sendJson(response, 200, { executionArn, running, lines: selected }, 'application/json');
    } catch (error) {
      sendError(response, error);
    }
  },
};

/**
 * An execution's handler lines: live while it runs here, else as kept in the store (the console
 * reads them so too). Pending writes land first, so a line a client saw survives a `kill -9`.
 */
export async function executionLogLines(plane: Pick<DevControlPlane, 'runner' | 'checkpoints' | 'store'>, executionArn: string): Promise<{ readonly running: boolean; readonly lines: readonly KeptLogLine[] }> {
  const live = plane.runner.find(executionArn);
  const seen = live ? [...live.logs] : undefined;
  await plane.checkpoints.flush();
  if (seen) return { running: true, lines: seen };
  return { running: false, lines: (await plane.store.documents.get<KeptLogLine[]>(LOGS_KIND, executionArn)) ?? [] };
}
