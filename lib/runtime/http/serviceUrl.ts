/** Base URLs of external services come from the environment, so tests point them at mock servers. */
import { PermanentError } from '../errors.ts';

/**
 * The base URL in environment variable `variable`, without a trailing slash.
 * @throws PermanentError naming the variable when it is unset (a deployment mistake, not transient)
 */
export function serviceUrl(variable: string, env: NodeJS.ProcessEnv = process.env): string {
  const value = env[variable]?.trim();
  if (!value) throw new PermanentError(
      `${variable} is not set; it must hold the service's base URL. Declare it under environment: in the workflow file (on the workflow or this step), or pass --env ${variable}=<url> to a local run (a declared { ssm } or { import } value is set only when deployed, unless it has a local: value)`,
      { resource: variable },
    );
  return value.replace(/\/+$/, '');
}
