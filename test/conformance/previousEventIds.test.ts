// Histories recorded on AWS, committed with their sources under test/fixtures/awsHistories/:
// each definition runs here and must give the same event types, ids and previousEventIds.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from './harness.ts';

const DIR = join(import.meta.dirname, '../fixtures/awsHistories');

interface RecordedHistory {
  readonly source: string;
  readonly definition: unknown;
  readonly input: unknown;
  /** `[id, previousEventId, type]` per event, as GetExecutionHistory returned them. */
  readonly events: readonly (readonly [number, number, string])[];
}

const chainFixtures = readdirSync(DIR).filter((file) => file.endsWith('.json') && !file.startsWith('task'));

describe('Conformance: previousEventId as AWS records it', () => {
  it.each(chainFixtures)('%s', async (file) => {
    const recorded = JSON.parse(readFileSync(join(DIR, file), 'utf8')) as RecordedHistory;
    expect(recorded.source).toMatch(/recorded on AWS/);
    const { record } = await run(recorded.definition, recorded.input);
    expect(record.history.map((e) => [e.id, e.previousEventId, e.type])).toEqual(recorded.events);
  });

  // Map iterations that start together (no MaxConcurrency) all follow MapStateStarted.
  it('chains iterations that start at once to MapStateStarted', async () => {
    const definition = { StartAt: 'M', States: { M: { Type: 'Map', ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }, End: true } } };
    const { record } = await run(definition, [1, 2, 3]);
    const started = record.history.find((e) => e.type === 'MapStateStarted')!;
    const iterations = record.history.filter((e) => e.type === 'MapIterationStarted');
    expect(iterations.map((e) => e.previousEventId)).toEqual([started.id, started.id, started.id]);
  });

  // An error before any iteration started is the state's own: no MapStateFailed.
  it('records no MapStateFailed when the Map fails before MapStateStarted', async () => {
    const definition = { StartAt: 'M', States: { M: { Type: 'Map', ItemsPath: '$.missing', ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }, End: true } } };
    const { record } = await run(definition, {});
    expect(record.history.map((e) => [e.id, e.previousEventId, e.type])).toEqual([[1, 0, 'ExecutionStarted'], [2, 0, 'MapStateEntered'], [3, 2, 'ExecutionFailed']]);
  });
});
