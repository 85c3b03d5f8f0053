/**
 * A compensation of an idempotent step undoes only what its own execution did, and then releases
 * the step's idempotency record, so that the next start performs the side effect again instead of
 * replaying a result that no longer exists.
 *
 * | the step's record says             | undo runs | record                                  |
 * |------------------------------------|-----------|-----------------------------------------|
 * | written by this execution          | yes       | released (conditional on the owner)     |
 * | written before records had owners  | yes       | released (conditional on no owner)      |
 * | absent (expired, cleared, unsaved) | yes       | nothing to release                      |
 * | written by another execution       | no        | kept: that execution owns the effect    |
 * | in progress (another execution)    | no        | kept                                    |
 *
 * While the undo runs, this execution's record is held in progress, so a duplicate start waits
 * (IdempotencyInProgress, retried) instead of replaying a VM that is being deleted; an undo that
 * fails puts the record back to COMPLETED, since the side effect still exists. The undo runs before
 * the release: if the release fails, the compensation fails and its retry runs the undo again, so
 * an undo must tolerate repeating (deleting what is gone is success). A compensation that crashes
 * leaves the hold until it expires (the compensation's own timeout).
 */
import type { RecordOwnership } from '../idempotency/StepRecordStore.ts';

/** The part of StepIdempotency a compensation uses. */
export interface StepRecords {
  ownership(stepInput: unknown, executionId: string): Promise<RecordOwnership>;
  hold(stepInput: unknown, executionId: string, untilMs: number): Promise<boolean>;
  unhold(stepInput: unknown, executionId: string): Promise<boolean>;
  release(stepInput: unknown, executionId: string | undefined): Promise<boolean>;
}

/** What a compensation returns when it leaves the side effect alone. */
export interface SkippedCompensation {
  readonly compensated: false;
  readonly reason: string;
}

export interface OwnedCompensationOutcome {
  readonly result: unknown;
  /** Fields for the invocation's log line. */
  readonly logFields: Record<string, unknown>;
}

export async function compensateOwnWork(
  records: StepRecords,
  step: string,
  stepInput: unknown,
  executionId: string,
  undo: () => Promise<unknown>,
  holdUntilMs: number,
): Promise<OwnedCompensationOutcome> {
  const ownership = await records.ownership(stepInput, executionId);
  let reason = skipReason(ownership, step);
  // Between the read and the hold another execution may have taken the key over (the record expired).
  if (!reason && ownership.kind === 'mine' && !(await records.hold(stepInput, executionId, holdUntilMs))) {
    reason = `the record of '${step}' changed hands while this compensation started; the side effect is no longer this execution's to undo`;
  }
  if (reason) {
    const skipped: SkippedCompensation = { compensated: false, reason };
    return { result: skipped, logFields: { compensated: false, skipReason: reason } };
  }
  let result: unknown;
  try {
    result = await undo();
  } catch (error) {
    if (ownership.kind === 'mine') await records.unhold(stepInput, executionId).catch(() => false);
    throw error;
  }
  const released =
    ownership.kind === 'mine' ? await records.release(stepInput, executionId) : ownership.kind === 'unowned' ? await records.release(stepInput, undefined) : false;
  return { result, logFields: { compensated: true, recordReleased: released } };
}

function skipReason(ownership: RecordOwnership, step: string): string | undefined {
  switch (ownership.kind) {
    case 'other':
      return `'${step}' replayed the result of execution ${ownership.owner}, which performed the side effect and owns it; this execution leaves it in place`;
    case 'in-progress':
      return `another execution is performing '${step}' for this key right now; this execution's own result is no longer recorded, so it leaves the side effect to that execution`;
    default:
      return undefined;
  }
}
