import { StatesErrors } from '../../../contracts/statesErrors.ts';
import { TaskFailure, type StatesFailure } from '../../errors.ts';
import { stateErrorPrefix } from '../failures.ts';
import type { StateContext } from '../types.ts';

/** The state's `Next`, or `undefined` when it ends its graph (`End: true`). */
export function nextOf(ctx: StateContext): string | undefined {
  const { Next, End } = ctx.state;
  if (End === true) return undefined;
  if (typeof Next === 'string') return Next;
  throw new TaskFailure(StatesErrors.RUNTIME, `The state '${ctx.name}' has neither a Next field nor End: true.`);
}

/** A States.Runtime failure naming the state, for bad data at run time. */
export function runtimeFailure(ctx: StateContext, message: string): StatesFailure {
  return new TaskFailure(StatesErrors.RUNTIME, `${stateErrorPrefix(ctx)} ${message.charAt(0).toUpperCase()}${message.slice(1)}`);
}

/** Reads a numeric field that may be written as a literal or (JSONata) evaluated already. */
export function requireNumber(ctx: StateContext, field: string, value: unknown, options: { integer?: boolean; min?: number } = {}): number {
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (!options.integer || Number.isInteger(value)) &&
    (options.min === undefined || value >= options.min);
  if (!ok) {
    const kind = options.integer ? 'an integer' : 'a number';
    const bound = options.min === undefined ? '' : ` >= ${options.min}`;
    throw runtimeFailure(ctx, `field ${field} must be ${kind}${bound}, got ${JSON.stringify(value) ?? 'undefined'}.`);
  }
  return value;
}
