/**
 * A workflow file's config changed so that a value in force no longer fits its schema: the deploy
 * (the config-in-force custom resource) or the local run refuses, and nothing is written.
 */
import { ToolErrors } from '../../contracts/toolErrors.ts';
import type { ConfigMerge } from './mergeConfigInForce.ts';

export class ConfigSpecChangeRefusedError extends Error {
  override readonly name = ToolErrors.CONFIG_SPEC_CHANGE_REFUSED;
  /** `key = value: problem`, one per refused key. */
  readonly issues: readonly string[];

  constructor(
    readonly workflow: string,
    readonly merge: ConfigMerge,
    /** Where the configuration in force was read: the local store, or a hosted version on AppConfig. */
    readonly inForce: { readonly local: true } | { readonly local: false; readonly version: number },
  ) {
    const issues = merge.refused.map((p) => `${p.key || '(document)'} = ${JSON.stringify(p.value)}: ${p.message}`);
    const where = inForce.local ? '' : ` (hosted version ${inForce.version})`;
    const set = `aethon config set ${workflow} <key>=<value>${inForce.local ? ' --local' : ''}`;
    // One line: the CLI prints the first line of an error it has no special handling for.
    super(
      `the configuration in force for '${workflow}'${where} does not fit its workflow file's config schema any more: ${issues.join('; ')}. ` +
        `Nothing was changed. Set a value that fits with '${set}' (it fills new keys with their defaults), or change the schema` +
        (inForce.local ? '.' : `, and deploy again; 'aethon config diff ${workflow}' shows what the deploy would do.`),
    );
    this.issues = issues;
  }
}
