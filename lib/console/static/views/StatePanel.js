/** What happened in one state: outcome, input, output, error and cause, retries and their delays, handler logs. */
import { useEffect, useState } from 'preact/hooks';
import { aethon } from '../lib/api.js';
import { prettyJson } from '../lib/format.js';
import { innerScopes } from '../lib/graphLayout.js';
import { html } from '../lib/html.js';
import { ErrorBox } from './ErrorBox.js';
import { compensatedStep } from '../lib/outcomes.js';

const LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR'];

export function StatePanel({ workflow, execution, name, state, summary, onDrill }) {
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
      ${summary && html`<${HandlerLogs} workflow=${workflow} execution=${execution} state=${name} />`}
    </section>
  `;
}

function HandlerLogs({ workflow, execution, state }) {
  const [logs, setLogs] = useState();
  const [level, setLevel] = useState('DEBUG');
  useEffect(() => {
    let cancelled = false;
    aethon(`logs?${new URLSearchParams({ workflow, execution, state })}`).then(
      (answer) => !cancelled && setLogs(answer),
      (error) => !cancelled && setLogs({ unavailable: error.message }),
    );
    return () => (cancelled = true);
  }, [workflow, execution, state]);
  if (!logs) return html`<p class="muted">Loading logs\u2026</p>`;
  if (logs.unavailable) return html`<p class="muted">No handler logs: ${logs.unavailable}</p>`;
  const shown = (logs.lines ?? []).filter((line) => LEVELS.indexOf(String(line.level ?? 'INFO').toUpperCase()) >= LEVELS.indexOf(level));
  return html`
    <h3>Handler logs</h3>
    <label>Level <select value=${level} onChange=${(event) => setLevel(event.target.value)}>${LEVELS.map((option) => html`<option>${option}</option>`)}</select></label>
    ${shown.length === 0 ? html`<p class="muted">No log lines at ${level} or above.</p>` : html`<pre class="logs" data-testid="state-logs">${shown.map((line) => JSON.stringify(line)).join('\n')}</pre>`}
  `;
}
