/**
 * Warnings on every synth for the account-wide quotas a stage's deploy would run into: the stage
 * shares each with the rest of the account, so once it alone takes a large share, a deploy may
 * fail half-way. Warnings, not errors: an account may have raised the quota already.
 */
import { Annotations, Aspects, CfnResource, NestedStack, type Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { ACCOUNT_QUOTAS, ACCOUNT_WARNING_SHARE, ESTIMATED_BYTES_PER_FUNCTION, type AccountQuota } from './quotas.ts';

/** How much of one account quota the stage uses. */
export interface QuotaUsage {
  readonly key: string;
  readonly quota: AccountQuota;
  readonly used: number;
  /** For quotas per something (rules per bus): which one. */
  readonly scope?: string;
}

/** The stage's use of every account quota in ACCOUNT_QUOTAS, counted over its whole construct tree. */
export function stageQuotaUsage(stack: Stack): QuotaUsage[] {
  const count = new Map<string, number>();
  const rulesPerBus = new Map<string, number>();
  let stacks = 1;
  for (const construct of stack.node.findAll()) {
    if (NestedStack.isNestedStack(construct)) stacks += 1;
    if (!CfnResource.isCfnResource(construct)) continue;
    const type = construct.cfnResourceType;
    count.set(type, (count.get(type) ?? 0) + 1);
    if (type === 'AWS::Events::Rule') {
      const bus = busNameOf(construct);
      rulesPerBus.set(bus, (rulesPerBus.get(bus) ?? 0) + 1);
    }
  }
  const of = (type: string) => count.get(type) ?? 0;
  return [
    { key: 'stacks', quota: ACCOUNT_QUOTAS.stacks, used: stacks },
    { key: 'iamRoles', quota: ACCOUNT_QUOTAS.iamRoles, used: of('AWS::IAM::Role') },
    ...[...rulesPerBus].map(([bus, used]) => ({ key: 'rulesPerBus', quota: ACCOUNT_QUOTAS.rulesPerBus, used, scope: `bus ${bus}` })),
    { key: 'schedules', quota: ACCOUNT_QUOTAS.schedules, used: of('AWS::Scheduler::Schedule') },
    { key: 'lambdaCodeStorageBytes', quota: ACCOUNT_QUOTAS.lambdaCodeStorageBytes, used: of('AWS::Lambda::Function') * ESTIMATED_BYTES_PER_FUNCTION },
    { key: 'appConfigApplications', quota: ACCOUNT_QUOTAS.appConfigApplications, used: of('AWS::AppConfig::Application') },
    { key: 'appConfigStrategies', quota: ACCOUNT_QUOTAS.appConfigStrategies, used: of('AWS::AppConfig::DeploymentStrategy') },
    { key: 'ssmParameters', quota: ACCOUNT_QUOTAS.ssmParameters, used: of('AWS::SSM::Parameter') },
  ];
}

/** The warning for a usage, or undefined while the stage stays under its share. */
export function quotaWarning(usage: QuotaUsage): string | undefined {
  const { quota, used } = usage;
  if (used < quota.limit * ACCOUNT_WARNING_SHARE) return undefined;
  const share = Math.round((used / quota.limit) * 100);
  const where = usage.scope ? ` on ${usage.scope}` : '';
  const verdict =
    used > quota.limit
      ? 'more than the default allows: the deploy fails unless the account\'s quota was raised'
      : used === quota.limit
        ? 'all of it: the deploy fails if anything else in the account uses one'
        : 'the rest of the account shares the rest, and a deploy fails half-way once the account reaches it';
  return `This stage alone needs ${used.toLocaleString('en-US')} of the account's default ${quota.limit.toLocaleString('en-US')} ${quota.name}${where} (${share}%): ${verdict}. To raise it: ${quota.raise}.`;
}

/** Adds the warnings when the app synthesizes, once every workflow is in the tree. */
export function addAccountQuotaWarnings(stack: Stack): void {
  Aspects.of(stack).add({
    visit(node: IConstruct) {
      if (node !== stack) return;
      for (const usage of stageQuotaUsage(stack)) {
        const warning = quotaWarning(usage);
        if (warning) Annotations.of(stack).addWarningV2(`aethon:quota:${usage.key}${usage.scope ? `:${usage.scope}` : ''}`, warning);
      }
    },
  });
}

/** `default` unless the rule names a bus (a name, or an ARN for a bus of another account). */
function busNameOf(rule: CfnResource): string {
  const name = (rule as CfnResource & { eventBusName?: unknown }).eventBusName;
  return typeof name === 'string' && !name.includes('${Token') ? name : name === undefined ? 'default' : 'a referenced bus';
}
