/**
 * Start an execution with an edited input (a rerun when `from` names an earlier one). The input is
 * checked as JSON while it is typed; the server checks the rest and its refusal is shown as is.
 */
import { useEffect, useState } from 'preact/hooks';
import { executionArnFor, sfn } from '../lib/api.js';
import { prettyJson } from '../lib/format.js';
import { html } from '../lib/html.js';
import { executionHref, navigate } from '../lib/route.js';
import { loadWorkflows } from '../lib/workflows.js';

export function jsonProblem(text) {
  try {
    JSON.parse(text);
    return undefined;
  } catch (error) {
    return error.message;
  }
}

export function StartForm({ query }) {
  const [workflows, setWorkflows] = useState([]);
  const [workflow, setWorkflow] = useState(query.workflow ?? '');
  const [name, setName] = useState('');
  const [input, setInput] = useState('{}');
  const [problem, setProblem] = useState();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    loadWorkflows().then((list) => {
      setWorkflows(list);
      if (!workflow && list[0]) setWorkflow(list[0].name);
    }, (error) => setProblem(`Could not list workflows: ${error.message}`));
  }, []);
  useEffect(() => {
    if (!query.from || workflows.length === 0) return;
    const machine = workflows.find((candidate) => candidate.name === query.workflow);
    if (!machine) return;
    sfn('DescribeExecution', { executionArn: executionArnFor(machine.stateMachineArn, query.from) }).then(
      (execution) => setInput(prettyJson(execution.input ?? '{}')),
      (error) => setProblem(`Could not read ${query.from}'s input: ${error.message}`),
    );
  }, [query.from, workflows.length]);
  const chosen = workflows.find((candidate) => candidate.name === workflow);
  const inputProblem = jsonProblem(input);
  const submit = async (event) => {
    event.preventDefault();
    if (inputProblem || !chosen) return;
    setBusy(true);
    setProblem(undefined);
    try {
      const started = await sfn('StartExecution', { stateMachineArn: chosen.stateMachineArn, input, ...(name.trim() ? { name: name.trim() } : {}) });
      navigate(executionHref(chosen.name, started.executionArn.split(':').at(-1)));
    } catch (error) {
      setProblem(`StartExecution refused: ${error.message}`);
    } finally {
      setBusy(false);
    }
  };
  return html`
    <section aria-labelledby="start-title">
      <h1 id="start-title">${query.from ? `Rerun ${query.from}` : 'Start an execution'}</h1>
      ${query.from && html`<p>A rerun is a new execution with a new name; the original stays as it was.</p>`}
      ${chosen?.aethon?.idempotencyKeyTriggers &&
      html`<p class="note" role="note">${chosen.name} names executions after an idempotency key when an event starts it. A rerun with the same key replays: steps with idempotency return their recorded results and no side effect happens twice. To run the side effects again, change the key in the input.</p>`}
      <form class="start" onSubmit=${submit}>
        <label>Workflow
          <select name="workflow" value=${workflow} onChange=${(event) => setWorkflow(event.target.value)}>
            ${workflows.map((candidate) => html`<option value=${candidate.name}>${candidate.name}</option>`)}
          </select>
        </label>
        <label>Name <small>(optional; a unique one is made up when empty)</small>
          <input name="name" value=${name} maxlength="80" pattern="[A-Za-z0-9_\\-]+" onInput=${(event) => setName(event.target.value)} />
        </label>
        <label>Input (JSON)
          <textarea name="input" rows="14" spellcheck="false" aria-invalid=${String(Boolean(inputProblem))} aria-describedby="input-problem" value=${input} onInput=${(event) => setInput(event.target.value)}></textarea>
        </label>
        <p id="input-problem" class=${inputProblem ? 'problem' : 'muted'} aria-live="polite">${inputProblem ? `Not JSON: ${inputProblem}` : 'Valid JSON.'}</p>
        ${problem && html`<p class="problem" role="alert">${problem}</p>`}
        <button type="submit" class="primary" disabled=${Boolean(inputProblem) || busy || !chosen}>Start</button>
      </form>
    </section>
  `;
}
