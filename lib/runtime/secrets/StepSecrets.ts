/**
 * The handler's view of secrets: logical names from the workflow's `secrets:`, restricted to those
 * the step declared (AETHON_SECRETS), each value registered with the redactor as it is read.
 */
import { SecretNotFoundError } from '../errors.ts';
import type { Redactor } from '../redact/Redactor.ts';
import { secretEnvVariable } from './localSecretSource.ts';
import type { SecretSource } from './SecretSource.ts';

export class StepSecrets {
  constructor(
    private readonly declared: Readonly<Record<string, string>>,
    private readonly source: SecretSource,
    private readonly redactor: Redactor,
    private readonly where: { readonly workflow: string; readonly step: string },
  ) {}

  /**
   * The value of a secret by its logical name.
   * @throws SecretNotFoundError (Aethon.SecretNotFound, not retried) when the step did not declare
   *   the secret or the secret does not exist.
   */
  async get(logicalName: string): Promise<string> {
    const secretName = this.declared[logicalName];
    const { workflow, step } = this.where;
    if (secretName === undefined) {
      const known = Object.keys(this.declared);
      throw new SecretNotFoundError(
        `step '${step}' of workflow '${workflow}' may not read secret '${logicalName}': add it to the step's 'secrets:' list` +
          (known.length ? ` (it may read: ${known.join(', ')})` : ''),
        { resource: logicalName },
      );
    }
    const value = await this.source.get(secretName, logicalName);
    if (value === undefined) {
      throw new SecretNotFoundError(
        `secret '${logicalName}' (${secretName}) does not exist; create it in Secrets Manager, or locally add "${secretName}": "<value>" to .aethon/secrets.json or set ${secretEnvVariable(logicalName)}`,
        { resource: logicalName },
      );
    }
    this.redactor.add(value);
    return value;
  }
}
