/**
 * Parallel and Map: states that run nested steps, compiled recursively.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/state-parallel.html
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/state-map-inline.html
 */
import type { MapStepSpec, ParallelStepSpec, StepsSpec } from '../../spec/index.ts';
import { compact, transition, type AslState, type AslStates } from '../asl.ts';
import { renderStepRetry } from '../retry.ts';
import { asExpression, renderCatchers } from '../templates.ts';
import type { CompileContext } from './context.ts';

export type ScopeCompiler = (steps: StepsSpec, startAt: string | undefined, scopeName: string) => AslStates;

export function renderParallel(name: string, step: ParallelStepSpec, ctx: CompileContext, compileScope: ScopeCompiler): AslState {
  return compact({
    Type: 'Parallel',
    Comment: step.description,
    Branches: step.branches.map((branch, i) => compileScope(branch.steps, branch.startAt, `${name} branch ${i + 1}`)),
    Output: step.output,
    Assign: step.assign,
    Retry: renderStepRetry(step.retry),
    Catch: step.catch ? renderCatchers(step.catch) : undefined,
    ...transition(step),
  });
}

export function renderMap(name: string, step: MapStepSpec, ctx: CompileContext, compileScope: ScopeCompiler): AslState {
  const processor = compileScope(step.steps, step.startAt, name);
  return compact({
    Type: 'Map',
    Comment: step.description,
    Items: typeof step.items === 'string' ? asExpression(step.items) : step.items,
    ItemSelector: step.itemSelector,
    MaxConcurrency: step.maxConcurrency,
    ToleratedFailurePercentage: step.toleratedFailurePercentage,
    ToleratedFailureCount: step.toleratedFailureCount,
    ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, StartAt: processor.StartAt, States: processor.States },
    Output: step.output,
    Assign: step.assign,
    Retry: renderStepRetry(step.retry),
    Catch: step.catch ? renderCatchers(step.catch) : undefined,
    ...transition(step),
  });
}
