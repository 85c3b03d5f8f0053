import { expect } from 'vitest';
import { StatesError } from '../../lib/local/errors.ts';

/** Runs `fn`, expects it to throw a StatesError, and returns it for assertions on name and cause. */
export function thrown(fn: () => unknown): StatesError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(StatesError);
    return error as StatesError;
  }
  throw new Error('expected a StatesError, nothing was thrown');
}
