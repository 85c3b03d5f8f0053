/** One execution: its graph coloured by what happened, the selected state, actions and history; live while it runs. */
import { useEffect, useState } from 'preact/hooks';
import { executionArnFor, sfn, sfnAll } from '../lib/api.js';
import { formatDuration, formatTime, prettyJson } from '../lib/format.js';
import { scopeAt } from '../lib/graphLayout.js';
import { html } from '../lib/html.js';
import { Link } from '../lib/link.js';
import { compensatedStep, failedStateOf, stateOutcomes, toMillis } from '../lib/outcomes.js';
import { configHref, executionHref, href, idempotencyHref, navigate } from '../lib/route.js';
import { usePolling } from '../lib/usePolling.js';
import { loadWorkflows } from '../lib/workflows.js';
import { ErrorBox } from './ErrorBox.js';
import { HistoryTable } from './HistoryTable.js';
import { Legend, StateGraph } from './StateGraph.js';
import { StatePanel } from './StatePanel.js';

const definitions = new Map();

async function loadExecution(workflowName, name) {
  const workflows = await loadWorkflows();
  const workflow = workflows.find((candidate) => candidate.name === workflowName);
  if (!workflow) throw new Error(`aethon dev serves no workflow named '${workflowName}' (it serves ${workflows.map((candidate) => candidate.name).join(', ') || 'none'})`);
  const executionArn = executionArnFor(workflow.stateMachineArn, name);
  const [execution, events] = await Promise.all([sfn('DescribeExecution', { executionArn }), sfnAll('GetExecutionHistory', { executionArn, maxResults: 1000 }, 'events', 25000)]);
  if (!definitions.has(executionArn)) {
    // The definition the execution ran, where the server keeps it; otherwise the state machine's current one.
    const described = await sfn('DescribeStateMachineForExecution', { executionArn }).catch(() => sfn('DescribeStateMachine', { stateMachineArn: workflow.stateMachineArn }));
    definitions.set(executionArn, JSON.parse(described.definition));
  }
  return { workflow, execution, events, definition: definitions.get(executionArn) };
}

/** `Outer:0/Inner:1` <-> [['Outer', 0], ['Inner', 1]] */
const parseScope = (text) => (text ? text.split('/').map((part) => [part.slice(0, part.lastIndexOf(':')), Number(part.slice(part.lastIndexOf(':') + 1))]) : []);
const formatScope = (path) => path.map(([name, index]) => `${name}:${index}`).join('/');

export function ExecutionView({ workflow, name, query }) {
  const [running, setRunning] = useState(true);
  const { data, error } = usePolling(() => loadExecution(workflow, name), [workflow, name, running], running ? 1000 : 0);
  const [actionError, setActionError] = useState();
  const status = data?.execution.status;
  useEffect(() => {
    if (status !== undefined) setRunning(status === 'RUNNING');
  }, [status]);
  if (error && !data) return html`<p class="problem" role="alert">Could not open ${workflow}/${name}: ${error.message}</p>`;
  if (!data) return html`<p class="muted">Loading ${name}\u2026</p>`;
  const { execution, events, definition } = data;
  const outcomes = stateOutcomes(events, execution);
  const path = parseScope(query.scope);
  const scope = scopeAt(definition, path) ?? definition;
  const here = (changes) => executionHref(workflow, name, { ...query, ...changes });
  const select = (state) => navigate(here({ state }), { replace: true });
  const drill = (state, index) => navigate(here({ scope: formatScope([...path, [state, index]]), state: undefined }));
  const act = async (operation, body) => {
    setActionError(undefined);
    try {
      await sfn(operation, body);
      setRunning(true);
    } catch (failure) {
      setActionError(`${operation} refused: ${failure.message}`);
    }
  };
  const closed = execution.status !== 'RUNNING';
  const end = execution.stopDate ? toMillis(execution.stopDate) : Date.now();
  const failed = failedStateOf(outcomes);
  const compensations = [...outcomes].filter(([state]) => compensatedStep(state) && !state.endsWith('?'));
  const selectedState = query.state;
  return html`
    <section aria-labelledby="execution-title">
      <nav class="crumbs" aria-label="breadcrumb"><${Link} href=${href('/', { workflow })}>${workflow}<//> / executions</nav>
      <div class="toolbar">
        <h1 id="execution-title">${name} <span class=${`status status-${execution.status}`} data-testid="execution-status">${execution.status.toLowerCase().replace('_', ' ')}</span></h1>
        <div class="actions">
          ${!closed && html`<button type="button" onClick=${() => act('StopExecution', { executionArn: execution.executionArn, error: 'Aethon.Stopped', cause: 'stopped from the local console' })}>Stop</button>`}
          ${['FAILED', 'TIMED_OUT', 'ABORTED'].includes(execution.status) && html`<button type="button" class="primary" onClick=${() => act('RedriveExecution', { executionArn: execution.executionArn })}>Redrive from the failed state</button>`}
          <${Link} class="button" href=${href('/start', { workflow, from: name })}>Rerun<//>
          ${data.workflow.aethon?.hasConfig && html`<${Link} class="button" href=${configHref(workflow)}>Configuration<//>`}
          ${data.workflow.aethon?.hasIdempotency && html`<${Link} class="button" href=${idempotencyHref(workflow)}>Idempotency records<//>`}
        </div>
      </div>
      ${actionError && html`<p class="problem" role="alert">${actionError}</p>`}
      <dl class="facts">
        <dt>Started</dt><dd>${formatTime(execution.startDate)}</dd>
        <dt>Duration</dt><dd>${formatDuration(end - toMillis(execution.startDate))}</dd>
        ${execution.redriveCount ? html`<dt>Redriven</dt><dd>${execution.redriveCount} time(s)</dd>` : ''}
        ${failed && html`<dt>Failed step</dt><dd><button type="button" class="link" onClick=${() => select(failed.name)}>${failed.name}</button></dd>`}
      </dl>
      ${execution.error !== undefined &&
      html`<${ErrorBox} error=${execution.error} cause=${execution.cause} label="execution error" testid="execution" />`}
      ${compensations.length > 0 &&
      html`<div class="compensation"><h2>Compensation</h2><ol>${compensations.map(
        ([state, summary]) => html`<li>${compensatedStep(state)}: undone by <button type="button" class="link" onClick=${() => select(state)}>${state}</button> (${summary.outcome})</li>`,
      )}</ol></div>`}
      <div class="execution-body">
        <div class="graph-pane">
          ${path.length > 0 &&
          html`<nav class="crumbs" aria-label="scope">
            <button type="button" class="link" onClick=${() => navigate(here({ scope: undefined, state: undefined }))}>top level</button>
            ${path.map(([state, index], at) => html` / <button type="button" class="link" onClick=${() => navigate(here({ scope: formatScope(path.slice(0, at + 1)), state: undefined }))}>${state} ${index + 1}</button>`)}
          </nav>`}
          <${StateGraph} scope=${scope} outcomes=${outcomes} selected=${selectedState} onSelect=${select} />
          <${Legend} />
        </div>
        ${selectedState &&
        html`<${StatePanel} workflow=${workflow} execution=${name} name=${selectedState} state=${scope.States?.[selectedState]} summary=${outcomes.get(selectedState)} running=${!closed} onDrill=${drill} />`}
      </div>
      <h2>Input</h2>
      <pre class="json">${prettyJson(execution.input)}</pre>
      ${execution.output !== undefined && html`<h2>Output</h2><pre class="json">${prettyJson(execution.output)}</pre>`}
      <${HistoryTable} events=${events} onSelect=${select} />
    </section>
  `;
}
