/** Runs the release's test suite against the artifact; failures are permanent, flaky infra is not. */
import { PermanentError, requestJson, serviceUrl, type TaskPayload } from '../../lib/runtime/index.ts';

export async function handler(event: TaskPayload<{ service: string; artifact: string }>): Promise<{ passed: number }> {
  const run = await requestJson<{ passed?: number; failed?: number }>(`${serviceUrl('BUILD_API_URL')}/test-runs`, {
    body: { service: event.input.service, artifact: event.input.artifact },
  });
  if ((run.failed ?? 0) > 0) throw new PermanentError(`${run.failed} tests failed for ${event.input.artifact}`);
  return { passed: Number(run.passed ?? 0) };
}
