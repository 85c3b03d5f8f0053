/**
 * Send a test event: edit an EventBridge event, see which workflows' triggers match it (and the
 * execution name each would get) before sending, then send it with PutEvents on the same server,
 * whose triggers start what matches.
 */
import { useEffect, useState } from 'preact/hooks';
import { aethon, awsJson, executionArnFor, sfn } from '../lib/api.js';
import { html } from '../lib/html.js';
import { Link } from '../lib/link.js';
import { executionHref } from '../lib/route.js';
import { loadWorkflows } from '../lib/workflows.js';
import { jsonProblem } from './StartForm.js';

const EXAMPLE = { Source: 'my.app', DetailType: 'SomethingHappened', Detail: { id: '42' } };

/** Detail is JSON text in PutEvents; the editor accepts an object and sends it as text. */
function eventOf(text) {
  const parsed = JSON.parse(text);
  return typeof parsed.Detail === 'object' && parsed.Detail !== null ? { ...parsed, Detail: JSON.stringify(parsed.Detail) } : parsed;
}

export function TestEvent() {
  const [text, setText] = useState(JSON.stringify(EXAMPLE, null, 2));
  const [preview, setPreview] = useState();
  const [sent, setSent] = useState([]);
  const syntax = jsonProblem(text);
  useEffect(() => {
    if (syntax) return setPreview({ problem: `Not JSON: ${syntax}` });
    let cancelled = false;
    const event = eventOf(text);
    const timer = setTimeout(() => {
      aethon('events/match', { event }).then(
        (answer) => !cancelled && setPreview({ matches: answer.matches }),
        (error) => !cancelled && setPreview({ problem: error.message }),
      );
    }, 250);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [text]);
  /** Sends the event with PutEvents, as an application would; the server's triggers start what matches. */
  const send = async () => {
    const workflows = await loadWorkflows();
    const matches = preview.matches.filter((candidate) => !candidate.refusal);
    // A name already taken means the key was seen before: the server starts nothing for it.
    const seen = await Promise.all(
      matches.map((match) => {
        const machine = workflows.find((workflow) => workflow.name === match.workflow);
        if (!match.executionName || !machine) return false;
        return sfn('DescribeExecution', { executionArn: executionArnFor(machine.stateMachineArn, match.executionName) }).then(() => true, () => false);
      }),
    );
    try {
      const answer = await awsJson('AWSEvents.PutEvents', { Entries: [eventOf(text)] });
      const failed = answer.Entries?.find((entry) => entry.ErrorCode);
      if (failed) return setSent([{ problem: `PutEvents refused the event: ${failed.ErrorCode}: ${failed.ErrorMessage}` }]);
    } catch (error) {
      return setSent([{ problem: `PutEvents failed: ${error.message}` }]);
    }
    setSent(
      matches.map((match, index) =>
        seen[index] ? { workflow: match.workflow, problem: `an execution named ${match.executionName} already exists: this key was seen before, so nothing new starts` } : { workflow: match.workflow, name: match.executionName },
      ),
    );
  };
  const startable = preview?.matches?.filter((match) => !match.refusal) ?? [];
  return html`
    <section aria-labelledby="event-title">
      <h1 id="event-title">Send a test event</h1>
      <label>Event (a PutEvents entry: Source, DetailType, Detail, optional EventBusName)
        <textarea name="event" rows="12" spellcheck="false" aria-invalid=${String(Boolean(syntax))} value=${text} onInput=${(event) => setText(event.target.value)}></textarea>
      </label>
      <div aria-live="polite" data-testid="event-matches">
        ${preview?.problem && html`<p class="problem">${preview.problem}</p>`}
        ${preview?.matches?.length === 0 && html`<p class="muted">No trigger matches this event: sending it would start nothing.</p>`}
        ${preview?.matches?.length > 0 &&
        html`<ul>${preview.matches.map(
          (match) => html`<li><strong>${match.workflow}</strong> ${match.refusal ? html`<span class="problem">${match.refusal}</span>` : match.executionName ? html`would start <code>${match.executionName}</code>` : 'would start an execution'}</li>`,
        )}</ul>`}
      </div>
      <button type="button" class="primary" disabled=${startable.length === 0} onClick=${send}>Send (starts ${startable.length})</button>
      ${sent.length > 0 &&
      html`<ul data-testid="event-sent">${sent.map((result) =>
        result.problem
          ? html`<li class="problem">${result.workflow ? `${result.workflow}: ` : ''}${result.problem}</li>`
          : result.name
            ? html`<li>${result.workflow}: started <${Link} href=${executionHref(result.workflow, result.name)}>${result.name}<//></li>`
            : html`<li>${result.workflow}: started (see <${Link} href=${`/?workflow=${encodeURIComponent(result.workflow)}`}>its executions<//>)</li>`,
      )}</ul>`}
    </section>
  `;
}
