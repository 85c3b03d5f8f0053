/**
 * `aethon config diff`: what the next deploy (or, with --local, the next local run) would do to the
 * configuration in force, by the one rule of lib/runtime/config/mergeConfigInForce.ts.
 */
import type { CompiledWorkflow } from '../../compile/index.ts';
import { mergeConfigInForce, readCurrentConfig, type ConfigMerge } from '../../runtime/config/index.ts';
import { NotFoundError } from '../errors.ts';
import { getAwsConfig, type AppConfigTarget, type AwsConfigDeps } from './awsConfig.ts';
import { configOf } from './documents.ts';

/** The merge, with where the configuration in force was read. */
export interface ConfigDiff extends ConfigMerge {
  readonly workflow: string;
  /** The version in force; undefined when none exists yet (the deploy seeds the defaults). */
  readonly version?: number;
  /** `local config store` or `AppConfig <application>/<environment>/<profile>`. */
  readonly source: string;
}

/** Against the local config store; reads only, never seeds. */
export function diffLocalConfig(localDir: string, workflow: CompiledWorkflow): ConfigDiff {
  const current = readCurrentConfig(localDir, workflow.name);
  return { workflow: workflow.name, ...(current ? { version: current.version } : {}), source: 'local config store', ...mergeConfigInForce(current?.document, configOf(workflow)) };
}

/** Against the newest hosted version on AppConfig, the one the deploy's custom resource merges with. */
export async function diffAwsConfig(deps: AwsConfigDeps, target: AppConfigTarget, workflow: CompiledWorkflow): Promise<ConfigDiff> {
  const source = `AppConfig ${target.applicationId}/${target.environmentId}/${target.profileId}`;
  const current = await getAwsConfig(deps, target).catch((error: unknown) => {
    // No hosted version yet: the first deploy seeds the defaults.
    if (error instanceof NotFoundError) return undefined;
    throw error;
  });
  return { workflow: workflow.name, ...(current ? { version: current.version } : {}), source, ...mergeConfigInForce(current?.document, configOf(workflow)) };
}
