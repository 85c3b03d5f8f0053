/**
 * Keeps the secrets a local function may read out of what Aethon records and prints of it: the
 * lines its handler writes (console.log, process.stdout, console.error) and the causes of its
 * failures. The step runtime redacts its own logger, errors and outputs, but a handler printing a
 * secret with console.log bypasses it; locally those lines go to the terminal and the execution
 * records, so they are redacted here, with the values the runtime's redactor would know: the
 * secrets the function declares (AETHON_SECRETS), read from the same local source.
 */
import { FunctionEnv } from '../../contracts/functionEnvironment.ts';
import { Redactor } from '../../runtime/redact/Redactor.ts';
import { localSecretSource } from '../../runtime/secrets/localSecretSource.ts';
import type { SecretSource } from '../../runtime/secrets/SecretSource.ts';
import { TaskFailure } from '../taskInvoker.ts';

export class FunctionOutputRedactor {
  readonly #redactor = new Redactor();
  readonly #declared: ReadonlyArray<readonly [logicalName: string, secretName: string]>;
  readonly #source: SecretSource;

  /** @param env the function's whole environment, as its workers see it */
  public constructor(env: Readonly<Record<string, string>>) {
    this.#declared = declaredSecrets(env[FunctionEnv.SECRETS]);
    const localDir = env[FunctionEnv.LOCAL_DIR];
    this.#source = localSecretSource({ ...(localDir !== undefined && { localDir }), env });
  }

  /**
   * Reads the declared secrets again before an invocation (secrets.json may have changed, and the
   * handler reads it afresh); values are only ever added, so a line is never redacted less.
   */
  public async refresh(): Promise<void> {
    for (const [logicalName, secretName] of this.#declared) {
      try {
        const value = await this.#source.get(secretName, logicalName);
        if (value !== undefined) this.#redactor.add(value);
      } catch {
        // An unreadable secrets file fails the handler's own read, with its message; nothing to add.
      }
    }
  }

  public redactLine(line: string): string {
    return this.#redactor.redactString(line);
  }

  /** A TaskFailure with its error name and cause redacted (the cause is the handler's error body). */
  public redactFailure(error: unknown): unknown {
    if (!(error instanceof TaskFailure) || this.#redactor.size === 0) return error;
    const name = this.#redactor.redactString(error.name);
    const cause = this.#redactor.redactString(error.message);
    return name === error.name && cause === error.message ? error : new TaskFailure(name, cause);
  }
}

function declaredSecrets(json: string | undefined): Array<[string, string]> {
  if (json === undefined || json.trim() === '') return [];
  try {
    const parsed: unknown = JSON.parse(json);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return [];
    return Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === 'string');
  } catch {
    // The runtime refuses a malformed AETHON_SECRETS itself, so the handler can read none of them.
    return [];
  }
}
