import { describe, expect, it } from 'vitest';
import { SOME_HANDLER, SOME_UNDO_HANDLER } from '../../helpers/paths.ts';
import { compiled, compileYaml } from '../../helpers/specs.ts';

const H = SOME_HANDLER;
const U = SOME_UNDO_HANDLER;
const SAGA = `name: w
steps:
  reserve: { type: task, handler: ${H}, compensate: ${U}, next: charge }
  charge:
    type: task
    handler: ${H}
    compensate: { handler: ${U}, timeout: 45s }
    next: ship
  ship: { type: task, handler: ${H}, end: true }
`;

describe('Function: compileWorkflow (compensation)', () => {
  it('runs the compensations of completed steps in reverse order, then fails with the original error', () => {
    const { States } = compiled(SAGA).definition;

    // Each compensable step records its input and result for its compensation.
    expect(States.reserve!.Assign).toEqual({ compensate0_reserve: { input: '{% $states.input %}', result: '{% $states.result.Payload %}' } });
    expect(States.charge!.Assign).toEqual({ compensate1_charge: { input: '{% $states.input %}', result: '{% $states.result.Payload %}' } });

    // The first step has nothing to undo; a failure of charge undoes reserve; a failure of ship undoes both.
    expect(States.reserve!.Catch).toBeUndefined();
    const catchAll = (next: string) => [
      { ErrorEquals: ['States.ALL'], Next: next, Output: '{% $states.input %}', Assign: { aethonFailure: '{% $states.errorOutput %}', aethonCompensationFailures: [] } },
    ];
    expect(States.charge!.Catch).toEqual(catchAll('Compensate reserve'));
    expect(States.ship!.Catch).toEqual(catchAll('Compensate charge'));

    expect(States['Compensate charge']).toMatchObject({
      Type: 'Task',
      Arguments: {
        FunctionName: '${Function_charge_Compensate}',
        Payload: { input: '{% $compensate1_charge.input %}', result: '{% $compensate1_charge.result %}', error: '{% $aethonFailure %}' },
      },
      Output: '{% $states.input %}',
      TimeoutSeconds: 45,
      Next: 'Compensate reserve',
    });
    expect(States['Compensate reserve']).toMatchObject({ Next: 'Fail after compensation' });
    // A compensation that fails is recorded and the chain goes on.
    expect(States['Compensate charge']!.Catch).toEqual([
      {
        ErrorEquals: ['States.ALL'],
        Next: 'Compensate reserve',
        Output: '{% $states.input %}',
        Assign: {
          aethonCompensationFailures:
            '{% $append($aethonCompensationFailures, [{ "step": "charge", "error": $states.errorOutput.Error, "cause": $substring($states.errorOutput.Cause, 0, 2000) }]) %}',
        },
      },
    ]);
    expect(States['Fail after compensation']).toEqual({
      Type: 'Fail',
      Error: "{% $count($aethonCompensationFailures) > 0 ? 'Aethon.CompensationFailed' : $aethonFailure.Error %}",
      Cause:
        '{% $count($aethonCompensationFailures) > 0 ? $string({ "error": $aethonFailure.Error, "cause": $substring($aethonFailure.Cause, 0, 8000), "failedCompensations": $aethonCompensationFailures }) : $aethonFailure.Cause %}',
    });
  });

  it('registers one function per compensation handler', () => {
    const workflow = compiled(SAGA);
    expect(workflow.functions.map((f) => [f.id, f.role])).toEqual([
      ['Function_reserve', 'task'],
      ['Function_charge', 'task'],
      ['Function_ship', 'task'],
      ['Function_reserve_Compensate', 'compensation'],
      ['Function_charge_Compensate', 'compensation'],
    ]);
    expect(workflow.stateCount).toBe(6);
  });

  it("leaves a step alone when the user's own catch-all already handles its errors", () => {
    const { States } = compiled(`name: w
steps:
  a: { type: task, handler: ${H}, compensate: ${U}, next: b }
  b:
    type: task
    handler: ${H}
    catch: [{ errors: [States.ALL], next: handled }]
    end: true
  handled: { type: succeed }
`).definition;
    expect(States.b!.Catch).toEqual([{ ErrorEquals: ['States.ALL'], Next: 'handled' }]);
  });

  it('keeps specific user catchers ahead of the compensation catch-all', () => {
    const { States } = compiled(`name: w
steps:
  a: { type: task, handler: ${H}, compensate: ${U}, next: b }
  b:
    type: task
    handler: ${H}
    catch: [{ errors: [Aethon.Permanent], next: handled }]
    end: true
  handled: { type: succeed }
`).definition;
    expect((States.b!.Catch as { ErrorEquals: string[]; Next: string }[]).map((c) => [c.ErrorEquals, c.Next])).toEqual([
      [['Aethon.Permanent'], 'handled'],
      [['States.ALL'], 'Compensate a'],
    ]);
  });

  it('compensates inside a map iteration with a scope-specific fail state', () => {
    const { States } = compiled(`name: w
steps:
  each:
    type: map
    items: $states.input
    steps:
      stage: { type: task, handler: ${H}, compensate: ${U}, next: commit }
      commit: { type: task, handler: ${H}, end: true }
    end: true
`).definition;
    const inner = (States.each!.ItemProcessor as { States: Record<string, unknown> }).States;
    expect(Object.keys(inner)).toEqual(['stage', 'commit', 'Compensate stage', 'Fail after compensation (each)']);
  });

  it('refuses a step reached after different compensable steps on different paths', () => {
    const result = compileYaml(`name: w
steps:
  pick:
    type: choice
    choices: [{ when: "$states.input.a", next: a }]
    default: join
  a: { type: task, handler: ${H}, compensate: ${U}, next: join }
  join: { type: task, handler: ${H}, end: true }
`);
    expect(result.ok).toBe(false);
    expect(result.diagnostics).toMatchObject([{ code: 'ambiguous-compensation', path: ['steps', 'join'] }]);
  });
});

describe('Function: compileWorkflow (compensation state names)', () => {
  it('names the states it adds uniquely across the whole machine, Map scopes included', () => {
    // A step inside a map is already called 'Compensate a', the name a's compensation would take.
    const { definition } = compiled(`name: w
steps:
  a: { type: task, handler: ${H}, compensate: ${U}, next: each }
  each:
    type: map
    items: "{% $states.input.items %}"
    steps:
      Compensate a: { type: task, handler: ${H}, end: true }
    end: true
`);
    const names: string[] = [];
    const collect = (states: Record<string, { ItemProcessor?: { States: Record<string, never> } }>) => {
      for (const [name, state] of Object.entries(states)) {
        names.push(name);
        if (state.ItemProcessor) collect(state.ItemProcessor.States);
      }
    };
    collect(definition.States as never);
    expect(names).toContain('Compensate a (2)');
    expect(new Set(names).size).toBe(names.length);
  });
});
