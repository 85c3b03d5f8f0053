/** Creates the user account; the accounts API dedupes by email, and so does the step's key. */
import { PermanentError, requestJson, serviceUrl, type TaskPayload } from '../../lib/runtime/index.ts';

export interface SignUp {
  readonly email: string;
  readonly name: string;
}

export async function handler(event: TaskPayload<SignUp>): Promise<{ userId: string }> {
  const { email, name } = event.input;
  if (typeof email !== 'string' || !email.includes('@')) throw new PermanentError(`'${String(email)}' is not an email address`);
  const user = await requestJson<{ id?: string }>(`${serviceUrl('ACCOUNTS_API_URL')}/users`, { body: { email, name }, idempotencyKey: email });
  if (!user.id) throw new PermanentError('the accounts API created a user without an id');
  return { userId: user.id };
}
