/**
 * Reads a deployed stage's manifest from SSM Parameter Store (format: lib/contracts/stageManifest.ts):
 * the stage's parameter, one workflow's parameter (GetParameter), or every workflow's
 * (GetParametersByPath, 10 a page, followed to the last NextToken).
 * @see https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetParametersByPath.html
 */
import { GetParameterCommand, GetParametersByPathCommand, type SSMClient } from '@aws-sdk/client-ssm';
import {
  MANIFEST_VERSION,
  stageParameterName,
  workflowManifestPath,
  workflowParameterName,
  type StageManifest,
  type WorkflowManifest,
} from '../../contracts/stageManifest.ts';
import { awsCall } from './awsErrors.ts';
import { OpsError } from '../errors.ts';

export type { StageManifest, WorkflowManifest } from '../../contracts/stageManifest.ts';

/** The SSM client, or anything that sends its commands (aws-sdk-client-mock in tests). */
export type Ssm = Pick<SSMClient, 'send'>;

/** Which stage: its app name (cdk.json `aethon:app`) and stage name. */
export interface ManifestLocation {
  readonly appName: string;
  readonly stage: string;
}

/** GetParametersByPath returns at most 10 a call. */
const PAGE_SIZE = 10;
/** A stage holds at most 2,000 workflows (stacks per region): more pages than that is a loop. */
const MAX_PAGES = 400;

/** The stage's own parameter; undefined when the stage never published one (not deployed, or deployed before manifests). */
export async function readStageManifest(ssm: Ssm, where: ManifestLocation): Promise<StageManifest | undefined> {
  const name = stageParameterName(where.appName, where.stage);
  const value = await getParameterValue(ssm, name);
  return value === undefined ? undefined : parseManifest<StageManifest>(name, value, ['stackName', 'idempotencyTableName', 'workflowsPath']);
}

/** One workflow's parameter; undefined when there is none. */
export async function readWorkflowManifest(ssm: Ssm, where: ManifestLocation, workflow: string): Promise<WorkflowManifest | undefined> {
  const name = workflowParameterName(where.appName, where.stage, workflow);
  const value = await getParameterValue(ssm, name);
  return value === undefined ? undefined : parseWorkflowManifest(name, value);
}

/** Every workflow's parameter under the stage's path, in name order. */
export async function listWorkflowManifests(ssm: Ssm, where: ManifestLocation): Promise<WorkflowManifest[]> {
  const path = workflowManifestPath(where.appName, where.stage);
  const manifests: WorkflowManifest[] = [];
  let token: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const response = await awsCall({ action: 'GetParametersByPath', resource: path }, () =>
      ssm.send(new GetParametersByPathCommand({ Path: path, Recursive: false, MaxResults: PAGE_SIZE, ...(token ? { NextToken: token } : {}) })),
    );
    for (const parameter of response.Parameters ?? []) {
      if (parameter.Name && parameter.Value !== undefined) manifests.push(parseWorkflowManifest(parameter.Name, parameter.Value));
    }
    // A page may be short, or even empty, with a NextToken still to follow (best effort, per the API).
    token = response.NextToken;
    if (!token) return manifests.sort((a, b) => a.workflow.localeCompare(b.workflow));
  }
  throw new OpsError(`GetParametersByPath ${path} returned more than ${MAX_PAGES} pages; a stage holds at most 2,000 workflows, so this is not a manifest Aethon wrote`);
}

async function getParameterValue(ssm: Ssm, name: string): Promise<string | undefined> {
  return awsCall({ action: 'GetParameter', resource: name }, async () => {
    try {
      const response = await ssm.send(new GetParameterCommand({ Name: name }));
      return response.Parameter?.Value;
    } catch (error) {
      if ((error as Error).name === 'ParameterNotFound') return undefined;
      throw error;
    }
  });
}

function parseWorkflowManifest(name: string, value: string): WorkflowManifest {
  const manifest = parseManifest<WorkflowManifest>(name, value, ['workflow', 'stateMachineArn']);
  return { ...manifest, starterFunctionArns: Array.isArray(manifest.starterFunctionArns) ? manifest.starterFunctionArns : [] };
}

function parseManifest<T extends { readonly version: number }>(name: string, value: string, required: readonly (keyof T & string)[]): T {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (error) {
    throw new OpsError(`SSM parameter ${name} is not JSON (${(error as Error).message}); it is written by 'cdk deploy': redeploy the stage rather than edit it`, 1, { cause: error });
  }
  const record = parsed as Record<string, unknown>;
  if (!record || typeof record !== 'object' || record.version !== MANIFEST_VERSION) {
    throw new OpsError(`SSM parameter ${name} is manifest version ${String(record?.version)}; this aethon reads version ${MANIFEST_VERSION}. Use the aethon version the stage was deployed with, or redeploy the stage with this one ('npx cdk deploy').`);
  }
  const missing = required.filter((key) => typeof record[key] !== 'string' || !record[key]);
  if (missing.length > 0) throw new OpsError(`SSM parameter ${name} lacks ${missing.join(', ')}; redeploy the stage ('npx cdk deploy') to rewrite it`);
  return parsed as T;
}
