/**
 * `POST /aethon/records`: a whole execution record the CLI produced while the server owns the
 * store (a local redrive runs in the CLI and records its result here). Never for an execution
 * this server is running.
 */
import type { DevRoute } from './server.ts';
import type { ExecutionRecord } from '../local/types.ts';
import { DevApiError, readJsonBody, sendError, sendJson } from './protocol.ts';

export const RECORDS_ROUTE: DevRoute = {
  method: 'POST',
  path: '/aethon/records',
  handle: async (request, response, plane) => {
    try {
      // Only the CLI writes here; a browser always sends Origin, so no page can post records.
      if (request.headers.origin !== undefined) throw new DevApiError('AccessDeniedException', 'POST /aethon/records is for the aethon CLI, not for browsers', 403);
      if (!/^application\/json\b/.test(request.headers['content-type'] ?? '')) throw new DevApiError('ValidationException', 'POST /aethon/records takes Content-Type: application/json', 415);
      const record = (await readJsonBody(request)) as unknown as ExecutionRecord;
      if (typeof record.executionArn !== 'string' || !Array.isArray(record.history)) throw new DevApiError('ValidationException', 'the body must be an execution record: executionArn, name, stateMachineName, status, startDate, input, history');
      if (plane.runner.find(record.executionArn)) throw new DevApiError('ExecutionAlreadyExists', `'${record.executionArn}' is running in this server; its record is the server's to write`, 409);
      await plane.checkpoints.flush();
      try {
        await plane.store.put(record);
      } catch (error) {
        throw new DevApiError('ValidationException', (error as Error).message);
      }
      sendJson(response, 200, { stored: record.executionArn }, 'application/json');
    } catch (error) {
      sendError(response, error);
    }
  },
};
