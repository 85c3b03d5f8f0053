/** Synthesizes example workflows without bundling, for Template assertions. */
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { NestedStack, type App, type CfnResource, type Stack } from 'aws-cdk-lib';
import { buildWorkflow } from '../../../lib/workspace/index.ts';
import type { CompiledWorkflow } from '../../../lib/compile/index.ts';
import { createAethonApp, type AethonStack } from '../../../lib/infra/index.ts';
import { PROJECT_ROOT, WORKFLOWS_DIR } from '../../helpers/paths.ts';

/** Loads and compiles workflows/<name>.yaml, failing the test on any diagnostic error. */
export async function exampleWorkflow(name: string): Promise<CompiledWorkflow> {
  const built = await buildWorkflow(PROJECT_ROOT, join(WORKFLOWS_DIR, `${name}.yaml`));
  if (!built.ok) throw new Error(`${name} does not compile: ${JSON.stringify(built.diagnostics)}`);
  return built.compiled!;
}

export interface Synthesized {
  readonly app: App;
  readonly stack: AethonStack;
  /** The root stack's template only. */
  readonly root: Template;
  /**
   * Root and nested stacks as one template: each nested resource's logical id gets its nested
   * stack's prefix (a group's `G07` + `Application...`, a workflow's `useronboarding` +
   * `WorkflowStateMachine...`), and nested parameters and outputs are
   * replaced by what the root passes in and reads out (in root outputs and resources alike), so
   * references read as in one stack.
   */
  readonly template: Template;
}

/** The stack of the given workflows, with cdk-nag; bundling is skipped so that no esbuild runs. */
export function synthesize(workflows: readonly CompiledWorkflow[], context: Record<string, unknown> = {}): Synthesized {
  const { app, stack } = createAethonApp({
    workflows,
    projectRoot: PROJECT_ROOT,
    appProps: { context: { 'aws:cdk:bundling-stacks': [], ...context } },
  });
  const root = Template.fromStack(stack);
  const merged = structuredClone(root.toJSON()) as CfnTemplate;
  const nestedOutputs = new Map<string, Record<string, { Value: unknown }>>();
  // Two levels (groups, then workflows): a parent is merged before its children, so a child's
  // parameters read what the parent passes in, already in merged terms.
  const mergeChildren = (parent: Stack, parentPrefix: string): void => {
    for (const nested of nestedStacksOf(parent)) {
      const nestedId = parentPrefix + (stack.resolve((nested.nestedStackResource as CfnResource).logicalId) as string);
      const prefix = nested.node.id.replace(/[^A-Za-z0-9]/g, '');
      const json = Template.fromStack(nested).toJSON() as CfnTemplate;
      const parameters = (merged.Resources[nestedId]!.Properties?.Parameters ?? {}) as Record<string, unknown>;
      const rewrite = (value: unknown): unknown => rewriteReferences(value, json.Resources, parameters, prefix);
      for (const [id, resource] of Object.entries(json.Resources)) {
        merged.Resources[prefix + id] = rewrite(resource) as CfnTemplate['Resources'][string];
      }
      nestedOutputs.set(nestedId, rewrite(json.Outputs ?? {}) as Record<string, { Value: unknown }>);
      mergeChildren(nested, prefix);
    }
  };
  mergeChildren(stack, '');
  merged.Resources = resolveNestedOutputs(merged.Resources, nestedOutputs) as CfnTemplate['Resources'];
  merged.Outputs = resolveNestedOutputs(merged.Outputs, nestedOutputs) as CfnTemplate['Outputs'];
  return { app, stack, root, template: Template.fromJSON(merged) };
}

/** The nested stacks whose parent is `parent` (not their descendants). */
function nestedStacksOf(parent: Stack): NestedStack[] {
  return parent.node.findAll().filter((c): c is NestedStack => NestedStack.isNestedStack(c) && c.nestedStackParent === parent);
}

interface CfnTemplate {
  Resources: Record<string, { Type: string; Properties?: Record<string, unknown>; DependsOn?: string | string[] } & Record<string, unknown>>;
  Outputs?: Record<string, unknown>;
}

function rewriteReferences(value: unknown, own: CfnTemplate['Resources'], parameters: Record<string, unknown>, prefix: string): unknown {
  const recurse = (v: unknown): unknown => rewriteReferences(v, own, parameters, prefix);
  if (Array.isArray(value)) return value.map(recurse);
  if (value === null || typeof value !== 'object') return value;
  const object = value as Record<string, unknown>;
  if (typeof object.Ref === 'string' && Object.keys(object).length === 1) {
    if (object.Ref in parameters) return parameters[object.Ref];
    if (object.Ref in own) return { Ref: prefix + object.Ref };
    return object;
  }
  if (Array.isArray(object['Fn::GetAtt']) && Object.keys(object).length === 1) {
    const [id, attribute] = object['Fn::GetAtt'] as [string, string];
    return { 'Fn::GetAtt': [id in own ? prefix + id : id, attribute] };
  }
  return Object.fromEntries(
    Object.entries(object).map(([key, v]) => {
      if (key === 'DependsOn') return [key, [v].flat().map((id) => (typeof id === 'string' && id in own ? prefix + id : id))];
      return [key, recurse(v)];
    }),
  );
}

/** Root values that read a nested stack's output (`Fn::GetAtt: [Nested, Outputs.X]`) get its value. */
function resolveNestedOutputs(value: unknown, nestedOutputs: Map<string, Record<string, { Value: unknown }>>): unknown {
  if (Array.isArray(value)) return value.map((v) => resolveNestedOutputs(v, nestedOutputs));
  if (value === null || typeof value !== 'object') return value;
  const object = value as Record<string, unknown>;
  const getAtt = object['Fn::GetAtt'];
  if (Array.isArray(getAtt) && typeof getAtt[1] === 'string' && getAtt[1].startsWith('Outputs.')) {
    const output = nestedOutputs.get(getAtt[0] as string)?.[getAtt[1].slice('Outputs.'.length)];
    if (output) return output.Value;
  }
  return Object.fromEntries(Object.entries(object).map(([key, v]) => [key, resolveNestedOutputs(v, nestedOutputs)]));
}
