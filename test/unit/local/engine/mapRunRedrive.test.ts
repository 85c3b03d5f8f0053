import { describe, expect, it } from 'vitest';
import { childStateMachineName, priorMapRunOf, RedrivenItems } from '../../../../lib/local/engine/states/mapRunRedrive.ts';
import type { ExecutionRecord, ExecutionStatus, HistoryEvent } from '../../../../lib/local/types.ts';

const T = '2026-12-04T08:00:00.000Z';
const ARN = 'arn:aws:states:us-east-1:123456789012:mapRun:Orders/Items:0f4c2a9e-1111-4222-8333-944445555666';
const child = (name: string, input: unknown, status: ExecutionStatus, output?: unknown): ExecutionRecord => ({
  executionArn: `arn:aws:states:us-east-1:123456789012:execution:Orders/Items:${name}`,
  name,
  stateMachineName: 'Orders/Items',
  status,
  startDate: T,
  input,
  ...(output === undefined ? {} : { output }),
  history: [],
});
const ev = (id: number, type: string, details: Record<string, unknown> = {}): HistoryEvent => ({ id, previousEventId: id - 1, timestamp: T, type, ...details });

describe('Function: childStateMachineName', () => {
  it('reads `<state machine>/<label>` from a Map Run ARN, without the run id', () => {
    expect(childStateMachineName(ARN)).toBe('Orders/Items');
  });
});

describe('Class: RedrivenItems', () => {
  it('keeps a succeeded child per equal input in turn, and lends a failed child its name', () => {
    // Prepare: two items with the same input, one succeeded; another item failed.
    const items = new RedrivenItems([child('s1', { n: 1 }, 'SUCCEEDED', 'one'), child('f1', { n: 1 }, 'FAILED'), child('f2', { n: 2 }, 'ABORTED')]);

    // Act
    const taken = [items.take({ n: 1 }), items.take({ n: 1 }), items.take({ n: 2 }), items.take({ n: 3 })];

    // Assess
    expect(taken.map((item) => ('kept' in item ? `kept ${item.kept.name}` : `rerun ${item.failed?.name ?? 'new'}`))).toEqual(['kept s1', 'rerun f1', 'rerun f2', 'rerun new']);
  });
});

describe('Function: priorMapRunOf', () => {
  const children = [
    { mapRunArn: ARN, record: child('s1', 1, 'SUCCEEDED', 1) },
    { mapRunArn: `${ARN}-other`, record: child('x', 1, 'SUCCEEDED', 1) },
  ];

  it("finds the last attempt's Map Run, counts its redrives and keeps only its own children", () => {
    // Prepare: started, then redriven once.
    const history = [
      ev(1, 'ExecutionStarted'),
      ev(2, 'MapStateEntered', { stateEnteredEventDetails: { name: 'Fan' } }),
      ev(3, 'MapRunStarted', { mapRunStartedEventDetails: { mapRunArn: ARN } }),
      ev(4, 'ExecutionFailed'),
      ev(5, 'ExecutionRedriven'),
      ev(6, 'MapStateEntered', { stateEnteredEventDetails: { name: 'Fan' } }),
      ev(7, 'MapRunRedriven', { mapRunRedrivenEventDetails: { mapRunArn: ARN, redriveCount: 1 } }),
      ev(8, 'ExecutionFailed'),
    ];

    // Act
    const prior = priorMapRunOf(history, 'Fan', children);

    // Assess
    expect(prior).toEqual({ mapRunArn: ARN, redriveCount: 1, children: [children[0]!.record] });
  });

  it('is undefined when the state failed before its Map Run started (the ItemReader failed)', () => {
    const history = [ev(1, 'ExecutionStarted'), ev(2, 'MapStateEntered', { stateEnteredEventDetails: { name: 'Fan' } }), ev(3, 'MapStateFailed'), ev(4, 'ExecutionFailed')];
    expect(priorMapRunOf(history, 'Fan', children)).toBeUndefined();
    expect(priorMapRunOf(history, 'Elsewhere', children)).toBeUndefined();
  });
});
