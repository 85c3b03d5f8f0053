/**
 * The local engine's counterpart of a deploy: before a workflow runs, the local config store's
 * document in force is brought in line with the workflow file by {@link mergeConfigInForce}, and
 * written as a new version only when that changes it (or seeded from the defaults the first time).
 */
import type { Clock } from '../clock.ts';
import {
  ConfigVersionConflictError,
  LocalConfigStoreError,
  readCurrentConfig,
  writeConfigVersion,
  type ConfigVersion,
} from './localConfigStore.ts';
import { mergeConfigInForce, type ConfigMerge, type ConfigSpec } from './mergeConfigInForce.ts';

/** The workflow file changed so that a value in force no longer fits its config schema. */
export class ConfigSpecChangeRefusedError extends LocalConfigStoreError {
  override readonly name = 'Aethon.ConfigSpecChangeRefused';
  constructor(readonly workflow: string, readonly merge: ConfigMerge) {
    const lines = merge.refused.map((p) => `${p.key || '(document)'} = ${JSON.stringify(p.value)}: ${p.message}`);
    // One line: the CLI prints the first line of an error it has no special handling for.
    super(
      `the configuration in force for '${workflow}' does not fit its workflow file's config schema any more: ${lines.join('; ')}. ` +
        `Nothing was changed. Set a valid value with 'aethon config set ${workflow} <key>=<value> --local' (it fills new keys with their defaults), or change the schema.`,
      lines,
    );
  }
}

/** How {@link reconcileLocalConfig} left the store. */
export interface ReconciledConfig {
  readonly current: ConfigVersion;
  /** The merge that was applied; `changed` false when the document already fit the spec. */
  readonly merge: ConfigMerge;
}

/**
 * Seeds or merges the configuration in force with the workflow's spec.
 * @throws ConfigSpecChangeRefusedError naming each key that does not fit; nothing is written then
 */
export function reconcileLocalConfig(localDir: string, workflow: string, spec: ConfigSpec, options: { readonly clock?: Clock } = {}): ReconciledConfig {
  // Compare-and-set: a `config set` landing meanwhile makes this re-read and merge again.
  for (;;) {
    const current = readCurrentConfig(localDir, workflow);
    const merge = mergeConfigInForce(current?.document, spec);
    if (merge.refused.length > 0) throw new ConfigSpecChangeRefusedError(workflow, merge);
    if (current && !merge.changed) return { current, merge };
    try {
      const written = writeConfigVersion(localDir, workflow, merge.document, {
        message: current ? `workflow file changed: ${describeMerge(merge)}` : 'defaults from the workflow file',
        expectedVersion: current?.version ?? 0,
        ...(options.clock ? { clock: options.clock } : {}),
      });
      return { current: written, merge };
    } catch (error) {
      if (!(error instanceof ConfigVersionConflictError)) throw error;
    }
  }
}

/** `added rate=5; dropped legacyMode` for a history message or a deploy's version description. */
export function describeMerge(merge: ConfigMerge): string {
  const parts = [
    merge.added.length ? `added ${merge.added.map((k) => `${k.key}=${JSON.stringify(k.value)}`).join(', ')}` : '',
    merge.removed.length ? `dropped ${merge.removed.map((k) => k.key).join(', ')}` : '',
    merge.kept.length ? `kept ${merge.kept.map((k) => k.key).join(', ')}` : '',
  ].filter(Boolean);
  return parts.join('; ') || 'no key changed';
}
