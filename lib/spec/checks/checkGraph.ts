/**
 * Structural checks across steps: transitions point at steps that exist in the same scope, every
 * step is reachable, every step can reach an end, and names are unique in the whole machine (ASL
 * requires state names to be unique across the state machine, nested branches included).
 */
import type { Diagnostic } from '../diagnostics.ts';
import { edgesOf, isTerminal, reachableFrom, scopesOf, type StepScope } from '../stepGraph.ts';
import { didYouMean } from '../suggest.ts';
import type { StepSpec, WorkflowSpec } from '../types.ts';

export function checkGraph(spec: WorkflowSpec): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const firstSeenAt = new Map<string, readonly (string | number)[]>();
  for (const scope of scopesOf(spec.steps, spec.startAt)) {
    diagnostics.push(...checkScope(scope));
    for (const name of Object.keys(scope.steps)) {
      const where = [...scope.path, name];
      const earlier = firstSeenAt.get(name);
      if (earlier) {
        diagnostics.push({
          code: 'duplicate-step',
          severity: 'error',
          message: `step name '${name}' is already used at ${earlier.join('.')}`,
          path: where,
          hint: 'Step Functions needs state names to be unique across the whole state machine, nested steps included',
        });
      } else {
        firstSeenAt.set(name, where);
      }
    }
  }
  return diagnostics;
}

function checkScope(scope: StepScope): Diagnostic[] {
  const { steps, path } = scope;
  const names = Object.keys(steps);
  const diagnostics: Diagnostic[] = [];
  if (names.length === 0) {
    return [{ code: 'empty-steps', severity: 'error', message: 'there are no steps here', path }];
  }
  if (scope.startAt !== undefined && !steps[scope.startAt]) {
    diagnostics.push({
      code: 'unknown-step',
      severity: 'error',
      message: `startAt names unknown step '${scope.startAt}'${didYouMean(scope.startAt, names)}`,
      path: scope.startAtPath,
    });
  }
  for (const [name, step] of Object.entries(steps)) {
    diagnostics.push(...checkTransitions(step, [...path, name]));
    for (const edge of edgesOf(step)) {
      if (!steps[edge.to]) {
        diagnostics.push({
          code: 'unknown-step',
          severity: 'error',
          message: `unknown step '${edge.to}' in ${[...path, name, ...edge.path].join('.')}${didYouMean(edge.to, names)}`,
          path: [...path, name, ...edge.path],
          hint: 'a step can only move to a step in the same steps mapping',
        });
      }
    }
  }
  const reachable = reachableFrom(steps, scope.startAt);
  // Unreachable steps and dead loops after a dangling transition are its echoes: report the cause only.
  const dangling = diagnostics.some((d) => d.code === 'unknown-step');
  if (scope.startAt && steps[scope.startAt] && !dangling) {
    for (const name of names) {
      if (!reachable.has(name)) {
        diagnostics.push({
          code: 'unreachable-step',
          severity: 'error',
          message: `step '${name}' is never reached from '${scope.startAt}'`,
          path: [...path, name],
          hint: 'point a next, choice or catch at it, or remove it',
        });
      }
    }
    diagnostics.push(...checkExits(scope, reachable));
  }
  return diagnostics;
}

function checkTransitions(step: StepSpec, path: (string | number)[]): Diagnostic[] {
  if (step.type === 'choice' || step.type === 'succeed' || step.type === 'fail') return [];
  const hasNext = step.next !== undefined;
  if (hasNext && step.end) {
    return [{ code: 'conflicting-transition', severity: 'error', message: 'a step has either next or end: true, not both', path }];
  }
  if (!hasNext && !step.end) {
    return [{ code: 'missing-transition', severity: 'error', message: 'this step has neither next nor end: true', path, hint: "add 'next: <step>' or 'end: true'" }];
  }
  return [];
}

/** Steps from which no end can be reached loop forever: an error, reported once per loop. */
function checkExits(scope: StepScope, reachable: Set<string>): Diagnostic[] {
  const { steps, path } = scope;
  const canEnd = new Set(Object.keys(steps).filter((name) => isTerminal(steps[name]!)));
  for (let changed = true; changed; ) {
    changed = false;
    for (const [name, step] of Object.entries(steps)) {
      if (!canEnd.has(name) && edgesOf(step).some((edge) => canEnd.has(edge.to))) {
        canEnd.add(name);
        changed = true;
      }
    }
  }
  const stuck = [...reachable].filter((name) => !canEnd.has(name));
  if (stuck.length === 0) return [];
  return [
    {
      code: 'loop-without-exit',
      severity: 'error',
      message: `steps ${stuck.map((s) => `'${s}'`).join(', ')} loop with no way to reach an end`,
      path: [...path, stuck[0]!],
      hint: "give the loop a choice that leads to a step with 'end: true', a succeed or a fail step",
    },
  ];
}
