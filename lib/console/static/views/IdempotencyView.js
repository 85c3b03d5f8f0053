/**
 * A workflow's idempotency records in the local table (the ones `aethon idempotency list --local`
 * shows): step, status, owning execution, expiry; releasing one makes the next start perform the
 * step again. An INPROGRESS record is released only with "force", as the CLI's --force: an attempt
 * still holds it, and releasing it lets a duplicate run beside that attempt.
 */
import { useState } from 'preact/hooks';
import { aethon } from '../lib/api.js';
import { formatTime } from '../lib/format.js';
import { html } from '../lib/html.js';
import { Link } from '../lib/link.js';
import { executionHref, href } from '../lib/route.js';
import { usePolling } from '../lib/usePolling.js';

export function IdempotencyView({ workflow, query }) {
  const [message, setMessage] = useState();
  const [asking, setAsking] = useState();
  const step = query.step ?? '';
  const records = usePolling(() => aethon(`idempotency/${encodeURIComponent(workflow)}${step ? `?${new URLSearchParams({ step })}` : ''}`), [workflow, step], 3000);
  if (records.error && !records.data) return html`<p class="problem" role="alert">No idempotency records for ${workflow}: ${records.error.message}</p>`;
  if (!records.data) return html`<p class="muted">Loading records\u2026</p>`;
  const release = async (record, force) => {
    setMessage(undefined);
    setAsking(undefined);
    try {
      const { released } = await aethon(`idempotency/${encodeURIComponent(workflow)}/release`, { step: record.step, key: record.id, force });
      setMessage({ ok: true, text: `Released ${released.id}: the next start performs ${released.step} again for this key.` });
    } catch (error) {
      setMessage({ ok: false, text: `Refused: ${error.message}` });
    }
  };
  const { steps, records: rows } = records.data;
  return html`
    <section aria-labelledby="records-title">
      <nav class="crumbs" aria-label="breadcrumb"><${Link} href=${href('/', { workflow })}>${workflow}<//> / idempotency records</nav>
      <h1 id="records-title">Idempotency records of ${workflow}</h1>
      <p class="muted">A record makes a step with an idempotency key return its first result instead of running again. Release one to let the next start perform the step again.</p>
      ${steps.length === 0 && html`<p class="note" role="note">${workflow} has no step with an idempotency key.</p>`}
      ${steps.length > 1 &&
      html`<label>Step <select name="step" value=${step} onChange=${(event) => navigateStep(workflow, event.target.value)}>
        <option value="">all</option>${steps.map((name) => html`<option>${name}</option>`)}
      </select></label>`}
      ${message && html`<p class=${message.ok ? 'ok' : 'problem'} role=${message.ok ? 'status' : 'alert'} data-testid="records-message">${message.text}</p>`}
      ${steps.length > 0 && rows.length === 0 && html`<p class="muted" data-testid="no-records">No records${step ? ` of ${step}` : ''}.</p>`}
      ${rows.length > 0 &&
      html`<table class="records">
        <thead><tr><th>Step</th><th>Status</th><th>Owner</th><th>Expires</th><th>Record</th><th></th></tr></thead>
        <tbody>${rows.map(
          (record) => html`<tr data-record=${record.id} data-status=${record.status}>
            <td>${record.step}</td>
            <td>${record.status}${record.expired ? ' (expired)' : ''}</td>
            <td>${record.owner ? html`<${Link} href=${executionHref(workflow, record.owner.split(':').pop())}>${record.owner.split(':').pop()}<//>` : '-'}</td>
            <td>${formatTime(record.inProgressUntil ?? record.expiresAt)}</td>
            <td><code>${record.id}</code></td>
            <td>${asking === record.id
              ? html`<span role="group" aria-label="confirm release">
                  ${record.status === 'INPROGRESS' ? 'An attempt holds it: a duplicate may run beside it. ' : 'The next start performs the step again. '}
                  <button type="button" class="primary" onClick=${() => release(record, record.status === 'INPROGRESS')}>${record.status === 'INPROGRESS' ? 'Release with force' : 'Release'}</button>
                  <button type="button" onClick=${() => setAsking(undefined)}>Cancel</button></span>`
              : html`<button type="button" onClick=${() => setAsking(record.id)}>Release\u2026</button>`}</td>
          </tr>`,
        )}</tbody>
      </table>`}
    </section>
  `;
}

function navigateStep(workflow, step) {
  history.replaceState(null, '', href(`/workflows/${encodeURIComponent(workflow)}/idempotency`, { step }));
  dispatchEvent(new PopStateEvent('popstate'));
}
