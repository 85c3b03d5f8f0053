/** Creates the user account; the accounts API dedupes by key, and the step is idempotent by email. */
import * as z from 'zod/mini';
import { PermanentError, step } from '../../lib/runtime/index.ts';

export const SignUp = z.looseObject({ email: z.email(), name: z.string().check(z.minLength(1)) });
export type SignUp = z.infer<typeof SignUp>;

export const handler = step({ input: SignUp }, async ({ email, name }, ctx): Promise<{ userId: string }> => {
  const user = await ctx.http.post<{ id?: string }>(`${ctx.serviceUrl('ACCOUNTS_API_URL')}/users`, { email, name }, { idempotencyKey: true });
  if (!user.id) throw new PermanentError('the accounts API created a user without an id');
  return { userId: user.id };
});
