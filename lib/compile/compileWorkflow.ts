/**
 * The compiler: a validated WorkflowSpec in, ASL (QueryLanguage JSONata) out. Pure and
 * deterministic: the same spec always gives byte-identical JSON, with no clock, no randomness and
 * no file access.
 */
import { hasErrors, parseDuration, type Diagnostic, type SpecPath, type StepSpec, type StepsSpec, type WorkflowSpec } from '../spec/index.ts';
import { scopesOf, startOf } from '../spec/index.ts';
import type { AslDefinition, AslState, AslStates } from './asl.ts';
import { planCompensation } from './compensation.ts';
import { FunctionRegistry, type CompiledFunction } from './functions.ts';
import { runStaticChecks } from './staticChecks.ts';
import { sideEffectChecks } from './sideEffectChecks.ts';
import { renderChoice } from './states/choice.ts';
import type { CompileContext } from './states/context.ts';
import { renderMap, renderParallel, type ScopeCompiler } from './states/parallelAndMap.ts';
import { renderFail, renderPass, renderSucceed } from './states/simple.ts';
import { renderTask } from './states/task.ts';
import { renderWait } from './states/wait.ts';

export interface CompiledWorkflow {
  readonly name: string;
  readonly type: 'standard' | 'express';
  readonly definition: AslDefinition;
  /** The definition as CDK ships it: stable key order, two-space indent. */
  readonly definitionJson: string;
  /** One per task and compensation handler, in the order they appear. */
  readonly functions: readonly CompiledFunction[];
  /** States in the whole machine, nested ones included. */
  readonly stateCount: number;
  /** Dynamic configuration: its JSON Schema and defaults, when the workflow declares one. */
  readonly config?: { readonly schema: Record<string, unknown>; readonly defaults: Record<string, unknown> };
  /** Logical secret name -> Secrets Manager name. */
  readonly secrets: Readonly<Record<string, string>>;
  /** The spec it was compiled from, for triggers, logging options and descriptions. */
  readonly spec: WorkflowSpec;
}

export type CompileResult =
  | { readonly ok: true; readonly workflow: CompiledWorkflow; readonly diagnostics: Diagnostic[] }
  | { readonly ok: false; readonly diagnostics: Diagnostic[] };

/**
 * Compiles one workflow.
 * @example
 * const loaded = await loadWorkflowSpec('workflows/nightly-etl.yaml');
 * if (loaded.ok) console.log(compileWorkflow(loaded.spec));
 */
export function compileWorkflow(spec: WorkflowSpec): CompileResult {
  const stateNames = new Set<string>();
  for (const scope of scopesOf(spec.steps, spec.startAt)) for (const name of Object.keys(scope.steps)) stateNames.add(name);
  const ctx: CompileContext = { spec, functions: new FunctionRegistry(spec), stateNames };
  const diagnostics: Diagnostic[] = [];
  const pathOf = new Map<string, SpecPath>();

  const compileScope = (steps: StepsSpec, startAt: string | undefined, path: SpecPath, label: string): AslStates => {
    const States: Record<string, AslState> = {};
    for (const [name, step] of Object.entries(steps)) {
      pathOf.set(name, [...path, name]);
      States[name] = renderStep(name, step, [...path, name]);
    }
    const compensation = planCompensation(steps, startAt, States, { path, label }, ctx);
    diagnostics.push(...compensation.diagnostics);
    for (const [extra, state] of Object.entries(compensation.states)) {
      const undone = compensation.undoes.get(extra);
      pathOf.set(extra, undone ? [...path, undone, 'compensate'] : path);
      States[extra] = state;
    }
    return { StartAt: startOf(steps, startAt)!, States };
  };

  const renderStep = (name: string, step: StepSpec, path: SpecPath): AslState => {
    const nested = (index?: number): ScopeCompiler => (steps, startAt, label) =>
      compileScope(steps, startAt, index === undefined ? [...path, 'steps'] : [...path, 'branches', index, 'steps'], label);
    switch (step.type) {
      case 'task':
        return renderTask(name, step, ctx);
      case 'choice':
        return renderChoice(step);
      case 'wait':
        return renderWait(step);
      case 'pass':
        return renderPass(step);
      case 'succeed':
        return renderSucceed(step);
      case 'fail':
        return renderFail(step);
      case 'map':
        return renderMap(name, step, ctx, nested());
      case 'parallel': {
        let branch = 0;
        return renderParallel(name, step, ctx, (steps, startAt, label) => nested(branch++)(steps, startAt, label));
      }
    }
  };

  const root = compileScope(spec.steps, spec.startAt, ['steps'], '');
  const definition: AslDefinition = {
    ...(spec.description ? { Comment: spec.description } : {}),
    QueryLanguage: 'JSONata',
    StartAt: root.StartAt,
    ...(spec.timeout ? { TimeoutSeconds: parseDuration(spec.timeout) } : {}),
    States: root.States,
  };
  const definitionJson = JSON.stringify(definition, null, 2);
  const checks = runStaticChecks(spec, definition, definitionJson, ctx.functions.functions, pathOf);
  diagnostics.push(...checks.diagnostics, ...sideEffectChecks(spec, ctx.functions.functions, pathOf));
  if (hasErrors(diagnostics)) return { ok: false, diagnostics };
  return {
    ok: true,
    diagnostics,
    workflow: {
      name: spec.name,
      type: spec.type,
      definition,
      definitionJson,
      functions: ctx.functions.functions,
      stateCount: checks.stateCount,
      ...(spec.config ? { config: spec.config } : {}),
      secrets: spec.secrets ?? {},
      spec,
    },
  };
}
