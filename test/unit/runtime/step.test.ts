/** The step wrapper: payload, log keys, correlation, input validation, metrics, outputs, roles. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { AethonErrors } from '../../../lib/contracts/aethonErrors.ts';
import { compensation, RetryableError, step, StepMetricNames } from '../../../lib/runtime/index.ts';
import { captureOutput, type CapturedOutput } from '../../fixtures/runtime/captureOutput.ts';
import { stepEnv, taskPayload } from '../../fixtures/runtime/payloads.ts';
import { failureOf } from '../../helpers/failureOf.ts';

let output: CapturedOutput;
beforeEach(() => {
  output = captureOutput();
});
afterEach(() => {
  output.restore();
});

describe('Function: step', () => {
  it('passes the input and the execution context, and returns the handler result', async () => {
    const handler = step({ env: stepEnv() }, async (input: { n: number }, ctx) => ({ doubled: input.n * 2, execution: ctx.execution }));

    const result = await handler(taskPayload({ n: 21 }, { executionName: 'run-1', state: 'double', retryCount: 2 }));

    expect(result.doubled).toBe(42);
    expect(result.execution).toMatchObject({ workflow: 'test-workflow', executionName: 'run-1', state: 'double', retryCount: 2, attempt: 3 });
  });

  it('writes JSON log lines with workflow, execution, state, attempt, cold start and correlation id', async () => {
    const handler = step({ env: stepEnv() }, async (_input: unknown, ctx) => {
      ctx.logger.info('working');
      return null;
    });

    await handler(taskPayload({ correlationId: 'req-123' }, { executionName: 'run-7', state: 'work' }));
    await handler(taskPayload({}, { executionName: 'run-8', state: 'work', retryCount: 1 }));

    const [started, working, succeeded, ...second] = output.logs();
    for (const line of [started, working, succeeded]) {
      expect(line).toMatchObject({ workflow: 'test-workflow', execution_name: 'run-7', state: 'work', attempt: 1, cold_start: true, correlation_id: 'req-123' });
      expect(line!.execution_id).toContain(':run-7');
    }
    // A warm invocation: no cold start, and no key left over from the previous run.
    expect(second[0]).toMatchObject({ execution_name: 'run-8', attempt: 2, cold_start: false });
    expect(second[0]!.correlation_id).toContain(':run-8');
    expect(succeeded).toMatchObject({ message: 'step succeeded', durationMs: expect.any(Number) });
  });

  it('fails invalid input as Aethon.InvalidInput before the handler runs, naming the field', async () => {
    let calls = 0;
    const handler = step({ env: stepEnv(), input: z.object({ email: z.email() }) }, async () => ++calls);

    const error = await failureOf(handler(taskPayload({ email: 'not-an-email' })));

    expect(error.name).toBe(AethonErrors.INVALID_INPUT);
    expect(error.message).toContain('email');
    expect(error.message).not.toContain('not-an-email'); // values are not echoed
    expect(calls).toBe(0);
  });

  it('logs a failure once, with name, message and cause chain', async () => {
    const handler = step({ env: stepEnv() }, async () => {
      throw new RetryableError('upstream failed', { status: 503 }, { cause: new Error('socket hang up', { cause: new Error('ECONNRESET') }) });
    });

    const error = await failureOf(handler(taskPayload({})));

    expect(error.name).toBe(AethonErrors.RETRYABLE);
    const failures = output.logs().filter((l) => l.level === 'WARN' || l.level === 'ERROR');
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({
      message: 'step failed',
      errorName: AethonErrors.RETRYABLE,
      error: { name: AethonErrors.RETRYABLE, message: 'upstream failed', details: { status: 503 }, cause: { message: 'socket hang up', cause: { message: 'ECONNRESET' } } },
    });
  });

  it("keeps a handler's own error name (what ASL Catch matches)", async () => {
    class VerificationFailed extends Error {
      override readonly name = 'Aethon.VerificationFailed';
    }
    const handler = step({ env: stepEnv() }, async () => {
      throw new VerificationFailed('unhealthy');
    });

    await expect(handler(taskPayload({}))).rejects.toMatchObject({ name: 'Aethon.VerificationFailed' });
  });

  it('emits EMF metrics: duration, success, failures by error name, retries and cold start', async () => {
    let fail = false;
    const handler = step({ env: stepEnv() }, async () => {
      if (fail) throw new RetryableError('503');
      return null;
    });

    await handler(taskPayload({}));
    fail = true;
    await failureOf(handler(taskPayload({}, { retryCount: 1 })));

    const records = output.emf();
    const namespaceOf = (r: Record<string, unknown>) => (r._aws as { CloudWatchMetrics: { Namespace: string }[] }).CloudWatchMetrics[0]!.Namespace;
    expect(records.every((r) => namespaceOf(r) === 'AethonTest' && r.workflow === 'test-workflow' && r.step === 'testStep')).toBe(true);
    expect(records.filter((r) => StepMetricNames.COLD_START in r)).toHaveLength(1);
    expect(records.find((r) => StepMetricNames.SUCCEEDED in r)).toMatchObject({ [StepMetricNames.SUCCEEDED]: 1, [StepMetricNames.DURATION]: expect.any(Number) });
    expect(records.find((r) => StepMetricNames.FAILED in r)).toMatchObject({ [StepMetricNames.FAILED]: 1, [StepMetricNames.RETRY]: 1 });
    expect(records.find((r) => StepMetricNames.FAILED_BY_ERROR in r)).toMatchObject({ errorName: AethonErrors.RETRYABLE, [StepMetricNames.FAILED_BY_ERROR]: 1 });
  });

  it('treats an event without the Aethon context as the bare input (direct invocation)', async () => {
    const handler = step({ env: stepEnv() }, async (input: { n: number }, ctx) => ({ n: input.n, executionId: ctx.execution.executionId }));

    const result = await handler({ n: 1 });

    expect(result).toEqual({ n: 1, executionId: 'direct-invocation' });
    expect(output.logs()[0]).toMatchObject({ directInvocation: true });
  });

  it('returns null for a handler that returns nothing, as Lambda does', async () => {
    const handler = step({ env: stepEnv() }, async () => undefined);

    await expect(handler(taskPayload({}))).resolves.toBeNull();
  });

  it('fails a result over 256 KiB as Aethon.Permanent instead of letting Step Functions reject it', async () => {
    const handler = step({ env: stepEnv() }, async () => ({ blob: 'x'.repeat(300 * 1024) }));

    const error = await failureOf(handler(taskPayload({})));

    expect(error.name).toBe(AethonErrors.PERMANENT);
    expect(error.message).toContain('262144');
  });

  it('refuses idempotencyKey: true on a step without an idempotency key', async () => {
    const handler = step({ env: stepEnv() }, async (_input: unknown, ctx) => ctx.http.get('http://127.0.0.1:9/never', { idempotencyKey: true }));

    await expect(handler(taskPayload({}))).rejects.toMatchObject({ name: AethonErrors.PERMANENT, message: expect.stringContaining('idempotency.key') });
  });
});

describe('Function: compensation', () => {
  it('hands over the undone step input and result and the error', async () => {
    const handler = compensation<{ userId: string }, { chargeId: string }, unknown>({ env: stepEnv({ AETHON_FUNCTION_ROLE: 'compensation' }) }, async (event) => event);
    const payload = { ...taskPayload({ userId: 'u-1' }), result: { chargeId: 'ch-1' }, error: { Error: 'Aethon.Permanent', Cause: 'workspace quota' } };

    const result = await handler(payload);

    expect(result).toEqual({ input: { userId: 'u-1' }, result: { chargeId: 'ch-1' }, error: { Error: 'Aethon.Permanent', Cause: 'workspace quota' } });
    expect(output.logs()[0]).toMatchObject({ message: 'step started', role: 'compensation' });
  });

  it('refuses to run as a compensation a handler wrapped in step(), naming compensation()', async () => {
    const undo = vi.fn(async () => ({ deleted: true }));
    const handler = step({ env: stepEnv({ AETHON_FUNCTION_ROLE: 'compensation', AETHON_STEP: 'createDnsRecord' }) }, undo);
    const payload = { ...taskPayload({ tenantId: 't-1' }), result: { dnsRecordId: 'dns-1' } };

    const failure = await failureOf(handler(payload));

    expect(failure).toMatchObject({ name: AethonErrors.PERMANENT });
    expect(failure.message).toContain("this function undoes step 'createDnsRecord', but its handler is wrapped in step(); wrap it in compensation()");
    expect(undo).not.toHaveBeenCalled();
  });
});

describe('Local metrics', () => {
  it('keeps EMF output on in local mode even when POWERTOOLS_DEV is set', async () => {
    vi.stubEnv('POWERTOOLS_DEV', 'true');
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', undefined);
    try {
      // In dev mode Powertools writes through the global console, which vitest intercepts itself.
      const consoleLines: string[] = [];
      vi.spyOn(console, 'log').mockImplementation((line: unknown) => void consoleLines.push(String(line)));
      const handler = step({ env: stepEnv({ AETHON_LOCAL_DIR: '/nonexistent/.aethon' }) }, async () => null);

      await handler(taskPayload({}));

      expect([...output.lines, ...consoleLines].some((l) => l.includes(StepMetricNames.SUCCEEDED))).toBe(true);
    } finally {
      vi.restoreAllMocks();
      vi.unstubAllEnvs();
    }
  });
});
