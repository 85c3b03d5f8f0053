/**
 * Who may talk to `aethon dev`, decided in one place (the API and the browser console share it).
 *
 * - It binds 127.0.0.1 unless told otherwise.
 * - Every request's `Host` header must name this server (a loopback name, the bound address, or
 *   an allowed host): a web page whose DNS name was re-pointed at 127.0.0.1 (DNS rebinding) sends
 *   its own name and is refused.
 * - On an address other than loopback a token is required. SDK clients send it as the access key
 *   id of their SigV4 signature (`credentials: { accessKeyId: token, secretAccessKey: 'any' }`),
 *   so they work unchanged; a browser or curl may send `Authorization: Bearer <token>`. The
 *   signature itself is not verified (the server has no secret to check it against), and plain
 *   HTTP shows the token to the network: use it on networks you trust.
 * - A browser cannot add a header to a page load, so the URL printed at start carries the token
 *   once (`GET /?token=...`): the answer sets it as an HttpOnly, SameSite=Strict cookie and
 *   redirects to the same page without it (out of the address bar and the history). Requests with
 *   that cookie pass; SameSite=Strict keeps other sites' pages from sending it.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { networkInterfaces } from 'node:os';

/** Who the server lets in. */
export interface AccessPolicy {
  /** Host names (without port) a request's Host header may carry. */
  readonly allowedHosts: ReadonlySet<string>;
  /** Required from every client when set. */
  readonly token?: string;
}

/** A refused request: HTTP status, AWS error type and what to do. */
export interface AccessDenied {
  readonly status: 401 | 403;
  readonly type: 'UnrecognizedClientException' | 'AccessDeniedException';
  readonly message: string;
}

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '::1', '[::1]'];

/** Whether an address or name reaches only this machine. */
export function isLoopback(host: string): boolean {
  return LOOPBACK_NAMES.includes(host) || /^127(\.\d{1,3}){3}$/.test(host);
}

/** A token for a non-loopback server: 24 random bytes, URL-safe. */
export function newAccessToken(): string {
  return randomBytes(24).toString('base64url');
}

/**
 * The policy for a server bound to `bindHost`: loopback names always; the bound address; for a
 * wildcard bind (0.0.0.0, ::) this machine's interface addresses; and `extraHosts` (names others
 * use to reach it). `token` is required unless the bind is loopback.
 */
export function accessPolicyFor(bindHost: string, options: { readonly token?: string; readonly extraHosts?: readonly string[] } = {}): AccessPolicy {
  const hosts = new Set<string>(LOOPBACK_NAMES);
  hosts.add(bindHost);
  if (bindHost === '0.0.0.0' || bindHost === '::') {
    for (const addresses of Object.values(networkInterfaces())) for (const address of addresses ?? []) hosts.add(address.address);
  }
  for (const extra of options.extraHosts ?? []) hosts.add(extra.toLowerCase());
  return { allowedHosts: hosts, ...(options.token !== undefined ? { token: options.token } : {}) };
}

/** Checks one request's headers against the policy; undefined when it may pass. */
export function checkAccess(policy: AccessPolicy, headers: IncomingHttpHeaders): AccessDenied | undefined {
  const host = hostName(headers.host);
  if (host !== undefined && host.startsWith('sync-') && policy.allowedHosts.has(host.slice(5))) {
    return {
      status: 403,
      type: 'AccessDeniedException',
      message: `the request came to '${headers.host}': the SDK put its 'sync-' host prefix (StartSyncExecution, TestState) in front of the endpoint. Create the client with disableHostPrefix: true, as for Step Functions Local.`,
    };
  }
  if (host === undefined || !policy.allowedHosts.has(host)) {
    return {
      status: 403,
      type: 'AccessDeniedException',
      message: `aethon dev refuses requests for host '${headers.host ?? ''}': it answers only to ${[...policy.allowedHosts].join(', ')} (a protection against DNS rebinding). Use one of them, or start it with --allow-host.`,
    };
  }
  if (policy.token === undefined) return undefined;
  const presented = presentedToken(headers.authorization);
  const fromCookie = cookieToken(headers.cookie, headers.host);
  const matches = (candidate: string | undefined) => candidate !== undefined && sameSecret(candidate, policy.token!);
  if (!matches(presented) && !matches(fromCookie)) {
    return {
      status: 401,
      type: 'UnrecognizedClientException',
      message: `aethon dev listens beyond loopback and needs its access token (printed at start, and in .aethon/dev.json): give it as the access key id of the SDK's credentials, or as 'Authorization: Bearer <token>'; in a browser, open the URL printed at start (/?token=...) once.`,
    };
  }
  return undefined;
}

/**
 * The cookie a browser keeps the token in after the exchange, named after the port: cookies are
 * not kept apart by port, and two servers on one machine (two projects) must not overwrite each
 * other's token.
 */
export function tokenCookieName(hostHeader: string | undefined): string {
  const port = /:(\d+)$/.exec(hostHeader ?? '')?.[1] ?? '80';
  return `aethon_dev_token_${port}`;
}

/** What the server answers a page load that brings the right token in its URL. */
export interface TokenExchange {
  readonly status: 303;
  /** The same path and query without `token`. */
  readonly location: string;
  readonly setCookie: string;
}

/**
 * `GET <path>?token=<token>` with an allowed Host and the right token: a redirect to the same URL
 * without the token that sets the cookie. Undefined for every other request (which then goes
 * through {@link checkAccess}, so a wrong token is refused there).
 */
export function tokenExchange(policy: AccessPolicy, method: string | undefined, url: string | undefined, headers: IncomingHttpHeaders): TokenExchange | undefined {
  if (policy.token === undefined || method !== 'GET' || url === undefined || !url.includes('token=')) return undefined;
  const parsed = new URL(url, 'http://aethon.invalid');
  const given = parsed.searchParams.get('token');
  if (given === null || !sameSecret(given, policy.token)) return undefined;
  const host = hostName(headers.host);
  if (host === undefined || !policy.allowedHosts.has(host)) return undefined;
  parsed.searchParams.delete('token');
  return {
    status: 303,
    location: parsed.pathname + parsed.search,
    // No Max-Age: the cookie lives as long as the browser session; the token changes with each start anyway.
    setCookie: `${tokenCookieName(headers.host)}=${encodeURIComponent(policy.token)}; Path=/; HttpOnly; SameSite=Strict`,
  };
}

/** The token in the `Cookie` header for the server the Host header names, if the browser sent one. */
export function cookieToken(cookie: string | undefined, hostHeader: string | undefined): string | undefined {
  if (cookie === undefined) return undefined;
  const wanted = tokenCookieName(hostHeader);
  for (const part of cookie.split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === wanted) {
      try {
        return decodeURIComponent(value.join('='));
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** `example.com:8083` -> `example.com`; `[::1]:8083` -> `[::1]`. */
function hostName(header: string | undefined): string | undefined {
  if (header === undefined || header === '') return undefined;
  const lower = header.toLowerCase();
  if (lower.startsWith('[')) return lower.slice(0, lower.indexOf(']') + 1);
  const colon = lower.lastIndexOf(':');
  return colon === -1 ? lower : lower.slice(0, colon);
}

/** The SigV4 access key id (`Credential=<id>/<date>/...`) or a Bearer token. */
export function presentedToken(authorization: string | undefined): string | undefined {
  if (authorization === undefined) return undefined;
  const bearer = /^Bearer\s+(\S+)$/i.exec(authorization);
  if (bearer) return bearer[1];
  const credential = /Credential=([^/,\s]+)\//.exec(authorization);
  return credential?.[1];
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
