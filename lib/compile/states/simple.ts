/**
 * Pass, Succeed and Fail: states with no work of their own.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/state-pass.html
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/state-fail.html
 */
import type { FailStepSpec, PassStepSpec, SucceedStepSpec } from '../../spec/index.ts';
import { compact, transition, type AslState } from '../asl.ts';

export function renderPass(step: PassStepSpec): AslState {
  return compact({ Type: 'Pass', Comment: step.description, Output: step.output, Assign: step.assign, ...transition(step) });
}

export function renderSucceed(step: SucceedStepSpec): AslState {
  return compact({ Type: 'Succeed', Comment: step.description, Output: step.output });
}

export function renderFail(step: FailStepSpec): AslState {
  return compact({ Type: 'Fail', Comment: step.description, Error: step.error, Cause: step.cause });
}
