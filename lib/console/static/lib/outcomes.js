/**
 * What happened to each state of an execution, read from its GetExecutionHistory events.
 * Events are tied to the state visit they belong to through their `previousEventId` chain (the
 * nearest `*StateEntered` ancestor), so interleaved Parallel branches and Map iterations stay apart.
 * Pure: runs in the page and in the tests.
 */

/** Outcomes, from the most to the least telling when a state was visited more than once. */
export const OUTCOME_ORDER = ['failed', 'running', 'caught', 'compensated', 'retried', 'succeeded', 'aborted', 'not-reached'];

const COMPENSATION_NAME = /^Compensate (.+?)\??$/;

/** The `...EventDetails` member of an event, whatever its type. */
export function detailsOf(event) {
  for (const [key, value] of Object.entries(event)) if (key.endsWith('EventDetails')) return value ?? {};
  return {};
}

const isEntered = (event) => event.type.endsWith('StateEntered');
const isExited = (event) => event.type.endsWith('StateExited');
const isAttempt = (event) => event.type.endsWith('Scheduled') && !event.type.startsWith('Execution');
const isFailure = (event) =>
  !event.type.startsWith('Execution') && !event.type.startsWith('MapIteration') && !event.type.startsWith('MapRun') && (event.type.endsWith('Failed') || event.type.endsWith('TimedOut'));

/**
 * Per state name: `{ outcome, visits, input, output, error, cause, retries: [{ error, cause, delaySeconds }] }`.
 * `execution` ({ status, error }) decides what an unfinished visit means (RUNNING -> running), and
 * names the failure: a caught error that is the execution's own error went on into compensation
 * and the final Fail state, so that step is where the execution failed.
 */
export function stateOutcomes(events, execution = {}) {
  const executionStatus = execution.status;
  const byId = new Map(events.map((event) => [event.id, event]));
  const visitOf = new Map();
  const ownerOf = (id) => {
    if (id === undefined || id === 0) return undefined;
    if (visitOf.has(id)) return visitOf.get(id);
    const event = byId.get(id);
    const owner = event === undefined ? undefined : isEntered(event) ? event : ownerOf(event.previousEventId);
    visitOf.set(id, owner);
    return owner;
  };
  const visits = new Map();
  for (const event of events) {
    if (isEntered(event)) {
      visits.set(event.id, { entered: event, name: detailsOf(event).name, attempts: [], failures: [], exited: undefined, caught: false });
      // Entered straight after a failure: a Catch moved on from the failed state.
      const previous = byId.get(event.previousEventId);
      const parent = previous && isFailure(previous) ? ownerOf(previous.previousEventId) : undefined;
      const caughtVisit = parent && visits.get(parent.id);
      if (caughtVisit && !caughtVisit.exited) caughtVisit.caught = true;
      continue;
    }
    if (isExited(event)) {
      // A Parallel's or Map's exit follows its last branch's events, so it is matched by name.
      const name = detailsOf(event).name;
      const open = [...visits.values()].reverse().find((candidate) => candidate.name === name && !candidate.exited);
      if (open) open.exited = event;
      continue;
    }
    const owner = ownerOf(event.previousEventId);
    const visit = owner && visits.get(owner.id);
    if (!visit) continue;
    if (isAttempt(event)) visit.attempts.push(event);
    else if (isFailure(event)) visit.failures.push(event);
  }
  // After a redrive the states run again; their new visits say what they are now.
  const redriven = events.filter((event) => event.type === 'ExecutionRedriven').at(-1)?.id ?? 0;
  const revisited = new Set([...visits.values()].filter((visit) => visit.entered.id > redriven).map((visit) => visit.name));
  const states = new Map();
  for (const visit of visits.values()) {
    if (visit.entered.id < redriven && revisited.has(visit.name)) continue;
    let outcome = visitOutcome(visit, executionStatus);
    if (outcome === 'caught' && executionStatus === 'FAILED' && execution.error !== undefined && detailsOf(visit.failures.at(-1)).error === execution.error) outcome = 'failed';
    const current = states.get(visit.name);
    const summary = summarize(visit, outcome);
    if (!current) states.set(visit.name, { ...summary, visits: 1 });
    else {
      const stronger = OUTCOME_ORDER.indexOf(outcome) < OUTCOME_ORDER.indexOf(current.outcome);
      states.set(visit.name, { ...(stronger ? summary : current), visits: current.visits + 1, retries: [...current.retries, ...summary.retries] });
    }
  }
  markCompensated(states);
  return states;
}

function visitOutcome(visit, executionStatus) {
  if (visit.entered.type === 'FailStateEntered') return 'failed';
  if (visit.exited) {
    // A Catch also exits the state: its last failure then has no attempt after it.
    const last = visit.failures.at(-1);
    if (last && !visit.attempts.some((attempt) => attempt.id > last.id)) return 'caught';
    return visit.failures.length > 0 ? 'retried' : 'succeeded';
  }
  if (visit.failures.length > 0) return visit.caught ? 'caught' : 'failed';
  if (executionStatus === 'RUNNING') return 'running';
  if (executionStatus === 'SUCCEEDED') return 'succeeded';
  return executionStatus === 'ABORTED' ? 'aborted' : 'failed';
}

function summarize(visit, outcome) {
  const last = visit.failures.at(-1);
  const lastDetails = last ? detailsOf(last) : {};
  const retries = visit.failures
    .map((failure) => {
      const next = visit.attempts.find((attempt) => attempt.id > failure.id);
      if (!next) return undefined;
      const { error, cause } = detailsOf(failure);
      return { error, cause, delaySeconds: Math.max(0, Math.round((toMillis(next.timestamp) - toMillis(failure.timestamp)) / 100) / 10) };
    })
    .filter(Boolean);
  return {
    outcome,
    input: detailsOf(visit.entered).input,
    output: visit.exited ? detailsOf(visit.exited).output : undefined,
    error: lastDetails.error,
    cause: lastDetails.cause,
    retries,
    enteredAt: toMillis(visit.entered.timestamp),
  };
}

/** A step whose "Compensate <step>" state succeeded was undone: that is what the page shows for it. */
function markCompensated(states) {
  for (const [name, summary] of states) {
    const match = COMPENSATION_NAME.exec(name);
    if (!match || name.endsWith('?') || (summary.outcome !== 'succeeded' && summary.outcome !== 'retried')) continue;
    const undone = states.get(match[1]);
    if (undone && (undone.outcome === 'succeeded' || undone.outcome === 'retried')) states.set(match[1], { ...undone, outcome: 'compensated', compensatedBy: name });
  }
}

/** The step a compensation state undoes, or undefined. */
export function compensatedStep(stateName) {
  return COMPENSATION_NAME.exec(stateName)?.[1];
}

/** Timestamps arrive as epoch seconds (JSON 1.0) or ISO strings. */
export function toMillis(timestamp) {
  if (typeof timestamp === 'number') return timestamp * 1000;
  return Date.parse(timestamp);
}

/** The step the execution failed in: the first failed visit that carries an error, else the last failed one. */
export function failedStateOf(states) {
  let withError;
  let last;
  for (const [name, summary] of states) {
    if (summary.outcome !== 'failed' || compensatedStep(name)) continue;
    if (summary.error !== undefined && (!withError || summary.enteredAt < withError.enteredAt)) withError = { name, ...summary };
    if (!last || summary.enteredAt >= last.enteredAt) last = { name, ...summary };
  }
  return withError ?? last;
}
