import type { StatesErrorName } from '../contracts/statesErrors.ts';

/**
 * The one failure of the local engine: an ASL error name plus its cause, whoever raises it — a
 * task (a handler's `Aethon.Retryable`, a mock's `Throw`), a Fail state, or the engine itself
 * (`States.Runtime`, `States.IntrinsicFailure`, ...).
 *
 * `name` is the literal ASL error name, because that is what `ErrorEquals` in Retry and Catch
 * matches (typed as {@link StatesErrorName} where the engine raises a `States.*` error);
 * `message` is the cause, as the error output `{ Error, Cause }` carries it.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
 */
export class TaskFailure<Name extends string = string> extends Error {
  /** The ASL error name that Retry and Catch match. */
  public override readonly name: Name;

  public constructor(error: Name, cause: string, options?: { cause?: unknown }) {
    super(cause, options);
    this.name = error;
  }
}

/** A failure the engine raises with one of the `States.*` names. */
export type StatesFailure = TaskFailure<StatesErrorName>;
