/**
 * `GET /aethon/dev/schedules`: each schedule trigger with its next firing (or why it does not fire
 * locally), and the recorded firings, newest first.
 */
import type { DevRoute } from './server.ts';
import { FIRING_KIND } from './DevControlPlane.ts';
import type { Firing } from './schedules/Scheduler.ts';
import { sendError, sendJson } from './protocol.ts';

export const SCHEDULES_ROUTE: DevRoute = {
  method: 'GET',
  path: '/aethon/dev/schedules',
  handle: async (_request, response, plane) => {
    try {
      const firings = (await plane.store.documents.list<Firing>(FIRING_KIND)).map((d) => d.value).sort((a, b) => b.scheduledTime.localeCompare(a.scheduledTime));
      sendJson(response, 200, { schedules: plane.scheduler.status(), firings: firings.slice(0, 1000) }, 'application/json');
    } catch (error) {
      sendError(response, error);
    }
  },
};
