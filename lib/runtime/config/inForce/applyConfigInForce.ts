/**
 * What `cdk deploy` does to a workflow's configuration (the config-in-force custom resource):
 * reads the newest hosted version of its AppConfig profile, merges it with the workflow file's
 * schema and defaults by {@link mergeConfigInForce}, and creates a hosted version only when the
 * merge changes something. Its version number is what the stack's AppConfig deployment deploys.
 */
import {
  CreateHostedConfigurationVersionCommand,
  DeleteHostedConfigurationVersionCommand,
  GetHostedConfigurationVersionCommand,
  ListHostedConfigurationVersionsCommand,
  type AppConfigClient,
} from '@aws-sdk/client-appconfig';
import { ConfigSpecChangeRefusedError } from '../ConfigSpecChangeRefusedError.ts';
import { describeMerge, mergeConfigInForce } from '../mergeConfigInForce.ts';

/** The custom resource's properties, as the CDK construct sets them (CloudFormation passes strings). */
export interface ConfigInForceProperties {
  readonly ApplicationId: string;
  readonly ConfigurationProfileId: string;
  readonly Workflow: string;
  /** The config schema, as JSON text. */
  readonly Schema: string;
  /** The spec's defaults, as JSON text. */
  readonly Defaults: string;
}

/** The fields of a CloudFormation custom resource request that this resource reads. */
export interface ConfigInForceRequest {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly PhysicalResourceId?: string;
  readonly ResourceProperties: ConfigInForceProperties;
}

/** The result: the version to deploy. */
export interface ConfigInForceResult {
  readonly physicalResourceId: string;
  /** `VersionNumber` (the version the deployment deploys) and `Created` (`true` or `false`). */
  readonly data: { readonly VersionNumber: string; readonly Created: string };
}

export interface ConfigInForceDeps {
  readonly client: Pick<AppConfigClient, 'send'>;
  /** Milliseconds since the epoch, for the version's description. */
  readonly now: () => number;
}

/** Someone published a version between our read and our write this many times in a row: give up. */
const MAX_ATTEMPTS = 3;

/**
 * Handles one request. Delete (the workflow left the stage: its profile is deleted right after)
 * deletes every hosted version, `aethon config set`'s included: AppConfig refuses to delete a
 * profile that still has hosted versions, which would leave the stack's delete or cleanup failed.
 * @throws ConfigSpecChangeRefusedError when a value in force does not fit the new schema
 */
export async function applyConfigInForce(request: ConfigInForceRequest, deps: ConfigInForceDeps): Promise<ConfigInForceResult> {
  const props = request.ResourceProperties;
  const physicalResourceId = `${props.ApplicationId}/${props.ConfigurationProfileId}`;
  if (request.RequestType === 'Delete') {
    // A Delete for another profile's id (ours changed on an update) must not touch ours.
    if (request.PhysicalResourceId === physicalResourceId) await deleteAllVersions(deps, props);
    return { physicalResourceId: request.PhysicalResourceId ?? physicalResourceId, data: { VersionNumber: '', Created: 'false' } };
  }
  const spec = { schema: JSON.parse(props.Schema) as object, defaults: JSON.parse(props.Defaults) as Record<string, unknown> };
  for (let attempt = 1; ; attempt++) {
    const latest = await readLatest(deps, props);
    const merge = mergeConfigInForce(latest?.document, spec);
    if (merge.refused.length > 0) throw new ConfigSpecChangeRefusedError(props.Workflow, merge, { local: false, version: latest?.version ?? 0 });
    if (latest && !merge.changed) return { physicalResourceId, data: { VersionNumber: String(latest.version), Created: 'false' } };
    const reason = latest ? `cdk deploy, workflow file changed: ${describeMerge(merge)}` : 'cdk deploy: defaults from the workflow file';
    try {
      const created = await deps.client.send(
        new CreateHostedConfigurationVersionCommand({
          ApplicationId: props.ApplicationId,
          ConfigurationProfileId: props.ConfigurationProfileId,
          Content: new TextEncoder().encode(JSON.stringify(merge.document, null, 2)),
          ContentType: 'application/json',
          Description: describe(reason, deps.now()),
          // Refused if `aethon config set` published a version since the read: then merge again.
          ...(latest ? { LatestVersionNumber: latest.version } : {}),
        }),
      );
      return { physicalResourceId, data: { VersionNumber: String(created.VersionNumber), Created: 'true' } };
    } catch (error) {
      if ((error as Error).name !== 'ConflictException' || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}

async function deleteAllVersions(deps: ConfigInForceDeps, props: ConfigInForceProperties): Promise<void> {
  const where = { ApplicationId: props.ApplicationId, ConfigurationProfileId: props.ConfigurationProfileId };
  for (;;) {
    let listed;
    try {
      listed = await deps.client.send(new ListHostedConfigurationVersionsCommand({ ...where, MaxResults: 50 }));
    } catch (error) {
      if ((error as Error).name === 'ResourceNotFoundException') return; // the profile is already gone
      throw error;
    }
    const versions = (listed.Items ?? []).flatMap((item) => (item.VersionNumber === undefined ? [] : [item.VersionNumber]));
    if (versions.length === 0) return;
    for (const VersionNumber of versions) {
      try {
        await deps.client.send(new DeleteHostedConfigurationVersionCommand({ ...where, VersionNumber }));
      } catch (error) {
        if ((error as Error).name !== 'ResourceNotFoundException') throw error;
      }
    }
  }
}

async function readLatest(deps: ConfigInForceDeps, props: ConfigInForceProperties): Promise<{ version: number; document: unknown } | undefined> {
  const listed = await deps.client.send(new ListHostedConfigurationVersionsCommand({ ApplicationId: props.ApplicationId, ConfigurationProfileId: props.ConfigurationProfileId, MaxResults: 1 }));
  const version = listed.Items?.[0]?.VersionNumber;
  if (version === undefined) return undefined;
  const read = await deps.client.send(new GetHostedConfigurationVersionCommand({ ApplicationId: props.ApplicationId, ConfigurationProfileId: props.ConfigurationProfileId, VersionNumber: version }));
  const text = new TextDecoder().decode(read.Content);
  try {
    return { version, document: JSON.parse(text) as unknown };
  } catch (error) {
    throw new Error(`hosted version ${version} of workflow '${props.Workflow}' (profile ${props.ConfigurationProfileId}) is not JSON (${(error as Error).message}); publish a JSON version with 'aethon config set' and deploy again`, { cause: error });
  }
}

/** The `reason (by author at time)` form that `aethon config history` reads back; AppConfig allows 1024 characters. */
function describe(reason: string, now: number): string {
  const trailer = ` (by cdk deploy at ${new Date(now).toISOString()})`;
  const room = 1024 - trailer.length;
  return (reason.length > room ? `${reason.slice(0, room - 1)}…` : reason) + trailer;
}
