/** All executions of all workflows, live, with filters in the URL and pages of 50 rows. */
import { useEffect, useState } from 'preact/hooks';
import { sfn, sfnAll } from '../lib/api.js';
import { namesForKey } from '../lib/executionNames.js';
import { formatDuration, formatTime, keyFields } from '../lib/format.js';
import { html } from '../lib/html.js';
import { Link } from '../lib/link.js';
import { failedStateOf, stateOutcomes, toMillis } from '../lib/outcomes.js';
import { executionHref, href, navigate } from '../lib/route.js';
import { usePolling } from '../lib/usePolling.js';
import { loadWorkflows } from '../lib/workflows.js';

const PAGE_SIZE = 50;
const STATUSES = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE'];
const SINCE = { '15m': 15 * 60e3, '1h': 3600e3, '24h': 86400e3, '7d': 7 * 86400e3 };

/** Input fields and failed step per closed execution: they never change, so each is fetched once. */
const details = new Map();

async function loadExecutions(query) {
  const workflows = await loadWorkflows();
  const chosen = query.workflow ? workflows.filter((workflow) => workflow.name === query.workflow) : workflows;
  const lists = await Promise.all(
    chosen.map((workflow) =>
      sfnAll('ListExecutions', { stateMachineArn: workflow.stateMachineArn, maxResults: 1000, ...(query.status ? { statusFilter: query.status } : {}) }, 'executions').then((executions) =>
        executions.map((execution) => ({ ...execution, workflow: workflow.name })),
      ),
    ),
  );
  const since = SINCE[query.since] ? Date.now() - SINCE[query.since] : undefined;
  const needle = (query.q ?? '').toLowerCase();
  // Executions named after an idempotency key are found by the key itself.
  const keyNames = new Set(needle === '' ? [] : (await Promise.all(workflows.filter((workflow) => workflow.aethon?.idempotencyKeyTriggers).map((workflow) => namesForKey(workflow.name, query.q)))).flat());
  const rows = lists
    .flat()
    .filter((execution) => since === undefined || toMillis(execution.startDate) >= since)
    .filter((execution) => needle === '' || execution.name.toLowerCase().includes(needle) || keyNames.has(execution.name))
    .sort((a, b) => toMillis(b.startDate) - toMillis(a.startDate));
  return { workflows, rows };
}

async function loadDetails(execution) {
  const known = details.get(execution.executionArn);
  if (known && known.status === execution.status) return known;
  const described = await sfn('DescribeExecution', { executionArn: execution.executionArn });
  let failedStep;
  if (['FAILED', 'TIMED_OUT', 'ABORTED'].includes(execution.status)) {
    const events = await sfnAll('GetExecutionHistory', { executionArn: execution.executionArn, maxResults: 1000 }, 'events');
    failedStep = failedStateOf(stateOutcomes(events, { status: described.status, error: described.error }))?.name;
  }
  const found = { status: execution.status, input: keyFields(described.input ?? ''), failedStep, error: described.error };
  details.set(execution.executionArn, found);
  return found;
}

export function ExecutionList({ query }) {
  const { data, error } = usePolling(() => loadExecutions(query), [query.workflow, query.status, query.since, query.q], 2000);
  const [, setVersion] = useState(0);
  const page = Math.max(1, Number(query.page) || 1);
  const rows = data?.rows ?? [];
  const visible = rows.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
  useEffect(() => {
    let cancelled = false;
    for (const execution of visible) {
      const known = details.get(execution.executionArn);
      if (known && known.status === execution.status) continue;
      loadDetails(execution).then(() => !cancelled && setVersion((version) => version + 1), () => undefined);
    }
    return () => (cancelled = true);
  }, [visible.map((execution) => `${execution.executionArn}:${execution.status}`).join('|')]);
  const setFilter = (name, value) => navigate(href('/', { ...query, [name]: value, page: undefined }), { replace: true });
  const pages = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
  return html`
    <section aria-labelledby="executions-title">
      <div class="toolbar">
        <h1 id="executions-title">Executions</h1>
        <${Link} class="button primary" href=${href('/start', { workflow: query.workflow })}>Start an execution<//>
      </div>
      <form class="filters" role="search" onSubmit=${(event) => event.preventDefault()}>
        <label>Workflow
          <select name="workflow" value=${query.workflow ?? ''} onChange=${(event) => setFilter('workflow', event.target.value)}>
            <option value="">all</option>
            ${(data?.workflows ?? []).map((workflow) => html`<option value=${workflow.name}>${workflow.name}</option>`)}
          </select>
        </label>
        <label>Status
          <select name="status" value=${query.status ?? ''} onChange=${(event) => setFilter('status', event.target.value)}>
            <option value="">any</option>
            ${STATUSES.map((status) => html`<option value=${status}>${status.toLowerCase().replace('_', ' ')}</option>`)}
          </select>
        </label>
        <label>Started
          <select name="since" value=${query.since ?? ''} onChange=${(event) => setFilter('since', event.target.value)}>
            <option value="">any time</option>
            ${Object.keys(SINCE).map((since) => html`<option value=${since}>last ${since}</option>`)}
          </select>
        </label>
        <label>Name or idempotency key
          <input type="search" name="q" value=${query.q ?? ''} placeholder="search" onInput=${(event) => setFilter('q', event.target.value)} />
        </label>
      </form>
      ${error && html`<p class="problem" role="alert">Could not list executions: ${error.message}</p>`}
      <table class="executions">
        <thead><tr><th>Status</th><th>Name</th><th>Workflow</th><th>Input</th><th>Started</th><th>Duration</th><th>Failed step</th></tr></thead>
        <tbody>
          ${visible.map((execution) => {
            const known = details.get(execution.executionArn);
            const end = execution.stopDate ? toMillis(execution.stopDate) : Date.now();
            return html`<tr data-execution=${execution.name} data-status=${execution.status}>
              <td><span class=${`status status-${execution.status}`}>${execution.status.toLowerCase().replace('_', ' ')}</span></td>
              <td><${Link} href=${executionHref(execution.workflow, execution.name)}>${execution.name}<//></td>
              <td>${execution.workflow}</td>
              <td class="mono">${known?.input ?? ''}</td>
              <td>${formatTime(execution.startDate)}</td>
              <td>${formatDuration(end - toMillis(execution.startDate))}</td>
              <td class="failed-step" title=${known?.error ?? ''}>${known?.failedStep ?? ''}</td>
            </tr>`;
          })}
        </tbody>
      </table>
      ${data && rows.length === 0 && html`<p class="empty">No executions match. Start one, or send an event to a workflow's trigger.</p>`}
      ${pages > 1 &&
      html`<nav class="pager" aria-label="pages">
        ${page > 1 && html`<${Link} href=${href('/', { ...query, page: page - 1 })}>previous<//>`}
        <span>page ${page} of ${pages} (${rows.length} executions)</span>
        ${page < pages && html`<${Link} href=${href('/', { ...query, page: page + 1 })}>next<//>`}
      </nav>`}
    </section>
  `;
}
