/**
 * Send a test event: edit an EventBridge event, see which workflows' triggers match it (and the
 * execution name each would get) before sending, then start each match through the Step
 * Functions API, as the trigger's starter would.
 */
import { useEffect, useState } from 'preact/hooks';
import { aethon, sfn } from '../lib/api.js';
import { html } from '../lib/html.js';
import { Link } from '../lib/link.js';
import { executionHref } from '../lib/route.js';
import { loadWorkflows } from '../lib/workflows.js';
import { jsonProblem } from './StartForm.js';

const EXAMPLE = { Source: 'my.app', DetailType: 'SomethingHappened', Detail: { id: '42' } };

export function TestEvent() {
  const [text, setText] = useState(JSON.stringify(EXAMPLE, null, 2));
  const [preview, setPreview] = useState();
  const [sent, setSent] = useState([]);
  const syntax = jsonProblem(text);
  useEffect(() => {
    if (syntax) return setPreview({ problem: `Not JSON: ${syntax}` });
    let cancelled = false;
    const parsed = JSON.parse(text);
    // Detail is JSON text in PutEvents; an object is accepted here and sent as text.
    const event = typeof parsed.Detail === 'object' && parsed.Detail !== null ? { ...parsed, Detail: JSON.stringify(parsed.Detail) } : parsed;
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
  const send = async () => {
    const workflows = await loadWorkflows();
    const results = [];
    for (const match of preview.matches.filter((candidate) => !candidate.refusal)) {
      const machine = workflows.find((workflow) => workflow.name === match.workflow);
      try {
        const started = await sfn('StartExecution', { stateMachineArn: machine.stateMachineArn, input: JSON.stringify(match.input), ...(match.executionName ? { name: match.executionName } : {}) });
        results.push({ workflow: match.workflow, name: started.executionArn.split(':').at(-1) });
      } catch (error) {
        results.push({ workflow: match.workflow, problem: error.type === 'ExecutionAlreadyExists' ? `an execution named ${match.executionName} already exists: this key was seen before, so nothing new starts` : error.message });
      }
    }
    setSent(results);
  };
  const startable = preview?.matches?.filter((match) => !match.refusal) ?? [];
  return html`
    <section aria-labelledby="event-title">
      <h1 id="event-title">Send a test event</h1>
      <label>Event (PutEvents entry: Source, DetailType, Detail, optional EventBusName)
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
      <button type="button" class="primary" disabled=${startable.length === 0} onClick=${send}>Send (start ${startable.length})</button>
      ${sent.length > 0 &&
      html`<ul data-testid="event-sent">${sent.map((result) =>
        result.problem ? html`<li class="problem">${result.workflow}: ${result.problem}</li>` : html`<li>${result.workflow}: started <${Link} href=${executionHref(result.workflow, result.name)}>${result.name}<//></li>`,
      )}</ul>`}
    </section>
  `;
}
