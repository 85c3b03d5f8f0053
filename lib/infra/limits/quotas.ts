/**
 * The AWS quotas a stage's deploy runs into, as of the quota pages linked below (defaults; an
 * account may have raised the adjustable ones). One place, so the checks, the bench and the
 * messages name the same figures.
 */

/** Per template; CloudFormation refuses the deploy beyond them, whatever the account. */
export const TEMPLATE_QUOTAS = {
  /** @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html */
  resources: 500,
  outputs: 200,
  parameters: 200,
  /** Template body in S3, which is how CDK hands over every template (root and nested): 1 MB. */
  bytes: 1_000_000,
} as const;

/** AppConfig, per application; not adjustable by a template layout, only by grouping. */
export const APPCONFIG_QUOTAS = {
  /** @see https://docs.aws.amazon.com/general/latest/gr/appconfig.html */
  profilesPerApplication: 100,
  environmentsPerApplication: 20,
} as const;

/** An account-wide default quota that a stage uses part of. */
export interface AccountQuota {
  /** As the Service Quotas console names it. */
  readonly name: string;
  readonly limit: number;
  /** How to raise it. */
  readonly raise: string;
}

const SERVICE_QUOTAS = 'request an increase in the Service Quotas console';

/** Account defaults a deploy would hit; the stage shares each with everything else in the account. */
export const ACCOUNT_QUOTAS = {
  stacks: { name: 'CloudFormation stacks per region (nested stacks count)', limit: 2000, raise: `${SERVICE_QUOTAS} (AWS CloudFormation > Stack count)` },
  iamRoles: { name: 'IAM roles per account', limit: 1000, raise: `${SERVICE_QUOTAS} (AWS Identity and Access Management > Roles per account; up to 5,000)` },
  rulesPerBus: { name: 'EventBridge rules per event bus', limit: 300, raise: `${SERVICE_QUOTAS} (Amazon EventBridge > Maximum number of rules an event bus can have), or put triggers on a custom bus` },
  schedules: { name: 'EventBridge Scheduler schedules per region', limit: 10_000_000, raise: `${SERVICE_QUOTAS} (Amazon EventBridge Scheduler > Number of schedules)` },
  lambdaCodeStorageBytes: { name: 'Lambda code storage per region (estimated)', limit: 75 * 1024 ** 3, raise: `${SERVICE_QUOTAS} (AWS Lambda > Function and layer storage), or delete unused function versions` },
  appConfigApplications: { name: 'AppConfig applications per region', limit: 100, raise: `${SERVICE_QUOTAS} (AWS AppConfig > Maximum number of applications), or lower aethon:workflowGroups before the first deploy` },
  appConfigStrategies: { name: 'AppConfig deployment strategies per region', limit: 20, raise: `${SERVICE_QUOTAS} (AWS AppConfig > Maximum number of deployment strategies); each stage creates 3` },
  ssmParameters: { name: 'SSM Parameter Store standard parameters per region', limit: 10_000, raise: 'this quota is not adjustable; advanced parameters (100,000) cost money: delete unused parameters' },
} as const satisfies Record<string, AccountQuota>;

/**
 * What a stage's function costs in code storage, for the estimate: a minified esbuild bundle with
 * its source map, the AWS SDK left out, is well under this; CDK deploys no function versions, so
 * each function stores one copy.
 */
export const ESTIMATED_BYTES_PER_FUNCTION = 2 * 1024 ** 2;

/**
 * A stage warns once it alone uses this share of an account quota: the rest of the account
 * (other stages, other apps) shares the same quota.
 */
export const ACCOUNT_WARNING_SHARE = 0.5;
