import { expect } from 'vitest';
import { TaskFailure } from '../../lib/local/errors.ts';

/** Runs `fn`, expects it to throw a TaskFailure, and returns it for assertions on name and cause. */
export function thrown(fn: () => unknown): TaskFailure {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(TaskFailure);
    return error as TaskFailure;
  }
  throw new Error('expected a TaskFailure, nothing was thrown');
}
