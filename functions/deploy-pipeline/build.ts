/** Asks the build service to build the tagged release and returns the artifact it produced. */
import * as z from 'zod/mini';
import { PermanentError, step } from '../../lib/runtime/index.ts';

const Input = z.looseObject({ service: z.string().check(z.minLength(1)), releaseId: z.string().check(z.minLength(1)), commit: z.string().check(z.minLength(1)) });

export const handler = step({ input: Input }, async ({ service, releaseId, commit }, ctx): Promise<{ artifact: string }> => {
  const build = await ctx.http.post<{ artifact?: string; status?: string }>(
    `${ctx.serviceUrl('BUILD_API_URL')}/builds`,
    { service, commit },
    // One build per release, however often the step is retried.
    { idempotencyKey: `build:${releaseId}` },
  );
  if (build.status !== 'succeeded' || !build.artifact) throw new PermanentError(`build of ${service}@${commit} ended ${build.status ?? 'without a status'}`);
  return { artifact: build.artifact };
});
