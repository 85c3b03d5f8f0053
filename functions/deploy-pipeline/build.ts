/** Asks the build service to build the tagged release and returns the artifact it produced. */
import { PermanentError, requestJson, serviceUrl, type TaskPayload } from '../../lib/runtime/index.ts';

export async function handler(event: TaskPayload<{ service: string; releaseId: string; commit: string }>): Promise<{ artifact: string }> {
  const { service, releaseId, commit } = event.input;
  const build = await requestJson<{ artifact?: string; status?: string }>(`${serviceUrl('BUILD_API_URL')}/builds`, {
    body: { service, commit },
    idempotencyKey: `build:${releaseId}`,
  });
  if (build.status !== 'succeeded' || !build.artifact) throw new PermanentError(`build of ${service}@${commit} ended ${build.status ?? 'without a status'}`);
  return { artifact: build.artifact };
}
