/** Where secret values come from: Secrets Manager on AWS, a file or the environment locally. */
export interface SecretSource {
  /**
   * The value of a secret, or undefined when it does not exist.
   * @param secretName - the Secrets Manager name (the value in the workflow's `secrets:` map)
   * @param logicalName - the workflow's name for it (the key in `secrets:`)
   */
  get(secretName: string, logicalName: string): Promise<string | undefined>;
}
