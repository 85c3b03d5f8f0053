/**
 * The local engine's counterpart of a deploy: before a workflow runs, the local config store's
 * document in force is brought in line with the workflow file by {@link mergeConfigInForce}, and
 * written as a new version only when that changes it (or seeded from the defaults the first time).
 *
 * Like the deploy's custom resource, which CloudFormation runs only when the schema or defaults
 * change, the merge runs only when the workflow file's config differs from the one last reconciled
 * (`spec.json` beside the history, holding its digest). A document made invalid by hand, under an
 * unchanged file, is left to the runtime, which keeps the last good value and logs the problem.
 * The digest is written after the merge: a writer killed in between merges again next time.
 */
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '../clock.ts';
import {
  ConfigVersionConflictError,
  localConfigDir,
  readCurrentConfig,
  writeConfigVersion,
  type ConfigVersion,
} from './localConfigStore.ts';
import { ConfigSpecChangeRefusedError } from './ConfigSpecChangeRefusedError.ts';
import { canonicalJson, describeMerge, mergeConfigInForce, type ConfigMerge, type ConfigSpec } from './mergeConfigInForce.ts';

/** How {@link reconcileLocalConfig} left the store (undefined: the workflow file had not changed). */
export interface ReconciledConfig {
  readonly current: ConfigVersion;
  /** The merge that was applied; `changed` false when the document already fit the spec. */
  readonly merge: ConfigMerge;
}

/**
 * Seeds or merges the configuration in force with the workflow's spec.
 * @throws ConfigSpecChangeRefusedError naming each key that does not fit; nothing is written then
 */
export function reconcileLocalConfig(localDir: string, workflow: string, spec: ConfigSpec, options: { readonly clock?: Clock } = {}): ReconciledConfig | undefined {
  const digest = specDigest(spec);
  const markFile = join(localConfigDir(localDir, workflow), 'spec.json');
  const current = readCurrentConfig(localDir, workflow);
  if (current && readMark(markFile) === digest) return undefined;
  const reconciled = mergeAndWrite(localDir, workflow, spec, options);
  const tmp = `${markFile}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(tmp, `${JSON.stringify({ digest })}\n`);
  renameSync(tmp, markFile);
  return reconciled;
}

function mergeAndWrite(localDir: string, workflow: string, spec: ConfigSpec, options: { readonly clock?: Clock }): ReconciledConfig {
  // Compare-and-set: a `config set` landing meanwhile makes this re-read and merge again.
  for (;;) {
    const current = readCurrentConfig(localDir, workflow);
    const merge = mergeConfigInForce(current?.document, spec);
    if (merge.refused.length > 0) throw new ConfigSpecChangeRefusedError(workflow, merge, { local: true });
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

/** Identifies a workflow file's config section (schema and defaults), whatever its key order. */
function specDigest(spec: ConfigSpec): string {
  return createHash('sha256').update(canonicalJson({ schema: spec.schema, defaults: spec.defaults })).digest('hex');
}

function readMark(file: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { digest?: string }).digest;
  } catch {
    // Missing or unreadable: merge again, which is always safe.
    return undefined;
  }
}
