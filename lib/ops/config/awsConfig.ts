/**
 * `aethon config get|set|history|rollback` on AWS: AppConfig hosted configuration versions,
 * deployed with a deployment strategy (the incident strategy by default), watched until the
 * deployment is COMPLETE or ROLLED_BACK. AppConfig runs one deployment per environment at a time;
 * a flip that meets one in progress waits for it, or (with wait off) says which one is in the way.
 * @see https://docs.aws.amazon.com/appconfig/latest/userguide/appconfig-deploying.html
 */
import {
  CreateHostedConfigurationVersionCommand,
  GetDeploymentCommand,
  GetHostedConfigurationVersionCommand,
  ListDeploymentsCommand,
  ListHostedConfigurationVersionsCommand,
  StartDeploymentCommand,
  type AppConfigClient,
} from '@aws-sdk/client-appconfig';
import type { CompiledWorkflow } from '../../compile/index.ts';
import { awsCall, translateAwsError } from '../aws/awsErrors.ts';
import { AwsOperationError, NotFoundError, OpsError } from '../errors.ts';
import { applyAssignments, type Assignment } from './assignments.ts';
import { formatChange, parseChange } from './changeRecord.ts';
import { mergeConfigInForce } from '../../runtime/config/index.ts';
import { assertValidConfig, changedKeys, configCacheMaxAgeSeconds, configOf } from './documents.ts';
import type { ConfigChangeOutcome, ConfigVersionInfo } from './types.ts';

/** The AppConfig ids of one workflow in one stage. */
export interface AppConfigTarget {
  readonly applicationId: string;
  readonly environmentId: string;
  readonly profileId: string;
  /** The deployment strategy id for set and rollback. */
  readonly strategyId: string;
}

/** A deployment's progress, reported on every change while waiting. */
export interface DeploymentProgress {
  readonly number: number;
  readonly state: string;
  readonly percentage: number;
  /** True while this flip waits for someone else's deployment to end. */
  readonly blocking?: boolean;
}

/** The AppConfig client and the time ports, injected so tests never wait. */
export interface AwsConfigDeps {
  readonly client: Pick<AppConfigClient, 'send'>;
  /** Waits between polls; injected so tests never wait. */
  readonly sleep: (ms: number) => Promise<void>;
  /** Milliseconds since the epoch. */
  readonly now: () => number;
  readonly onProgress?: (progress: DeploymentProgress) => void;
  /** @default 2000 */
  readonly pollIntervalMs?: number;
  /** Give up waiting after this long. @default 15 minutes */
  readonly timeoutMs?: number;
}

/** Who and why, and whether to wait for the deployment. */
export interface AwsChangeRequest {
  readonly author: string;
  readonly reason?: string;
  /** Wait until COMPLETE or ROLLED_BACK (and for a deployment in the way). @default true */
  readonly wait?: boolean;
}

const TERMINAL = new Set(['COMPLETE', 'ROLLED_BACK', 'REVERTED']);
const IN_PROGRESS = new Set(['BAKING', 'VALIDATING', 'DEPLOYING', 'ROLLING_BACK']);

/** The newest hosted version, with its document. */
export async function getAwsConfig(deps: AwsConfigDeps, target: AppConfigTarget): Promise<ConfigVersionInfo> {
  const [latest] = await listVersions(deps, target, 1);
  if (!latest) throw new NotFoundError(`AppConfig profile ${target.profileId} has no hosted configuration version yet; 'cdk deploy' creates the first from the workflow's defaults`);
  return { ...latest, document: await readVersion(deps, target, latest.version) };
}

/** Hosted versions, newest first, with reason, author and time from their descriptions. */
export async function awsConfigHistory(deps: AwsConfigDeps, target: AppConfigTarget, limit = 50): Promise<ConfigVersionInfo[]> {
  return listVersions(deps, target, limit);
}

/**
 * Applies assignments to the newest version, validates the whole document, creates a hosted
 * version and deploys it.
 * @throws ConfigRefusedError before any request is sent when the schema refuses the document
 */
export async function setAwsConfig(deps: AwsConfigDeps, target: AppConfigTarget, workflow: CompiledWorkflow, assignments: readonly Assignment[], change: AwsChangeRequest): Promise<ConfigChangeOutcome> {
  const current = await getAwsConfig(deps, target);
  // On the document the workflow file implies (as the next deploy would make it), so a set can
  // repair a value that a schema change refused.
  const document = applyAssignments(mergeConfigInForce(current.document, configOf(workflow)).document, assignments);
  assertValidConfig(workflow, document);
  return publish(deps, target, workflow, { document, previous: current.document, latestVersion: current.version, reason: change.reason }, change);
}

/** Publishes an older version's document as a new version and deploys it (history stays linear, as locally). */
export async function rollbackAwsConfig(deps: AwsConfigDeps, target: AppConfigTarget, workflow: CompiledWorkflow, toVersion: number, change: AwsChangeRequest): Promise<ConfigChangeOutcome> {
  const current = await getAwsConfig(deps, target);
  const document = await readVersion(deps, target, toVersion);
  assertValidConfig(workflow, document);
  const reason = `rollback to version ${toVersion}${change.reason ? `: ${change.reason}` : ''}`;
  return publish(deps, target, workflow, { document, previous: current.document, latestVersion: current.version, reason }, change);
}

async function publish(
  deps: AwsConfigDeps,
  target: AppConfigTarget,
  workflow: CompiledWorkflow,
  next: { document: unknown; previous: unknown; latestVersion: number; reason: string | undefined },
  change: AwsChangeRequest,
): Promise<ConfigChangeOutcome> {
  const description = formatChange({ author: change.author, at: new Date(deps.now()).toISOString(), ...(next.reason ? { reason: next.reason } : {}) });
  const created = await awsCall({ action: 'CreateHostedConfigurationVersion', resource: `profile ${target.profileId}` }, async () => {
    try {
      return await deps.client.send(
        new CreateHostedConfigurationVersionCommand({
          ApplicationId: target.applicationId,
          ConfigurationProfileId: target.profileId,
          Content: new TextEncoder().encode(JSON.stringify(next.document, null, 2)),
          ContentType: 'application/json',
          Description: description,
          // Optimistic concurrency: refused if someone published a version since we read ours.
          LatestVersionNumber: next.latestVersion,
        }),
      );
    } catch (error) {
      if ((error as Error).name === 'ConflictException') {
        throw new AwsOperationError(`someone published a new version of ${workflow.name}'s configuration since it was read (version ${next.latestVersion}); nothing was changed. Run the command again to apply it on top of theirs.`, 'ConflictException', { cause: error });
      }
      throw error;
    }
  });
  const version = created.VersionNumber!;
  const deployment = await deploy(deps, target, version, description, change.wait ?? true);
  const maxAge = configCacheMaxAgeSeconds();
  const propagation =
    deployment.state === 'COMPLETE'
      ? `Deployed. Warm functions cache the configuration for up to ${maxAge} s, so every running handler sees version ${version} within ${maxAge} s.`
      : TERMINAL.has(deployment.state)
        ? `The deployment ended ${deployment.state}: handlers keep the previous version.`
        : `Deployment #${deployment.number} is ${deployment.state}; handlers see version ${version} up to ${maxAge} s (their cache max age) after it completes. Follow it with 'aethon config get ${workflow.name}'.`;
  return {
    workflow: workflow.name,
    version,
    document: next.document,
    previous: next.previous,
    changed: changedKeys(next.previous, next.document),
    deployment: { number: deployment.number, state: deployment.state, strategyId: target.strategyId },
    propagation,
  };
}

/** StartDeployment, waiting out a deployment in progress when allowed, then following ours. */
async function deploy(deps: AwsConfigDeps, target: AppConfigTarget, version: number, description: string, wait: boolean): Promise<{ number: number; state: string }> {
  const deadline = deps.now() + (deps.timeoutMs ?? 15 * 60_000);
  for (;;) {
    let started;
    try {
      started = await deps.client.send(
        new StartDeploymentCommand({
          ApplicationId: target.applicationId,
          EnvironmentId: target.environmentId,
          DeploymentStrategyId: target.strategyId,
          ConfigurationProfileId: target.profileId,
          ConfigurationVersion: String(version),
          Description: description,
        }),
      );
    } catch (error) {
      if ((error as Error).name !== 'ConflictException') throw translateAwsError(error, { action: 'StartDeployment', resource: `environment ${target.environmentId}` });
      const blocking = await runningDeployment(deps, target);
      if (!wait || !blocking) {
        const which = blocking ? `deployment #${blocking.number} (${blocking.state}, ${blocking.percentage}%)` : 'another deployment';
        throw new AwsOperationError(
          `version ${version} was created but not deployed: ${which} is in progress in environment ${target.environmentId}, and AppConfig runs one deployment per environment at a time. ` +
            `Deploy it when that one ends with 'aethon config rollback <workflow> ${version}', or run without --no-wait to wait for it.`,
          'ConflictException',
          { cause: error },
        );
      }
      await follow(deps, target, blocking.number, deadline, true);
      continue;
    }
    const number = started.DeploymentNumber!;
    deps.onProgress?.({ number, state: started.State ?? 'DEPLOYING', percentage: started.PercentageComplete ?? 0 });
    if (!wait) return { number, state: started.State ?? 'DEPLOYING' };
    return { number, state: await follow(deps, target, number, deadline, false, `${started.State ?? 'DEPLOYING'}:${started.PercentageComplete ?? 0}`) };
  }
}

/** Polls one deployment until it ends; reports each change of state or percentage. */
async function follow(deps: AwsConfigDeps, target: AppConfigTarget, number: number, deadline: number, blocking: boolean, reported = ''): Promise<string> {
  let last = reported;
  for (;;) {
    const deployment = await awsCall({ action: 'GetDeployment', resource: `deployment #${number}` }, () =>
      deps.client.send(new GetDeploymentCommand({ ApplicationId: target.applicationId, EnvironmentId: target.environmentId, DeploymentNumber: number })),
    );
    const state = deployment.State ?? 'UNKNOWN';
    const seen = `${state}:${deployment.PercentageComplete ?? 0}`;
    if (seen !== last) deps.onProgress?.({ number, state, percentage: deployment.PercentageComplete ?? 0, ...(blocking ? { blocking } : {}) });
    last = seen;
    if (TERMINAL.has(state)) return state;
    if (deps.now() >= deadline) throw new OpsError(`gave up waiting for deployment #${number} (still ${state}); it goes on in AppConfig. Check it with 'aethon config get' later.`, 3);
    await deps.sleep(deps.pollIntervalMs ?? 2000);
  }
}

async function runningDeployment(deps: AwsConfigDeps, target: AppConfigTarget): Promise<DeploymentProgress | undefined> {
  const listed = await awsCall({ action: 'ListDeployments', resource: `environment ${target.environmentId}` }, () =>
    deps.client.send(new ListDeploymentsCommand({ ApplicationId: target.applicationId, EnvironmentId: target.environmentId, MaxResults: 10 })),
  );
  const running = (listed.Items ?? []).find((item) => IN_PROGRESS.has(item.State ?? ''));
  return running ? { number: running.DeploymentNumber!, state: running.State!, percentage: running.PercentageComplete ?? 0, blocking: true } : undefined;
}

async function listVersions(deps: AwsConfigDeps, target: AppConfigTarget, limit: number): Promise<ConfigVersionInfo[]> {
  const versions: ConfigVersionInfo[] = [];
  let token: string | undefined;
  do {
    const page = await awsCall({ action: 'ListHostedConfigurationVersions', resource: `profile ${target.profileId}` }, () =>
      deps.client.send(
        new ListHostedConfigurationVersionsCommand({
          ApplicationId: target.applicationId,
          ConfigurationProfileId: target.profileId,
          MaxResults: Math.min(50, limit - versions.length),
          ...(token ? { NextToken: token } : {}),
        }),
      ),
    );
    for (const item of page.Items ?? []) versions.push({ version: item.VersionNumber!, ...parseChange(item.Description) });
    token = page.NextToken;
  } while (token && versions.length < limit);
  // AppConfig lists newest first; sort anyway so the contract does not hang on that.
  return versions.sort((a, b) => b.version - a.version).slice(0, limit);
}

async function readVersion(deps: AwsConfigDeps, target: AppConfigTarget, version: number): Promise<unknown> {
  const read = await awsCall({ action: 'GetHostedConfigurationVersion', resource: `profile ${target.profileId} version ${version}` }, async () => {
    try {
      return await deps.client.send(new GetHostedConfigurationVersionCommand({ ApplicationId: target.applicationId, ConfigurationProfileId: target.profileId, VersionNumber: version }));
    } catch (error) {
      if ((error as Error).name === 'ResourceNotFoundException') throw new NotFoundError(`AppConfig profile ${target.profileId} has no version ${version}; 'aethon config history' lists them`, { cause: error });
      throw error;
    }
  });
  try {
    return JSON.parse(new TextDecoder().decode(read.Content));
  } catch (error) {
    throw new OpsError(`version ${version} of AppConfig profile ${target.profileId} is not JSON (${(error as Error).message}); Aethon writes JSON only`, 1, { cause: error });
  }
}
