/**
 * Finds one task step of a compiled workflow and cuts its Task state out into a state machine of
 * its own: the same Arguments (the task payload with the execution context), function and
 * timeout, but no Retry, no Catch, and the handler's return value as the output.
 */
import type { CompiledFunction, CompiledWorkflow } from '../../compile/index.ts';
import type { StepSpec, StepsSpec } from '../../spec/index.ts';
import { closestMatch } from '../../spec/suggest.ts';
import { InvalidRequestError, OpsError } from '../errors.ts';

/** The task step to invoke: its function and a one-state definition that runs it once. */
export interface TaskStepTarget {
  readonly step: string;
  readonly function: CompiledFunction;
  readonly definition: Record<string, unknown>;
}

/**
 * @throws InvalidRequestError for a step the workflow does not have (with the nearest name) or
 *   one that is not a task
 */
export function taskStepTarget(workflow: CompiledWorkflow, step: string): TaskStepTarget {
  const steps = allSteps(workflow.spec.steps);
  const spec = steps.get(step);
  const taskNames = [...steps].filter(([, s]) => s.type === 'task').map(([name]) => name);
  if (!spec) {
    const near = closestMatch(step, steps.keys());
    throw new InvalidRequestError(`workflow ${workflow.name} has no step '${step}'${near ? `; did you mean '${near}'?` : ''} (its task steps: ${taskNames.join(', ') || 'none'})`);
  }
  if (spec.type !== 'task') throw new InvalidRequestError(`step '${step}' of ${workflow.name} is a ${spec.type} step; only a task step runs a handler (its task steps: ${taskNames.join(', ') || 'none'})`);
  const fn = workflow.functions.find((candidate) => candidate.stepName === step && candidate.role === 'task');
  const state = fn && findTaskState(workflow.definition as unknown as AslStates, fn.placeholder);
  if (!fn || !state) throw new OpsError(`step '${step}' of ${workflow.name} compiled to no Task state calling its handler; 'aethon asl ${workflow.name}' shows what it compiled to`);
  const { Type, Resource, Arguments, TimeoutSeconds, HeartbeatSeconds } = state.state;
  return {
    step,
    function: fn,
    definition: {
      QueryLanguage: 'JSONata',
      StartAt: state.name,
      States: { [state.name]: { Type, Resource, Arguments, ...(TimeoutSeconds ? { TimeoutSeconds } : {}), ...(HeartbeatSeconds ? { HeartbeatSeconds } : {}), Output: '{% $states.result.Payload %}', End: true } },
    },
  };
}

/** Every step by name, nested ones (map steps, parallel branches) included. */
function allSteps(steps: StepsSpec, into = new Map<string, StepSpec>()): Map<string, StepSpec> {
  for (const [name, step] of Object.entries(steps)) {
    into.set(name, step);
    if (step.type === 'map') allSteps(step.steps, into);
    if (step.type === 'parallel') for (const branch of step.branches) allSteps(branch.steps, into);
  }
  return into;
}

interface AslState {
  readonly Type?: string;
  readonly Resource?: string;
  readonly Arguments?: { readonly FunctionName?: string };
  readonly TimeoutSeconds?: number;
  readonly HeartbeatSeconds?: number;
  readonly Branches?: readonly AslStates[];
  readonly ItemProcessor?: AslStates;
  readonly Iterator?: AslStates;
}
interface AslStates {
  readonly States?: Readonly<Record<string, AslState>>;
}

/** The Task state whose Arguments call `placeholder`, wherever it is nested. */
function findTaskState(machine: AslStates, placeholder: string): { name: string; state: AslState } | undefined {
  for (const [name, state] of Object.entries(machine.States ?? {})) {
    if (state.Type === 'Task' && state.Arguments?.FunctionName === placeholder) return { name, state };
    for (const inner of [...(state.Branches ?? []), ...(state.ItemProcessor ? [state.ItemProcessor] : []), ...(state.Iterator ? [state.Iterator] : [])]) {
      const found = findTaskState(inner, placeholder);
      if (found) return found;
    }
  }
  return undefined;
}
