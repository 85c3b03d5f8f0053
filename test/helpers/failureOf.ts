/** The error a promise that must reject rejects with; fails the test when it resolves. */
export async function failureOf<E extends Error = Error & { details?: Record<string, unknown> }>(promise: Promise<unknown>): Promise<E> {
  try {
    await promise;
  } catch (error) {
    return error as E;
  }
  throw new Error('expected the promise to reject');
}
