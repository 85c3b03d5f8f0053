/**
 * Which group of the stage each workflow belongs to. Free of CDK imports (it is arithmetic).
 *
 * A workflow's group comes from a hash of its name, never from its position in a list: adding
 * or removing a workflow moves no other workflow to another group. Moving one means deleting its
 * nested stack and AppConfig profile and creating them anew in another group: CloudFormation
 * creates before it deletes, so the fixed names (state machine, log group, dashboard) would
 * collide, and the configuration set with `aethon config set` and its history would be lost.
 */

/** AppConfig's quota of configuration profiles per application; a group is one application. */
export const MAX_WORKFLOWS_PER_GROUP = 100;

/**
 * Groups per stage, unless `aethon:workflowGroups` says otherwise. 20 groups of at most 100
 * profiles hold 2,000 workflows, as many as the account's 2,000 stacks per region could ever hold;
 * 1,000 workflows average 50 a group (about 70 in the fullest, with hashing), so each group's
 * chain of AppConfig deployments stays short; and a stage takes 20 of the account's 100 AppConfig
 * applications. Changing the count moves most workflows to other groups (see above): choose it
 * once, before the first deploy.
 */
export const DEFAULT_WORKFLOW_GROUPS = 20;

/** FNV-1a (32 bit): stable across Node versions and machines, unlike anything seeded. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** The group index (0-based) of a workflow. */
export function groupIndexOf(workflowName: string, groupCount: number): number {
  return fnv1a(workflowName) % groupCount;
}

/** `G00`, `G07`, ...: the group's construct id and the suffix of its AppConfig application. */
export function groupIdOf(index: number): string {
  return `G${String(index).padStart(2, '0')}`;
}

/** Workflow names by group id, groups in order, names sorted; groups without workflows are left out. */
export function assignWorkflowGroups(names: readonly string[], groupCount: number): Map<string, string[]> {
  if (!Number.isInteger(groupCount) || groupCount < 1 || groupCount > 100) {
    throw new Error(`aethon:workflowGroups must be a whole number from 1 to 100; got ${groupCount}`);
  }
  const byIndex = new Map<number, string[]>();
  for (const name of [...names].sort()) {
    const index = groupIndexOf(name, groupCount);
    byIndex.set(index, [...(byIndex.get(index) ?? []), name]);
  }
  const groups = new Map<string, string[]>();
  for (const index of [...byIndex.keys()].sort((a, b) => a - b)) groups.set(groupIdOf(index), byIndex.get(index)!);
  return groups;
}
