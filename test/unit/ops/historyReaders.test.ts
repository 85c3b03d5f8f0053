/** redriveCountOf and mapRunArnsOf: what the redrive and execution views read of a history. */
import { describe, expect, it } from 'vitest';
import { mapRunArnsOf } from '../../../lib/ops/executions/mapRunsOf.ts';
import { redriveCountOf } from '../../../lib/ops/executions/redriveCount.ts';

const RUN = 'arn:aws:states:us-east-1:123456789012:mapRun:fan-out/fan:r-1';
const OTHER = 'arn:aws:states:us-east-1:123456789012:mapRun:fan-out/other:r-2';

describe('history readers', () => {
  it('counts the ExecutionRedriven events, 0 before the first redrive', () => {
    expect(redriveCountOf([{ type: 'ExecutionStarted' }, { type: 'ExecutionFailed' }])).toBe(0);
    expect(redriveCountOf([{ type: 'ExecutionStarted' }, { type: 'ExecutionFailed' }, { type: 'ExecutionRedriven' }, { type: 'ExecutionFailed' }, { type: 'ExecutionRedriven' }])).toBe(2);
  });

  it('lists each Map Run ARN once, from MapRunStarted only', () => {
    const history = [
      { type: 'MapRunStarted', mapRunStartedEventDetails: { mapRunArn: RUN } },
      { type: 'MapRunFailed' },
      { type: 'MapRunStarted', mapRunStartedEventDetails: { mapRunArn: OTHER } },
      { type: 'MapRunStarted', mapRunStartedEventDetails: { mapRunArn: RUN } },
      { type: 'MapRunRedriven', mapRunRedrivenEventDetails: { mapRunArn: 'arn:aws:states:us-east-1:123456789012:mapRun:fan-out/fan:r-3' } },
    ];
    expect([...mapRunArnsOf(history)]).toEqual([RUN, OTHER]);
    expect(mapRunArnsOf([{ type: 'ExecutionStarted' }]).size).toBe(0);
  });
});
