/**
 * Cross-site request forgery: a web page the developer has open elsewhere can make the browser
 * send requests to `aethon dev` on 127.0.0.1. Access and Host checks are lib/dev's (security.ts);
 * this adds what a state-changing request from a browser must also show: that it comes from the
 * console's own origin. Browsers send `Sec-Fetch-Site` and `Origin` on such requests; SDK clients
 * and curl send neither, and pass.
 */
import type { IncomingHttpHeaders } from 'node:http';

/** Why a request was refused, or undefined when it may go on. */
export function crossSiteRefusal(method: string | undefined, headers: IncomingHttpHeaders): string | undefined {
  if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return undefined;
  const fetchSite = single(headers['sec-fetch-site']);
  if (fetchSite !== undefined && fetchSite !== 'same-origin' && fetchSite !== 'none') {
    return `aethon dev refuses a ${method} request sent from another site (Sec-Fetch-Site: ${fetchSite}): only the console served on this port may change state from a browser`;
  }
  const origin = single(headers.origin);
  if (origin === undefined) return undefined;
  const host = single(headers.host);
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return `aethon dev refuses a ${method} request from origin '${origin}': only the console served on this port may change state from a browser`;
  }
  if (host === undefined || originHost.toLowerCase() !== host.toLowerCase()) {
    return `aethon dev refuses a ${method} request from origin '${origin}' to host '${host ?? ''}': only the console served on this port may change state from a browser`;
  }
  return undefined;
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
