/** The page's pure modules: the graph layout (dagre) and the in-page JSON Schema check. */
import { describe, expect, it } from 'vitest';
import { END, START, layoutScope, scopeAt } from '../../../lib/console/static/lib/graphLayout.js';
import { schemaProblems } from '../../../lib/console/static/lib/schemaCheck.js';
import { namesForKey } from '../../../lib/console/static/lib/executionNames.js';
import { executionNameFor } from '../../../lib/contracts/executionName.ts';

describe('Function: layoutScope', () => {
  it('lays out every state with edges for Next, Choices, Default, Catch and End', () => {
    const layout = layoutScope({
      StartAt: 'check',
      States: {
        check: { Type: 'Choice', Choices: [{ Condition: '{% $states.input.ok %}', Next: 'work' }], Default: 'give up' },
        work: { Type: 'Task', Next: 'done', Catch: [{ ErrorEquals: ['States.ALL'], Next: 'give up' }] },
        done: { Type: 'Succeed' },
        'give up': { Type: 'Fail' },
      },
    });
    expect(layout.nodes.map((node) => node.name).sort()).toEqual([END, START, 'check', 'done', 'give up', 'work'].sort());
    const edges = layout.edges.map((edge) => `${edge.from}->${edge.to}:${edge.label}`).sort();
    expect(edges).toEqual([`${START}->check:`, 'check->give up:default', 'check->work:when', `done->${END}:`, `give up->${END}:`, 'work->done:', 'work->give up:catch States.ALL'].sort());
    const check = layout.nodes.find((node) => node.name === 'check')!;
    const done = layout.nodes.find((node) => node.name === 'done')!;
    expect(check.y).toBeLessThan(done.y);
  });

  it('drills into a Parallel branch and a Map item processor', () => {
    const definition = {
      StartAt: 'fan',
      States: {
        fan: { Type: 'Parallel', End: true, Branches: [{ StartAt: 'a', States: { a: { Type: 'Pass', End: true } } }, { StartAt: 'each', States: { each: { Type: 'Map', End: true, ItemProcessor: { StartAt: 'b', States: { b: { Type: 'Pass', End: true } } } } } }] },
      },
    };
    expect(Object.keys(scopeAt(definition, [['fan', 1], ['each', 0]])!.States!)).toEqual(['b']);
    expect(scopeAt(definition, [['fan', 5]])).toBeUndefined();
  });
});

describe('Function: schemaProblems', () => {
  const schema = { type: 'object', properties: { rate: { type: 'integer', minimum: 1 }, mode: { enum: ['fast', 'safe'] } }, required: ['rate'], additionalProperties: false };

  it('lists every problem with its path', () => {
    expect(schemaProblems(schema, { rate: 0.5, mode: 'wild', extra: 1 })).toEqual([
      { path: 'rate', message: 'must be integer' },
      { path: 'mode', message: 'must be one of "fast", "safe"' },
      { path: 'extra', message: 'is not a known setting' },
    ]);
    expect(schemaProblems(schema, {})).toEqual([{ path: '(document)', message: "must have 'rate'" }]);
  });

  it('accepts a document the schema allows', () => {
    expect(schemaProblems(schema, { rate: 3, mode: 'safe' })).toEqual([]);
  });
});

describe('Function: namesForKey', () => {
  it('gives the names the server gives a key, as text and as a number', async () => {
    expect(await namesForKey('user onboarding/é', 'ada@example.com')).toEqual([executionNameFor('user onboarding/é', 'ada@example.com')]);
    expect(await namesForKey('nightly-etl', '42')).toEqual([executionNameFor('nightly-etl', '42'), executionNameFor('nightly-etl', 42)]);
  });
});
