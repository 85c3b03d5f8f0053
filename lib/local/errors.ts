import type { StatesErrorName } from '../contracts/statesErrors.ts';

/**
 * An error defined by the Amazon States Language, raised by the local engine.
 *
 * `name` is the literal ASL error name (for example `States.Runtime`), because that is what
 * `ErrorEquals` in Retry and Catch matches; `message` is the cause AWS would report.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
 */
export class StatesError extends Error {
  /** The ASL error name that Retry and Catch match. */
  public override readonly name: StatesErrorName;

  public constructor(name: StatesErrorName, cause: string, options?: { cause?: unknown }) {
    super(cause, options);
    this.name = name;
  }
}
