import { TaskFailure, type StatesFailure } from '../errors.ts';
import { StatesErrors } from '../../contracts/statesErrors.ts';
import type { PathScope } from '../jsonpath/scope.ts';
import type { IntrinsicArgument } from './parseIntrinsic.ts';

/** One call of an intrinsic function, with its arguments already evaluated. */
export interface Invocation {
  readonly name: string;
  /** Argument values, after paths were read and nested calls evaluated. */
  readonly values: readonly unknown[];
  /** Arguments as written; States.Format and States.JsonToString look at their form. */
  readonly written: readonly IntrinsicArgument[];
  readonly scope: PathScope;
}

/** An intrinsic function: takes an evaluated invocation, returns a JSON value. */
export type IntrinsicFunction = (invocation: Invocation) => unknown;

/** A `States.IntrinsicFailure` whose message names the function (and argument, when given). */
export function intrinsicFailure(invocation: Invocation, reason: string, argIndex?: number): StatesFailure {
  const where = argIndex === undefined ? invocation.name : `${invocation.name} argument ${argIndex + 1}`;
  return new TaskFailure(StatesErrors.INTRINSIC_FAILURE, `${where}: ${reason}`);
}

/** Checks the number of arguments. */
export function expectArgCount(invocation: Invocation, min: number, max = min): void {
  const count = invocation.values.length;
  if (count < min || count > max) {
    const expected = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
    throw intrinsicFailure(invocation, `expected ${expected} argument(s), got ${count}`);
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}

/** The argument as a string, or a failure naming the argument. */
export function stringArg(invocation: Invocation, index: number): string {
  const value = invocation.values[index];
  if (typeof value !== 'string') throw intrinsicFailure(invocation, `must be a string, got ${describe(value)}`, index);
  return value;
}

/** The argument as an integer, or a failure naming the argument. */
export function integerArg(invocation: Invocation, index: number): number {
  const value = invocation.values[index];
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw intrinsicFailure(invocation, `must be an integer, got ${describe(value)}`, index);
  }
  return value;
}

/** The argument as an array, or a failure naming the argument. */
export function arrayArg(invocation: Invocation, index: number): unknown[] {
  const value = invocation.values[index];
  if (!Array.isArray(value)) throw intrinsicFailure(invocation, `must be an array, got ${describe(value)}`, index);
  return value;
}

/** The argument as a JSON object, or a failure naming the argument. */
export function objectArg(invocation: Invocation, index: number): Record<string, unknown> {
  const value = invocation.values[index];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw intrinsicFailure(invocation, `must be a JSON object, got ${describe(value)}`, index);
  }
  return value as Record<string, unknown>;
}

/** AWS caps the string arguments of the encoding and hashing intrinsics at 10,000 characters. */
export function limitedStringArg(invocation: Invocation, index: number, limit = 10_000): string {
  const value = stringArg(invocation, index);
  if (value.length > limit) {
    throw intrinsicFailure(invocation, `must be at most ${limit} characters, got ${value.length}`, index);
  }
  return value;
}
