/**
 * Limits that Step Functions and Lambda enforce at deploy or run time, checked at compile time
 * so they fail on a laptop instead.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html
 */
import { MAX_NAME_LENGTH, parseDuration, type Diagnostic, type SpecPath, type WorkflowSpec } from '../spec/index.ts';
import { scopesOf, reachableFrom, edgesOf } from '../spec/index.ts';
import type { AslDefinition, AslState } from './asl.ts';
import { environmentSizeProblems } from './functionEnvironment.ts';
import { MAX_FUNCTION_TIMEOUT_SECONDS, type CompiledFunction } from './functions.ts';

export const MAX_DEFINITION_BYTES = 1_048_576;
export const MAX_EXPRESS_SECONDS = 300;
/** What Step Functions accepts for a retrier's MaxDelaySeconds (one year). */
export const MAX_RETRY_DELAY_SECONDS = 31_622_400;
/** TimeoutSeconds and HeartbeatSeconds of a state. */
export const MAX_STATE_SECONDS = 99_999_999;

export function runStaticChecks(
  spec: WorkflowSpec,
  definition: AslDefinition,
  definitionJson: string,
  functions: readonly CompiledFunction[],
  pathOf: ReadonlyMap<string, SpecPath>,
): { diagnostics: Diagnostic[]; stateCount: number } {
  const diagnostics: Diagnostic[] = [];
  let stateCount = 0;
  for (const [name, state] of allStates(definition.States)) {
    stateCount++;
    if (name.length > MAX_NAME_LENGTH) {
      diagnostics.push({ code: 'state-name-too-long', severity: 'error', message: `state name '${name}' is ${name.length} characters; Step Functions allows ${MAX_NAME_LENGTH}`, path: pathOf.get(name) ?? ['steps'], hint: 'shorten the step name (compensation states are named "Compensate <step>")' });
    }
    diagnostics.push(...durationRanges(name, state, pathOf));
    if (spec.type === 'express' && state.Type === 'Wait' && typeof state.Seconds === 'number' && state.Seconds > MAX_EXPRESS_SECONDS) {
      diagnostics.push({ code: 'express-duration', severity: 'error', message: `waits ${state.Seconds}s, longer than an express workflow may run (${MAX_EXPRESS_SECONDS}s)`, path: [...(pathOf.get(name) ?? []), 'duration'] });
    }
  }
  const executionTimeout = (definition as { TimeoutSeconds?: unknown }).TimeoutSeconds;
  if (typeof executionTimeout === 'number' && (executionTimeout < 1 || executionTimeout > MAX_STATE_SECONDS)) {
    diagnostics.push({ code: 'duration-out-of-range', severity: 'error', message: `the workflow timeout is ${executionTimeout}s; Step Functions accepts 1s to ${MAX_STATE_SECONDS}s`, path: ['timeout'] });
  }
  const bytes = Buffer.byteLength(definitionJson, 'utf8');
  if (bytes > MAX_DEFINITION_BYTES) {
    diagnostics.push({ code: 'definition-too-large', severity: 'error', message: `the compiled definition is ${bytes} bytes; Step Functions allows ${MAX_DEFINITION_BYTES}`, path: ['steps'], hint: 'split the workflow, or move large literals into config' });
  }
  if (spec.type === 'express' && spec.timeout && parseDuration(spec.timeout) > MAX_EXPRESS_SECONDS) {
    diagnostics.push({ code: 'express-duration', severity: 'error', message: `express workflows run at most ${MAX_EXPRESS_SECONDS}s; timeout is ${parseDuration(spec.timeout)}s`, path: ['timeout'], hint: "use 'type: standard' for longer runs" });
  }
  for (const fn of functions) {
    const at = [...(pathOf.get(fn.stepName) ?? ['steps']), ...(fn.role === 'compensation' ? ['compensate'] : []), 'timeout'];
    if (fn.timeoutSeconds > MAX_FUNCTION_TIMEOUT_SECONDS) {
      diagnostics.push({ code: 'task-timeout-too-long', severity: 'error', message: `a Lambda function runs at most ${MAX_FUNCTION_TIMEOUT_SECONDS}s; this timeout is ${fn.timeoutSeconds}s`, path: at });
    }
    if (fn.idempotency && fn.idempotency.ttlSeconds < fn.timeoutSeconds) {
      diagnostics.push({
        code: 'idempotency-ttl-below-timeout',
        severity: 'error',
        message: `the idempotency record lives ${fn.idempotency.ttlSeconds}s but the step may run ${fn.timeoutSeconds}s: a duplicate could start while the first attempt still runs`,
        path: [...(pathOf.get(fn.stepName) ?? ['steps']), 'idempotency', 'ttl'],
        hint: 'make the ttl at least the step timeout (usually hours or days: as long as a duplicate may still arrive)',
      });
    }
    const state = findState(definition.States, fn.stepName);
    const heartbeat = fn.role === 'task' ? state?.HeartbeatSeconds : undefined;
    if (typeof heartbeat === 'number' && heartbeat >= fn.timeoutSeconds) {
      diagnostics.push({ code: 'invalid-heartbeat', severity: 'error', message: `heartbeat (${heartbeat}s) must be shorter than the timeout (${fn.timeoutSeconds}s)`, path: [...(pathOf.get(fn.stepName) ?? []), 'heartbeat'] });
    } else if (typeof heartbeat === 'number') {
      // A request-response lambda:invoke gets no task token, so nothing can send a heartbeat.
      diagnostics.push({
        code: 'heartbeat-is-a-deadline',
        severity: 'warning',
        message: `a Lambda step cannot send heartbeats: the step fails with States.HeartbeatTimeout after ${heartbeat}s, whatever it does`,
        path: [...(pathOf.get(fn.stepName) ?? []), 'heartbeat'],
        hint: "use 'timeout' for a deadline; heartbeat only means something for callback tasks",
      });
    }
  }
  diagnostics.push(...unboundedLoops(spec), ...environmentSizeProblems(spec, functions, pathOf));
  return { diagnostics, stateCount };
}

/**
 * Durations Step Functions refuses when the state machine is created: a zero timeout, heartbeat,
 * retry interval or delay cap (the spec accepts `0s`), and values past the service's maximums.
 */
function durationRanges(name: string, state: AslState, pathOf: ReadonlyMap<string, SpecPath>): Diagnostic[] {
  const at = (...field: (string | number)[]): SpecPath => [...(pathOf.get(name) ?? ['steps']), ...field];
  const out: Diagnostic[] = [];
  const check = (value: unknown, min: number, max: number, what: string, path: SpecPath): void => {
    if (typeof value !== 'number' || (value >= min && value <= max)) return;
    out.push({ code: 'duration-out-of-range', severity: 'error', message: `${what} is ${value}s; Step Functions accepts ${min}s to ${max}s`, path });
  };
  check(state.TimeoutSeconds, 1, MAX_STATE_SECONDS, 'the timeout', at('timeout'));
  check(state.HeartbeatSeconds, 1, MAX_STATE_SECONDS, 'the heartbeat', at('heartbeat'));
  for (const retrier of (state.Retry as { IntervalSeconds?: number; MaxDelaySeconds?: number }[] | undefined) ?? []) {
    check(retrier.IntervalSeconds, 1, MAX_STATE_SECONDS, 'a retry interval', at('retry'));
    check(retrier.MaxDelaySeconds, 1, MAX_RETRY_DELAY_SECONDS, 'a retry maxDelay', at('retry'));
  }
  return out;
}

function* allStates(states: Record<string, AslState>): Generator<[string, AslState]> {
  for (const [name, state] of Object.entries(states)) {
    yield [name, state];
    const branches = (state.Branches as { States: Record<string, AslState> }[] | undefined) ?? [];
    for (const branch of branches) yield* allStates(branch.States);
    const processor = state.ItemProcessor as { States: Record<string, AslState> } | undefined;
    if (processor) yield* allStates(processor.States);
  }
}

function findState(states: Record<string, AslState>, name: string): AslState | undefined {
  for (const [candidate, state] of allStates(states)) if (candidate === name) return state;
  return undefined;
}

/**
 * A loop can run until the 25,000-event history cap unless something bounds it. Without an
 * execution timeout nothing does, so each loop is flagged (a warning: the exit condition may
 * well be sound, but nothing enforces it).
 */
function unboundedLoops(spec: WorkflowSpec): Diagnostic[] {
  if (spec.timeout) return [];
  const diagnostics: Diagnostic[] = [];
  for (const scope of scopesOf(spec.steps, spec.startAt)) {
    for (const name of reachableFrom(scope.steps, scope.startAt)) {
      const loopsBack = edgesOf(scope.steps[name]!).some((edge) => edge.kind !== 'catch' && reachableFrom(scope.steps, edge.to).has(name));
      if (loopsBack && !diagnostics.some((d) => reachableFrom(scope.steps, name).has(String(d.path.at(-1))))) {
        diagnostics.push({
          code: 'unbounded-loop',
          severity: 'warning',
          message: `step '${name}' is part of a loop with no bound`,
          path: [...scope.path, name],
          hint: "declare a workflow 'timeout:' so a loop that never exits is stopped",
        });
      }
    }
  }
  return diagnostics;
}
