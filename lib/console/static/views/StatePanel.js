/** What happened in one state: outcome, input, output, error and cause, retries and their delays, handler logs. */
import { useEffect, useState } from 'preact/hooks';
import { aethon } from '../lib/api.js';
import { prettyJson } from '../lib/format.js';
import { innerScopes } from '../lib/graphLayout.js';
import { html } from '../lib/html.js';
import { usePolling } from '../lib/usePolling.js';
import { ErrorBox } from './ErrorBox.js';
import { compensatedStep } from '../lib/outcomes.js';

const LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR'];

export function StatePanel({ workflow, execution, name, state, summary, running, onDrill }) {
  const inner = innerScopes(state);
  const undoes = compensatedStep(name);
  return html`
    <section class="state-panel" aria-labelledby="state-title">
      <h2 id="state-title">${name} <small>${state?.Type ?? ''}</small></h2>
      <p>Outcome: <span class=${`status outcome-${summary?.outcome ?? 'not-reached'}`} data-testid="state-outcome">${summary?.outcome ?? 'not reached'}</span>
        ${summary?.visits > 1 ? ` (${summary.visits} visits)` : ''}</p>
      ${undoes && html`<p>Undoes <strong>${undoes}</strong> after a later step failed.</p>`}
      ${summary?.compensatedBy && html`<p>Undone by <strong>${summary.compensatedBy}</strong> after a later step failed.</p>`}
      ${inner.length > 0 && html`<p>${inner.map((scope, index) => html`<button type="button" onClick=${() => onDrill(name, index)}>Open ${scope.label}</button> `)}</p>`}
      ${summary?.error !== undefined && html`<${ErrorBox} error=${summary.error} cause=${summary.cause} label="state error" testid="state" />`}
      ${summary?.retries?.length > 0 &&
      html`<h3>Retries</h3>
        <ol class="retries">${summary.retries.map((retry) => html`<li><code>${retry.error}</code> then retried after ${retry.delaySeconds} s</li>`)}</ol>`}
      ${summary?.input !== undefined && html`<h3>Input</h3><pre class="json">${prettyJson(summary.input)}</pre>`}
      ${summary?.output !== undefined && html`<h3>Output</h3><pre class="json">${prettyJson(summary.output)}</pre>`}
      ${summary && html`<${HandlerLogs} workflow=${workflow} execution=${execution} state=${name} running=${running} />`}
    </section>
  `;
}

function HandlerLogs({ workflow, execution, state, running }) {
  const [level, setLevel] = useState('DEBUG');
  // While the execution runs its handlers keep writing: read again each second, and once more when it ends.
  const logs = usePolling(() => aethon(`logs?${new URLSearchParams({ workflow, execution, state })}`), [workflow, execution, state, running], running ? 1000 : 0);
  if (logs.loading && !logs.data) return html`<p class="muted">Loading logs\u2026</p>`;
  if (logs.error) return html`<p class="muted">No handler logs: ${logs.error.message}</p>`;
  // EMF lines (`_aws`) are metrics the runtime writes to the same stream, not log messages.
  const lines = (logs.data?.lines ?? []).filter((line) => line._aws === undefined);
  const shown = lines.filter((line) => LEVELS.indexOf(levelOf(line)) >= LEVELS.indexOf(level));
  return html`
    <h3>Handler logs</h3>
    <label>Level <select name="log-level" value=${level} onChange=${(event) => setLevel(event.target.value)}>${LEVELS.map((option) => html`<option>${option}</option>`)}</select></label>
    ${shown.length === 0
      ? html`<p class="muted">No log lines at ${level} or above${running ? ' yet' : ''}.</p>`
      : html`<pre class="logs" data-testid="state-logs">${shown.map((line) => html`<span class=${`log-${levelOf(line).toLowerCase()}`}>${`${logText(line)}\n`}</span>`)}</pre>`}
  `;
}

/** Powertools' levels; a line without one (a console.log) counts as INFO. */
function levelOf(line) {
  const level = String(line.level ?? 'INFO').toUpperCase();
  return level === 'WARNING' ? 'WARN' : LEVELS.includes(level) ? level : level === 'CRITICAL' ? 'ERROR' : 'INFO';
}

/** Keys every Powertools line carries: shown once by the panel's context, not on each line. */
const CONTEXT_KEYS = new Set([
  ...['level', 'message', 'timestamp', 'service', 'sampling_rate', 'xray_trace_id', 'cold_start'],
  ...['function_name', 'function_arn', 'function_memory_size', 'function_request_id'],
  // The execution and state the panel is about.
  ...['state', 'step', 'role', 'workflow', 'execution_name', 'execution_id', 'correlation_id'],
]);

/** `12:00:01 WARN charge refused {"orderId":"o-1"}`: the time, level and message first, the other keys after. */
function logText(line) {
  const rest = Object.fromEntries(Object.entries(line).filter(([key]) => !CONTEXT_KEYS.has(key)));
  const time = typeof line.timestamp === 'string' ? line.timestamp.slice(11, 23) + ' ' : '';
  const extra = Object.keys(rest).length > 0 ? ' ' + JSON.stringify(rest) : '';
  return `${time}${levelOf(line).padEnd(5)} ${line.message ?? ''}${extra}`;
}
