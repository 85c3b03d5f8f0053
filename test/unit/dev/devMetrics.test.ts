import { describe, expect, it } from 'vitest';
import { DevMetrics } from '../../../lib/dev/devMetrics.ts';
import type { HistoryEvent } from '../../../lib/local/types.ts';

const ARN = 'arn:aws:states:us-east-1:123456789012:execution:saga:e1';
const at = (s: number): string => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();
const event = (id: number, previousEventId: number, type: string, seconds: number, details: Record<string, unknown> = {}): HistoryEvent => ({ id, previousEventId, type, timestamp: at(seconds), ...details }) as HistoryEvent;

describe('Class: DevMetrics', () => {
  it('counts transitions, task failures, retries, compensations and task durations by state', async () => {
    const metrics = new DevMetrics();
    const history = [
      event(1, 0, 'TaskStateEntered', 0, { stateEnteredEventDetails: { name: 'charge' } }),
      event(2, 1, 'TaskScheduled', 0),
      event(3, 2, 'TaskStarted', 0),
      event(4, 3, 'TaskFailed', 1),
      event(5, 4, 'TaskScheduled', 3),
      event(6, 5, 'TaskStarted', 3),
      event(7, 6, 'TaskSucceeded', 5),
      event(8, 7, 'TaskStateEntered', 5, { stateEnteredEventDetails: { name: 'Compensate reserve' } }),
    ];
    metrics.listener.started?.('saga');
    for (const e of history) metrics.listener.event?.('saga', e, ARN);
    metrics.listener.finished?.({ executionArn: ARN, name: 'e1', stateMachineName: 'saga', status: 'FAILED', startDate: at(0), input: {}, history });

    const { body } = await metrics.text();

    expect(body).toContain('aethon_executions_started_total{state_machine="saga"} 1');
    expect(body).toContain('aethon_executions_ended_total{state_machine="saga",status="FAILED"} 1');
    expect(body).toContain('aethon_state_transitions_total{state_machine="saga"} 2');
    expect(body).toContain('aethon_task_failures_total{state_machine="saga"} 1');
    expect(body).toContain('aethon_task_retries_total{state_machine="saga",state="charge"} 1');
    expect(body).toContain('aethon_compensations_total{state_machine="saga",step="reserve"} 1');
    expect(body).toContain('aethon_task_duration_seconds_sum{state_machine="saga",state="charge"} 3');
    expect(body).toContain('aethon_task_duration_seconds_count{state_machine="saga",state="charge"} 2');
  });
});
