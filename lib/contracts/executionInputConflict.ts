/**
 * The one error of a start under a name that already exists with another input: the same
 * idempotency key (so the same execution name) but not the same event. The local starter, the
 * dev server's starter, `aethon start` on AWS and the deployed starter Lambda all throw it, so a
 * dead letter, a CLI message and a test read the same name and words wherever it happened.
 * A step replaying its own idempotency record with another payload is a different idea: the
 * runtime's IdempotencyConflictError (same error name, raised inside a handler).
 */
import { AethonErrors } from './aethonErrors.ts';

export class ExecutionInputConflictError extends Error {
  override readonly name = AethonErrors.IDEMPOTENCY_CONFLICT;
  /** The CLI's exit code for it: refused (1). */
  readonly exitCode = 1;
  constructor(
    readonly workflow: string,
    readonly executionName: string,
    /** Known on AWS and through the dev server. */
    readonly executionArn?: string,
  ) {
    super(`execution ${executionArn ?? executionName} of ${workflow} already exists with a different input for the same idempotency key; nothing was started. Use another key for a different run.`);
  }
}
