import { describe, expect, it } from 'vitest';
import { RealClock, runExecution, VirtualClock, type RunExecutionOptions } from '../../../../lib/local/engine/index.ts';
import type { TaskInvoker } from '../../../../lib/local/taskInvoker.ts';

const noTasks: TaskInvoker = async () => ({});

/** One JSONata Pass state whose Output is the expression. */
function passing(expression: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { QueryLanguage: 'JSONata', StartAt: 'Compute', States: { Compute: { Type: 'Pass', Output: `{% ${expression} %}`, End: true } }, ...extra };
}

function run(definition: unknown, options: Partial<RunExecutionOptions> = {}) {
  return runExecution({ definition, taskInvoker: noTasks, clock: new VirtualClock(), ...options });
}

describe('Function: runExecution, JSONata evaluation budget', () => {
  it('fails a recursion past the depth limit with States.QueryEvaluationError naming the state and the limit', async () => {
    // Act: 20,000 nested calls (not tail calls) need about 60,000 levels of evaluation
    const record = await run(passing('($down := function($n) { $n = 0 ? 0 : 1 + $down($n - 1) }; $down(20000))'));

    // Assess
    expect(record.status).toBe('FAILED');
    expect(record.error).toBe('States.QueryEvaluationError');
    expect(record.cause).toContain("'Compute'");
    expect(record.cause).toMatch(/nesting depth of 10,000/);
  });

  it('fails an evaluation past its step budget, and records where it failed', async () => {
    // Act: a tail-recursive loop keeps the depth flat; only the step budget can stop it
    const record = await run(passing('($loop := function($n) { $n < 200000 ? $loop($n + 1) : $n }; $loop(0))'), {
      jsonataLimits: { maxSteps: 50_000 },
    });

    // Assess
    expect(record.status).toBe('FAILED');
    expect(record.error).toBe('States.QueryEvaluationError');
    expect(record.cause).toMatch(/50,000 evaluation steps/);
    const failed = record.history.find((event) => event.type === 'EvaluationFailed');
    expect(failed?.evaluationFailedEventDetails).toMatchObject({ state: 'Compute', location: 'Output' });
  });

  it('still budgets a runaway expression beside fast-path fields of the same template', async () => {
    // Prepare: `id` alone would be answered synchronously; `loop` needs jsonata, so the template goes there
    const definition = {
      QueryLanguage: 'JSONata',
      StartAt: 'Compute',
      States: { Compute: { Type: 'Pass', Output: { id: '{% $states.input.id %}', loop: '{% ($l := function($n) { $l($n + 1) }; $l(0)) %}' }, End: true } },
    };

    // Act
    const record = await run(definition, { input: { id: 'a' }, jsonataLimits: { maxSteps: 20_000 } });

    // Assess
    expect(record.error).toBe('States.QueryEvaluationError');
    expect(record.cause).toMatch(/20,000 evaluation steps/);
    expect(record.history.find((e) => e.type === 'EvaluationFailed')?.evaluationFailedEventDetails).toMatchObject({ location: 'Output/loop' });
  });

  it('stops a runaway expression with the default budget', async () => {
    // Act: never terminates on its own
    const record = await run(passing('($forever := function($n) { $forever($n + 1) }; $forever(0))'));

    // Assess
    expect(record.error).toBe('States.QueryEvaluationError');
    expect(record.cause).toMatch(/5,000,000 evaluation steps/);
  }, 60_000);

  it('caps $range at 1,000,000 items instead of building a billion', async () => {
    // Act
    const huge = await run(passing('$count($range(0, 1e9, 1))'));
    const large = await run(passing('$count($range(1, 1000000, 1))'));

    // Assess
    expect(huge.error).toBe('States.QueryEvaluationError');
    expect(huge.cause).toMatch(/\$range would build 1,000,000,001 items; at most 1,000,000/);
    expect(large.output).toBe(1_000_000);
  });

  it('caps sequences built by the range operator and $append', async () => {
    // Act
    const operator = await run(passing('$count([0..1999999])'));
    const appended = await run(passing('$count($append([1..1000000], [1..1000000]))'));

    // Assess
    expect(operator.error).toBe('States.QueryEvaluationError');
    expect(operator.cause).toMatch(/maximum sequence length of 2000000 was exceeded\. \(Aethon's local limit is 1,000,000 items\)/);
    expect(appended.error).toBe('States.QueryEvaluationError');
  });

  it('matches user regular expressions in linear time: a catastrophic pattern answers at once', async () => {
    // Prepare: /(a+)+$/ backtracks 2^n times on n letters a followed by a mismatch in a backtracking engine
    const input = { text: `${'a'.repeat(5_000)}!` };

    // Act
    const record = await run(
      passing('{"match": $match($states.input.text, /(a+)+$/), "contains": $contains($states.input.text, /(a|aa)+b/), "split": $count($split($states.input.text, /(a*)*!/)), "replaced": $replace("x-y", /(-)/, "+")}'),
      { input },
    );

    // Assess
    expect(record.status).toBe('SUCCEEDED');
    expect(record.output).toEqual({ contains: false, split: 2, replaced: 'x+y' });
  });

  it('keeps JavaScript regular expression semantics: groups, flags, indexes, global matching', async () => {
    // Act
    const record = await run(passing('$match("Order A-12, order b-7", /order ([a-z])-(\\d+)/i)'));

    // Assess
    expect(record.output).toEqual([
      { match: 'Order A-12', index: 0, groups: ['A', '12'] },
      { match: 'order b-7', index: 12, groups: ['b', '7'] },
    ]);
  });

  it('refuses a pattern that needs backtracking, with the reason', async () => {
    // Act
    const record = await run(passing('$match("abab", /(ab)\\1/)'));

    // Assess
    expect(record.error).toBe('States.QueryEvaluationError');
    expect(record.cause).toMatch(/linear time/);
  });

  it('lets the execution TimeoutSeconds fire in real time while an expression is still evaluating', async () => {
    // Act: the step budget alone would take far longer than the one-second execution timeout
    const record = await run(passing('($forever := function($n) { $forever($n + 1) }; $forever(0))', { TimeoutSeconds: 1 }), {
      clock: new RealClock(),
      jsonataLimits: { maxSteps: Number.MAX_SAFE_INTEGER },
    });

    // Assess
    expect(record.status).toBe('TIMED_OUT');
  }, 60_000);

  it('keeps virtual time still while an expression evaluates, so a Wait in a sibling branch cannot overtake it', async () => {
    // Prepare: one branch computes (yielding to the event loop many times), the other waits an hour
    const definition = {
      QueryLanguage: 'JSONata',
      StartAt: 'Both',
      TimeoutSeconds: 60,
      States: {
        Both: {
          Type: 'Parallel',
          End: true,
          Branches: [
            { StartAt: 'Compute', States: { Compute: { Type: 'Pass', Output: '{% $count($map([1..200000], function($v) { $v * 2 })) %}', End: true } } },
            { StartAt: 'Sleep', States: { Sleep: { Type: 'Wait', Seconds: 3600, End: true } } },
          ],
        },
      },
    };

    // Act
    const record = await run(definition);

    // Assess: the execution timeout (60 s) fires during the hour-long Wait, never during the computation
    expect(record.status).toBe('TIMED_OUT');
    const computed = record.history.find((event) => event.type === 'PassStateExited');
    expect(computed).toBeDefined();
  }, 60_000);
});
