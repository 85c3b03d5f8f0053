/**
 * The page's state lives in the URL: a path for what is shown, the query for filters. Deep links
 * carry the workflow, since execution names are unique per state machine only.
 *   /                                         executions list (?workflow=&status=&since=&q=&page=)
 *   /workflows/<workflow>/executions/<name>   one execution (?state=<selected state>&scope=<drill-down>)
 *   /start?workflow=<w>&from=<execution>      start form (a rerun when `from` is set)
 *   /workflows/<workflow>/config              configuration
 *   /workflows/<workflow>/idempotency         idempotency records (?step=)
 *   /dead-letters                             where dead letters are (on AWS only)
 *   /events                                   send a test event
 */

export function parseRoute(url) {
  const parsed = new URL(url, 'http://console.invalid');
  const parts = parsed.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const query = Object.fromEntries(parsed.searchParams);
  if (parts[0] === 'workflows' && parts[2] === 'executions' && parts.length === 4) return { view: 'execution', workflow: parts[1], name: parts[3], query };
  if (parts[0] === 'workflows' && parts[2] === 'config' && parts.length === 3) return { view: 'config', workflow: parts[1], query };
  if (parts[0] === 'workflows' && parts[2] === 'idempotency' && parts.length === 3) return { view: 'idempotency', workflow: parts[1], query };
  if (parts[0] === 'dead-letters' && parts.length === 1) return { view: 'dead-letters', query };
  if (parts[0] === 'start' && parts.length === 1) return { view: 'start', query };
  if (parts[0] === 'events' && parts.length === 1) return { view: 'events', query };
  if (parts.length === 0) return { view: 'list', query };
  return { view: 'not-found', query, path: parsed.pathname };
}

/** A console URL from a path and query values (empty values left out). */
export function href(path, query = {}) {
  const search = new URLSearchParams(Object.entries(query).filter(([, value]) => value !== undefined && value !== ''));
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}

export const executionHref = (workflow, name, query) => href(`/workflows/${encodeURIComponent(workflow)}/executions/${encodeURIComponent(name)}`, query);
export const configHref = (workflow) => `/workflows/${encodeURIComponent(workflow)}/config`;
export const idempotencyHref = (workflow) => `/workflows/${encodeURIComponent(workflow)}/idempotency`;

/** Moves to a console URL without a reload; `replace` keeps filter edits out of the back button. */
export function navigate(url, { replace = false } = {}) {
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  dispatchEvent(new PopStateEvent('popstate'));
}
