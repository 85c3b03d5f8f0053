import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { failingTimes, offsets, run } from '../../../conformance/harness.ts';

const waitProcessor = { StartAt: 'W', States: { W: { Type: 'Wait', SecondsPath: '$', End: true } } };

describe('Engine: determinism on the VirtualClock', () => {
  it('produces identical histories for identical runs', async () => {
    const definition = {
      StartAt: 'P',
      States: {
        P: {
          Type: 'Parallel',
          Branches: [
            { StartAt: 'M', States: { M: { Type: 'Map', ItemProcessor: waitProcessor, End: true } } },
            {
              StartAt: 'T',
              States: { T: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Retry: [{ ErrorEquals: ['Boom'], JitterStrategy: 'FULL' }], End: true } },
            },
          ],
          End: true,
        },
      },
    };
    const first = await run(definition, [3, 1, 2], failingTimes(2, 'Boom'));
    const second = await run(definition, [3, 1, 2], failingTimes(2, 'Boom'));
    expect(second.record).toEqual(first.record);
  });

  it('finishes a Map at max(waits) unbounded and at sum(waits) with MaxConcurrency 1', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 600 }), { minLength: 1, maxLength: 8 }), async (waits) => {
        const map = (extra: object) => ({ StartAt: 'M', States: { M: { Type: 'Map', ItemProcessor: waitProcessor, End: true, ...extra } } });
        const parallel = await run(map({}), waits);
        const serial = await run(map({ MaxConcurrency: 1 }), waits);
        expect(offsets(parallel.record.history, 'MapStateSucceeded')).toEqual([Math.max(...waits) * 1000]);
        expect(offsets(serial.record.history, 'MapStateSucceeded')).toEqual([waits.reduce((a, b) => a + b, 0) * 1000]);
        expect(parallel.record.output).toEqual(waits);
      }),
      { numRuns: 25 },
    );
  });

  it('wakes concurrent waits in wake-time order (ties in start order)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 10 }), async (waits) => {
        const processor = {
          StartAt: 'W',
          States: { W: { Type: 'Wait', SecondsPath: '$.s', Next: 'T' }, T: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true } },
        };
        const items = waits.map((s, i) => ({ s, i }));
        const { calls } = await run({ StartAt: 'M', States: { M: { Type: 'Map', ItemProcessor: processor, End: true } } }, items);
        const expected = [...items].sort((a, b) => a.s - b.s || a.i - b.i);
        expect(calls.map((c) => c.parameters)).toEqual(expected);
      }),
      { numRuns: 25 },
    );
  });
});
