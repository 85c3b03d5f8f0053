/**
 * How deployed resources are named: the stage stack and the keys of its outputs. Free of CDK
 * imports (a contract), so the CLI (lib/ops) reads the same rules that lib/infra deploys with.
 */

/** `user-onboarding` -> `UserOnboarding`: the prefix of a workflow's output keys. */
export function outputPrefix(workflowName: string): string {
  return workflowName
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
}

/** The stack of one stage: `${Pascal(app)}-${stage}`, e.g. `Aethon-dev`. */
export function stackNameFor(appName: string, stage: string): string {
  const pascal = appName.replace(/(^|[^A-Za-z0-9])([a-z])/g, (_, __, c: string) => c.toUpperCase()).replace(/[^A-Za-z0-9]/g, '');
  return `${pascal}-${stage}`;
}
