/**
 * Checks of a workflow's triggers with the rules AWS applies at deploy time: event patterns as
 * PutRule checks them, schedule expressions and time zones as EventBridge Scheduler does.
 */
import { eventPatternProblems } from '../../events/validatePattern.ts';
import type { Diagnostic } from '../diagnostics.ts';
import { scheduleProblems } from '../scheduleExpression.ts';
import type { WorkflowSpec } from '../types.ts';

export function checkTriggers(spec: WorkflowSpec, now = new Date()): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  spec.triggers?.forEach((trigger, i) => {
    if ('event' in trigger) {
      const at = ['triggers', i, 'event', 'pattern'];
      for (const problem of eventPatternProblems(trigger.event.pattern)) {
        diagnostics.push({
          code: 'invalid-event-pattern',
          severity: 'error',
          message: `EventBridge would refuse this event pattern: ${problem.message}`,
          path: [...at, ...problem.path],
          hint: 'see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html',
        });
      }
      if (trigger.event.idempotencyKey && spec.type === 'express') {
        diagnostics.push({
          code: 'idempotency-key-on-express',
          severity: 'error',
          message: 'an idempotencyKey needs a standard workflow: express executions do not keep names unique',
          path: ['triggers', i, 'event', 'idempotencyKey'],
        });
      }
      return;
    }
    for (const problem of scheduleProblems(trigger.schedule.expression, now)) {
      diagnostics.push({
        code: 'invalid-schedule',
        severity: problem.severity,
        message: problem.message,
        path: ['triggers', i, 'schedule', 'expression'],
        ...(problem.hint ? { hint: problem.hint } : {}),
      });
    }
    if (!isTimeZone(trigger.schedule.timezone)) {
      diagnostics.push({ code: 'invalid-timezone', severity: 'error', message: `unknown time zone '${trigger.schedule.timezone}'`, path: ['triggers', i, 'schedule', 'timezone'], hint: 'use an IANA name such as Europe/Berlin or UTC' });
    }
  });
  return diagnostics;
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
