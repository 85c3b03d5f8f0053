/** Runs the release's test suite against the artifact; failures are permanent, flaky infra is not. */
import * as z from 'zod/mini';
import { PermanentError, step } from '../../lib/runtime/index.ts';

const Input = z.looseObject({ service: z.string().check(z.minLength(1)), artifact: z.string().check(z.minLength(1)) });

export const handler = step({ input: Input }, async ({ service, artifact }, ctx): Promise<{ passed: number }> => {
  const run = await ctx.http.post<{ passed?: number; failed?: number }>(`${ctx.serviceUrl('BUILD_API_URL')}/test-runs`, { service, artifact });
  if ((run.failed ?? 0) > 0) throw new PermanentError(`${run.failed} tests failed for ${artifact}`);
  return { passed: Number(run.passed ?? 0) };
});
