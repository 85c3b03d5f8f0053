/**
 * The step graph of a workflow: scopes (the top level, each Parallel branch, each Map's steps),
 * their start steps and their edges. Shared by the checks, the compiler and `aethon graph`.
 */
import type { SpecPath } from './diagnostics.ts';
import type { StepSpec, StepsSpec } from './types.ts';

/** One set of steps that transition among themselves. */
export interface StepScope {
  readonly steps: StepsSpec;
  readonly startAt: string | undefined;
  /** Path of the `steps` mapping in the spec, e.g. ['steps'] or ['steps', 'fanOut', 'steps']. */
  readonly path: SpecPath;
  /** Path of the `startAt` field when one is written, for locating errors. */
  readonly startAtPath: SpecPath;
}

/** The scope's start: its `startAt`, else its first step in file order. */
export function startOf(steps: StepsSpec, startAt: string | undefined): string | undefined {
  return startAt ?? Object.keys(steps)[0];
}

/** A transition out of a step, with where it is written. */
export interface Edge {
  readonly to: string;
  readonly path: SpecPath;
  readonly kind: 'next' | 'choice' | 'default' | 'catch';
}

/** Every transition a step declares (next, choices, default, catch). */
export function edgesOf(step: StepSpec): Edge[] {
  const edges: Edge[] = [];
  if ('next' in step && step.next) edges.push({ to: step.next, path: ['next'], kind: 'next' });
  if (step.type === 'choice') {
    step.choices.forEach((choice, i) => edges.push({ to: choice.next, path: ['choices', i, 'next'], kind: 'choice' }));
    if (step.default) edges.push({ to: step.default, path: ['default'], kind: 'default' });
  }
  if ('catch' in step && step.catch) {
    step.catch.forEach((c, i) => edges.push({ to: c.next, path: ['catch', i, 'next'], kind: 'catch' }));
  }
  return edges;
}

/** True for steps that end their scope: `end: true`, succeed and fail. */
export function isTerminal(step: StepSpec): boolean {
  return step.type === 'succeed' || step.type === 'fail' || ('end' in step && step.end === true);
}

/** Every scope, outermost first. */
export function* scopesOf(steps: StepsSpec, startAt: string | undefined, path: SpecPath = ['steps']): Generator<StepScope> {
  const startAtPath = path.length === 1 ? ['startAt'] : [...path.slice(0, -1), 'startAt'];
  yield { steps, startAt: startOf(steps, startAt), path, startAtPath };
  for (const [name, step] of Object.entries(steps)) {
    if (step.type === 'parallel') {
      for (const [i, branch] of step.branches.entries()) {
        yield* scopesOf(branch.steps ?? {}, branch.startAt, [...path, name, 'branches', i, 'steps']);
      }
    } else if (step.type === 'map') {
      yield* scopesOf(step.steps ?? {}, step.startAt, [...path, name, 'steps']);
    }
  }
}

/** Names reachable from the start of a scope, in visiting order. */
export function reachableFrom(steps: StepsSpec, start: string | undefined): Set<string> {
  const seen = new Set<string>();
  const queue = start && steps[start] ? [start] : [];
  while (queue.length > 0) {
    const name = queue.shift()!;
    if (seen.has(name)) continue;
    seen.add(name);
    for (const edge of edgesOf(steps[name]!)) if (steps[edge.to] && !seen.has(edge.to)) queue.push(edge.to);
  }
  return seen;
}
