import { TaskFailure } from '../errors.ts';
import { StatesErrors } from '../../contracts/statesErrors.ts';
import { readPath } from '../jsonpath/readPath.ts';
import type { PathScope } from '../jsonpath/scope.ts';
import { arrayFunctions } from './arrayFunctions.ts';
import { encodingFunctions } from './encodingFunctions.ts';
import type { IntrinsicFunction } from './invocation.ts';
import { jsonFunctions } from './jsonFunctions.ts';
import { mathFunctions } from './mathFunctions.ts';
import { parseIntrinsic, type IntrinsicArgument, type IntrinsicCall } from './parseIntrinsic.ts';

/** Every intrinsic function of ASL, by name. */
const FUNCTIONS: Readonly<Record<string, IntrinsicFunction>> = {
  ...arrayFunctions,
  ...jsonFunctions,
  ...encodingFunctions,
  ...mathFunctions,
};

/** Names of the intrinsic functions this engine implements. */
export const INTRINSIC_FUNCTION_NAMES: readonly string[] = Object.keys(FUNCTIONS);

/**
 * Whether a `.$` value is an intrinsic function call (`States.Name(...)`) rather than a path.
 */
export function isIntrinsic(value: unknown): value is string {
  return typeof value === 'string' && /^\s*States\.[A-Za-z0-9]+\s*\(/.test(value);
}

/**
 * Evaluates an intrinsic function call such as `States.Format('Hello, {}', $.name)`.
 *
 * Path arguments read `data` (`$`), the context object (`$$`) or variables (`$name`).
 * @throws TaskFailure `States.IntrinsicFailure` for bad syntax or bad arguments (the message names
 *   the function and argument), `States.Runtime` for a path that matches nothing.
 * @example evaluateIntrinsic("States.Array($.Id)", { Id: 1 }, scope) // [1]
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html
 */
export function evaluateIntrinsic(expression: string, data: unknown, scope: PathScope): unknown {
  const call = parseIntrinsic(expression);
  try {
    return evaluateCall(call, data, scope);
  } catch (error) {
    if (!(error instanceof TaskFailure)) throw error;
    // AWS words it "The function '...' had the following error: ...", so the whole call is named.
    throw new TaskFailure(error.name, `The function '${expression}' had the following error: ${error.message}`, {
      cause: error,
    });
  }
}

/**
 * Parses an intrinsic call and checks that every function it names exists, without running it.
 * Use it to validate a definition before execution.
 * @throws TaskFailure `States.IntrinsicFailure` for bad syntax or an unknown function name.
 */
export function validateIntrinsic(expression: string): IntrinsicCall {
  const call = parseIntrinsic(expression);
  const visit = (node: IntrinsicCall): void => {
    if (FUNCTIONS[node.name] === undefined) {
      throw new TaskFailure(StatesErrors.INTRINSIC_FAILURE, `Unknown intrinsic function '${node.name}' in '${expression}'`);
    }
    for (const arg of node.args) if (arg.kind === 'call') visit(arg);
  };
  visit(call);
  return call;
}

function evaluateCall(call: IntrinsicCall, data: unknown, scope: PathScope): unknown {
  const fn = FUNCTIONS[call.name];
  if (fn === undefined) {
    throw new TaskFailure(StatesErrors.INTRINSIC_FAILURE, `Unknown intrinsic function '${call.name}'`);
  }
  const values = call.args.map((arg) => evaluateArgument(arg, data, scope));
  return fn({ name: call.name, values, written: call.args, scope });
}

function evaluateArgument(arg: IntrinsicArgument, data: unknown, scope: PathScope): unknown {
  switch (arg.kind) {
    case 'string':
    case 'number':
    case 'boolean':
      return arg.value;
    case 'null':
      return null;
    case 'path':
      return readPath(arg.path, data, scope);
    case 'call':
      return evaluateCall(arg, data, scope);
  }
}
