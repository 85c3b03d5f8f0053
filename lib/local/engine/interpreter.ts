import { StatesErrors } from '../../contracts/statesErrors.ts';
import { TaskFailure } from '../errors.ts';
import { serializePayload } from './io/payload.ts';
import { record } from './record.ts';
import { prepareGraph } from './prepareGraph.ts';
import type { Frame, Runtime, StateContext, StateResult } from './types.ts';
import { NOT_TRUNCATED } from './history.ts';

/**
 * Runs a states graph (the machine, a Parallel branch or a Map iteration) from `StartAt` to an
 * end state, recording `<Type>StateEntered` / `<Type>StateExited` around each state.
 * @returns the output of the last state
 * @throws the error of a state that failed without a matching Catch
 */
export async function runGraph(runtime: Runtime, frame: Frame, input: unknown): Promise<unknown> {
  const states = prepareGraph(frame.graph, frame.queryLanguage);
  let name = frame.graph.StartAt;
  let value = input;
  // The previous state's output is this state's input: reuse its serialized form.
  let valueJson: string | undefined;
  for (;;) {
    if (frame.signal.aborted) throw frame.signal.reason;
    const prepared = states.get(name);
    if (prepared === undefined) {
      throw new TaskFailure(StatesErrors.RUNTIME, `The state '${name}' does not exist in the state machine definition.`);
    }
    const { definition: state, handler, io } = prepared;
    if (handler === undefined) {
      throw new TaskFailure(StatesErrors.RUNTIME, `The state '${name}' has an unknown Type '${state.Type}'.`);
    }
    const inputJson = valueJson ?? serializePayload(value, 'input', name);
    const enteredEventId = record(runtime, frame, `${state.Type}StateEntered`, 'stateEnteredEventDetails', {
      name,
      input: inputJson,
      inputDetails: NOT_TRUNCATED,
    });
    const ctx: StateContext = {
      name,
      state,
      runtime,
      frame,
      io,
      enteredTime: runtime.history.events[enteredEventId - 1]!.timestamp,
      enteredEventId,
      inputJson,
    };
    let result: StateResult;
    try {
      const returned = handler(value, ctx);
      result = returned instanceof Promise ? await returned : returned;
    } catch (error) {
      // A state stopped because a sibling branch failed or the execution ended: AWS records
      // `<Type>StateAborted` for it (not for Fail, which ended on its own terms).
      if (frame.signal.aborted && state.Type !== 'Fail' && !runtime.history.limitReached) {
        try {
          record(runtime, frame, `${state.Type}StateAborted`);
        } catch {
          // The execution already closed its history (timeout); nothing more to record.
        }
      }
      throw error;
    }
    if (state.Type !== 'Fail') {
      // An output that is the input unchanged, or a task result passed on as is, has its JSON already
      // (state data is never mutated in place; every write makes a copy).
      valueJson =
        result.output === value ? inputJson
          : (result.outputJson ?? serializePayload(result.output, 'output', name));
      const details: Record<string, unknown> = { name, output: valueJson, outputDetails: NOT_TRUNCATED };
      if (result.assigned !== undefined) {
        const assignedVariables: Record<string, string> = {};
        for (const [key, v] of Object.entries(result.assigned)) assignedVariables[key] = JSON.stringify(v) ?? 'null';
        details.assignedVariables = assignedVariables;
        details.assignedVariablesDetails = NOT_TRUNCATED;
      }
      record(runtime, frame, `${state.Type}StateExited`, 'stateExitedEventDetails', details);
    }
    if (result.next === undefined) {
      frame.lastOutputJson = valueJson;
      return result.output;
    }
    name = result.next;
    value = result.output;
  }
}
