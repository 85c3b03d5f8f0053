/**
 * Schedule expressions against AWS's rules. The accepted examples are the ones the EventBridge and
 * EventBridge Scheduler user guides give; the refused ones are what PutRule answers
 * "Parameter ScheduleExpression is not valid" to, or breaks a documented rule.
 */
import { describe, expect, it } from 'vitest';
import { parseWorkflowSpec } from '../../../lib/spec/index.ts';
import { scheduleProblems } from '../../../lib/spec/scheduleExpression.ts';

const NOW = new Date('2026-12-04T00:00:00Z');
const errorsOf = (expression: string) => scheduleProblems(expression, NOW).filter((p) => p.severity === 'error');

describe('Function: scheduleProblems', () => {
  it.each([
    // eb-cron-expressions.html and the Scheduler guide's schedule-types.html, examples table
    'cron(0 10 * * ? *)',
    'cron(15 12 * * ? *)',
    'cron(0 18 ? * MON-FRI *)',
    'cron(0 8 1 * ? *)',
    'cron(0/15 * * * ? *)',
    'cron(0/10 * ? * MON-FRI *)',
    'cron(0/5 8-17 ? * MON-FRI *)',
    'cron(0/30 20-23 ? * MON-FRI *)',
    'cron(0/30 0-2 ? * MON-FRI *)',
    'cron(0 9 ? * 2#1 *)',
    'cron(5,35 14 * * ? *)',
    'cron(15 10 ? * 6L 2026-2029)',
    // the wildcards the field table lists: names, L, W, #
    'cron(0 0 1 JAN,FEB,MAR ? *)',
    'cron(0 0 L * ? *)',
    'cron(0 0 3W * ? *)',
    'cron(0 0 LW * ? *)',
    'cron(0 0 ? * 3#2 *)',
    'cron(0 0 ? * L *)',
    'cron(0 0 1-15 * ? 1970-2199)',
    'cron(0 0 ? * sun *)',
    // rate: singular for 1, plural otherwise
    'rate(1 minute)',
    'rate(5 minutes)',
    'rate(1 hour)',
    'rate(12 hours)',
    'rate(1 day)',
    'rate(7 days)',
    // at: the Scheduler guide's one-time schedule
    'at(2027-11-20T13:00:00)',
  ])('accepts %s', (expression) => {
    expect(scheduleProblems(expression, NOW)).toEqual([]);
  });

  it.each([
    ['cron(99 * * * ? *)', /minutes field: 99 is out of range 0-59/],
    ['cron(0 24 * * ? *)', /hours field: 24 is out of range 0-23/],
    ['cron(0 0 32 * ? *)', /day-of-month field: 32 is out of range 1-31/],
    ['cron(0 0 1 13 ? *)', /month field: 13 is out of range 1-12 \(or JAN-DEC\)/],
    ['cron(0 0 ? * 8 *)', /day-of-week field: 8 is out of range 1-7 \(or SUN-SAT\)/],
    ['cron(0 0 1 * ? 2200)', /year field: 2200 is out of range 1970-2199/],
    ['cron(0 0 1 FOO ? *)', /month field: FOO is out of range/],
    ['cron(0 2 * * * *)', /needs \? in exactly one of day-of-month \('\*'\) and day-of-week \('\*'\)/],
    ['cron(0 2 ? * ? *)', /needs \? in exactly one/],
    ['cron(0 2 * * ?)', /takes 6 fields, got 5/],
    ['cron(0 0 2 * * ? *)', /takes 6 fields, got 7/],
    ['cron(? 0 * * ? *)', /minutes field: \? is only allowed in day-of-month and day-of-week/],
    ['cron(0/0 * * * ? *)', /increment in '0\/0' must be between 1 and 59/],
    ['cron(0 20-2 ? * MON-FRI *)', /range '20-2' runs backwards; split it, e.g. '20-23,0-2'/],
    ['cron(0 0 ? * 3#1,6#3 *)', /'3#1' must stand alone/],
    ['cron(0 0 ? * 3#6 *)', /week after # is 1-5/],
    ['cron(0 0 ? * L-2 *)', /not a day-of-week form AWS documents/],
    ['cron(0 0 32W * ? *)', /day before W is 1-31/],
    ['cron(0 0 * * 2#1 *)', /needs \? in exactly one/],
    ['cron(0 0 1 * ? *) ', /not a schedule expression/],
    ['cron( 0 0 1 * ? * )', /no spaces inside its parentheses/],
    ['rate(0 minutes)', /a rate of 0 never fires/],
    ['rate(-10 minutes)', /is not a rate/],
    ['rate(1 minutes)', /rate\(1 minutes\) must be written rate\(1 minute\)/],
    ['rate(1 hours)', /must be written rate\(1 hour\)/],
    ['rate(10 minute)', /must be written rate\(10 minutes\)/],
    ['rate(10 seconds)', /is not a rate/],
    ['rate(10 MINUTES)', /is not a rate/],
    ['rate(10)', /is not a rate/],
    ['rate()', /cannot be empty/],
    ['at(yesterday)', /'at\(yesterday\)' is not a date and time in the form yyyy-mm-ddThh:mm:ss/],
    ['at(2027-02-31T00:00:00)', /is not a real date and time/],
    ['at(2027-01-01T24:00:00)', /is not a real date and time/],
    ['at(2027-01-01T00:00:00Z)', /not a date and time in the form/],
    ['every(5 minutes)', /not a schedule expression/],
  ])('refuses %s', (expression, message) => {
    const problems = errorsOf(expression);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.map((p) => p.message).join('\n')).toMatch(message);
    expect(problems.every((p) => p.hint)).toBe(true);
  });

  it.each([
    ['at(2020-01-01T00:00:00)', /in the past: this schedule never fires/],
    ['cron(0 0 31 2 ? *)', /never fires: no selected month has day 31/],
    ['cron(0 0 30,31 FEB ? *)', /no selected month has day 30, 31/],
    ['cron(0 0 1 * ? 2020-2021)', /every selected year is in the past/],
  ])('warns that %s never fires', (expression, message) => {
    const problems = scheduleProblems(expression, NOW);
    expect(problems).toEqual([expect.objectContaining({ severity: 'warning', message: expect.stringMatching(message) })]);
  });

  it('does not warn for 29 February, which comes every four years', () => {
    expect(scheduleProblems('cron(0 0 29 2 ? *)', NOW)).toEqual([]);
  });
});

describe('Function: parseWorkflowSpec on triggers', () => {
  const workflow = (trigger: string) => `name: x\ntriggers:\n  - ${trigger}\nsteps:\n  a: { type: succeed }\n`;

  it('refuses a garbage schedule at file:line:col of its expression', () => {
    const result = parseWorkflowSpec('workflows/x.yaml', workflow('schedule: { expression: "cron(99 * * * ? *)" }'));
    expect(result.ok).toBe(false);
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ code: 'invalid-schedule', file: 'workflows/x.yaml', line: 3, col: 29, path: ['triggers', 0, 'schedule', 'expression'] }),
    ]);
  });

  it('keeps a schedule that never fires valid, with a warning', () => {
    const result = parseWorkflowSpec('workflows/x.yaml', workflow('schedule: { expression: "at(2020-01-01T00:00:00)" }'));
    expect(result.ok).toBe(true);
    expect(result.diagnostics).toEqual([expect.objectContaining({ code: 'invalid-schedule', severity: 'warning' })]);
  });

  it('refuses an invalid event pattern at the operator that is wrong', () => {
    const yaml = `name: x\ntriggers:\n  - event:\n      pattern:\n        source: [app.ci]\n        detail:\n          size: [{ numeric: [">", ten] }]\nsteps:\n  a: { type: succeed }\n`;
    const result = parseWorkflowSpec('workflows/x.yaml', yaml);
    expect(result.ok).toBe(false);
    expect(result.diagnostics).toEqual([
      expect.objectContaining({
        code: 'invalid-event-pattern',
        message: expect.stringMatching(/^EventBridge would refuse this event pattern: 'numeric' takes/),
        path: ['triggers', 0, 'event', 'pattern', 'detail', 'size', 0, 'numeric'],
        line: 7,
        col: 20,
      }),
    ]);
  });
});
