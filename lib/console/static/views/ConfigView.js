/**
 * A workflow's dynamic configuration: the version in force, an editor checked against the
 * workflow's JSON Schema while typing (the server checks again and keeps the history), a reason
 * for every change, and rollback to an earlier version.
 */
import { useEffect, useState } from 'preact/hooks';
import { aethon } from '../lib/api.js';
import { formatTime } from '../lib/format.js';
import { html } from '../lib/html.js';
import { schemaProblems } from '../lib/schemaCheck.js';
import { jsonProblem } from './StartForm.js';

export function ConfigView({ workflow }) {
  const [config, setConfig] = useState();
  const [text, setText] = useState('');
  const [reason, setReason] = useState('');
  const [message, setMessage] = useState();
  const load = () =>
    aethon(`config/${encodeURIComponent(workflow)}`).then(
      (answer) => {
        setConfig(answer);
        setText(JSON.stringify(answer.current.document, null, 2));
      },
      (error) => setConfig({ unavailable: error.message }),
    );
  useEffect(() => void load(), [workflow]);
  if (!config) return html`<p class="muted">Loading configuration\u2026</p>`;
  if (config.unavailable) return html`<p class="problem" role="alert">No configuration for ${workflow}: ${config.unavailable}</p>`;
  const syntax = jsonProblem(text);
  const problems = syntax ? [{ path: '(document)', message: `is not JSON: ${syntax}` }] : schemaProblems(config.schema, JSON.parse(text));
  const send = async (path, body) => {
    setMessage(undefined);
    try {
      const outcome = await aethon(path, body);
      setMessage({ ok: true, text: `Version ${outcome.version} is in force${outcome.changed?.length ? ` (changed: ${outcome.changed.join(', ')})` : ''}. ${outcome.propagation ?? ''}` });
      setReason('');
      await load();
    } catch (error) {
      setMessage({ ok: false, text: `Refused: ${error.message}` });
    }
  };
  const apply = (event) => {
    event.preventDefault();
    if (problems.length === 0 && reason.trim()) send(`config/${encodeURIComponent(workflow)}`, { document: JSON.parse(text), reason: reason.trim() });
  };
  return html`
    <section aria-labelledby="config-title">
      <h1 id="config-title">Configuration of ${workflow} <small>version ${config.current.version}</small></h1>
      <form class="config" onSubmit=${apply}>
        <label>Document (JSON, checked against the workflow's schema)
          <textarea name="document" rows="12" spellcheck="false" aria-invalid=${String(problems.length > 0)} aria-describedby="config-problems" value=${text} onInput=${(event) => setText(event.target.value)}></textarea>
        </label>
        <div id="config-problems" aria-live="polite">
          ${problems.length > 0 ? html`<ul class="problem" data-testid="config-problems">${problems.map((problem) => html`<li>${problem.path} ${problem.message}</li>`)}</ul>` : html`<p class="muted">The schema accepts this document.</p>`}
        </div>
        <label>Reason (kept in the history)
          <input name="reason" value=${reason} required onInput=${(event) => setReason(event.target.value)} placeholder="e.g. incident 42: freeze deploys" />
        </label>
        <button type="submit" class="primary" disabled=${problems.length > 0 || !reason.trim()}>Apply</button>
      </form>
      ${message && html`<p class=${message.ok ? 'ok' : 'problem'} role=${message.ok ? 'status' : 'alert'} data-testid="config-message">${message.text}</p>`}
      <table class="history">
        <caption>History</caption>
        <thead><tr><th>Version</th><th>When</th><th>Who</th><th>Reason</th><th></th></tr></thead>
        <tbody>
          ${config.history.map(
            (version) => html`<tr>
              <td>${version.version}${version.rolledBackFrom ? ` (from ${version.rolledBackFrom})` : ''}</td>
              <td>${formatTime(version.at)}</td>
              <td>${version.author ?? ''}</td>
              <td>${version.reason ?? ''}</td>
              <td>${version.version !== config.current.version &&
              html`<button type="button" disabled=${!reason.trim()} title="needs a reason" onClick=${() => send(`config/${encodeURIComponent(workflow)}/rollback`, { version: version.version, reason: reason.trim() })}>Roll back to this</button>`}</td>
            </tr>`,
          )}
        </tbody>
      </table>
    </section>
  `;
}
