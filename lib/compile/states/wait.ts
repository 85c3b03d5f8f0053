/** @see https://docs.aws.amazon.com/step-functions/latest/dg/state-wait.html */
import { isDuration, parseDuration, type WaitStepSpec } from '../../spec/index.ts';
import { compact, transition, type AslState } from '../asl.ts';

export function renderWait(step: WaitStepSpec): AslState {
  const seconds = step.duration === undefined ? undefined : isDuration(step.duration) ? parseDuration(step.duration) : step.duration;
  return compact({
    Type: 'Wait',
    Comment: step.description,
    Seconds: seconds,
    Timestamp: step.timestamp,
    Output: step.output,
    Assign: step.assign,
    ...transition(step),
  });
}
