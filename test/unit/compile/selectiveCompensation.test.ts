import { describe, expect, it } from 'vitest';
import { validationExpression } from '../../../lib/compile/functions.ts';
import { errorMatches } from '../../../lib/compile/compensation.ts';
import { SOME_HANDLER, SOME_UNDO_HANDLER } from '../../helpers/paths.ts';
import { compiled, compileYaml } from '../../helpers/specs.ts';

const H = SOME_HANDLER;
const U = SOME_UNDO_HANDLER;
const TENANT = `name: w
timeout: 1h
steps:
  createVm:
    type: task
    handler: ${H}
    idempotency: { key: tenantId, ttl: 2h, validate: [plan, region] }
    compensate: ${U}
    next: configureDns
  configureDns:
    type: task
    handler: ${H}
    compensate: { handler: ${U}, on: [Aethon.Permanent, States.TaskFailed] }
    next: check
  check:
    type: choice
    choices: [{ when: "$states.input.ok", next: notify }]
    undoOnFailure: false
  notify: { type: task, handler: ${H}, undoOnFailure: false, next: giveUp }
  giveUp: { type: fail, error: Tenant.GaveUp, undoOnFailure: false }
`;

describe('Function: compileWorkflow (selective compensation)', () => {
  it("asks before an undo limited by 'on', and goes down the chain otherwise", () => {
    const { States } = compiled(TENANT).definition;

    expect(States['Compensate configureDns?']).toEqual({
      Type: 'Choice',
      Comment: "Undo 'configureDns' only for Aethon.Permanent, States.TaskFailed",
      Choices: [{ Condition: '{% $aethonFailure.Error in ["Aethon.Permanent"] or $aethonFailure.Error != "States.Timeout" %}', Next: 'Compensate configureDns' }],
      Default: 'Compensate createVm',
    });
    expect(States['Compensate configureDns']).toMatchObject({ Next: 'Compensate createVm' });
    expect(States['Compensate createVm']).toMatchObject({ Next: 'Fail after compensation' });
  });

  it("leaves the completed steps in place when a step marked 'undoOnFailure: false' fails", () => {
    const { States } = compiled(TENANT).definition;

    expect(States.notify!.Catch).toBeUndefined();
    expect(States.giveUp).toEqual({ Type: 'Fail', Error: 'Tenant.GaveUp' });
    expect(States.check!.Default).toBeUndefined();
  });

  it('enters the chain at the question when a later failure reaches a limited undo', () => {
    const yaml = TENANT.replace('undoOnFailure: false, next: giveUp', 'next: giveUp');
    const { States } = compiled(yaml).definition;

    expect((States.notify!.Catch as { Next: string }[])[0]!.Next).toBe('Compensate configureDns?');
  });

  it('gives the compensation of an idempotent step the record it releases, and the task what it validates', () => {
    const { functions } = compiled(TENANT);

    const task = functions.find((f) => f.stepName === 'createVm' && f.role === 'task')!;
    const undo = functions.find((f) => f.stepName === 'createVm' && f.role === 'compensation')!;
    expect(task.idempotency).toEqual({ key: 'tenantId', ttlSeconds: 7200, validate: '[plan, region]' });
    expect(undo.idempotency).toEqual(task.idempotency);
  });

  it('explains what a key-only idempotency replays, and warns when a record may expire before its undo', () => {
    const yaml = TENANT.replace('ttl: 2h, validate: [plan, region]', 'ttl: 30m').replace('timeout: 1h', 'timeout: 2h');
    const result = compileYaml(yaml);

    expect(result.diagnostics.map((d) => [d.severity, d.code])).toEqual([
      ['note', 'idempotency-key-only'],
      ['warning', 'compensated-record-may-expire'],
    ]);
    expect(result.diagnostics[1]!.message).toContain("'createVm' lives 1800s but an execution may run 7200s");
  });
});

describe('Function: validationExpression', () => {
  it('compares the key alone by default, the named fields as a list, or the whole input', () => {
    expect(validationExpression(undefined)).toBeUndefined();
    expect(validationExpression(['plan', 'order.amount'])).toBe('[plan, order.amount]');
    expect(validationExpression('input')).toBe('@');
  });
});

describe('Function: errorMatches', () => {
  it('matches exact names, and States.TaskFailed as anything but States.Timeout', () => {
    expect(errorMatches('$e', ['A.B'])).toBe('$e in ["A.B"]');
    expect(errorMatches('$e', ['States.TaskFailed'])).toBe('$e != "States.Timeout"');
  });
});
