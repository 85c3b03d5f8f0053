/** Every JSONata expression in the file must parse; a typo fails validation, not a 3 AM run. */
import jsonata from 'jsonata';
import { laterJsonataProblem } from '../../contracts/jsonataVersion.ts';
import type { Diagnostic, SpecPath } from '../diagnostics.ts';
import { expressionBody, expressionsIn, isExpression } from '../expressions.ts';
import { scopesOf } from '../stepGraph.ts';
import type { StepSpec, WorkflowSpec } from '../types.ts';

export function checkExpressions(spec: WorkflowSpec): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const scope of scopesOf(spec.steps, spec.startAt)) {
    for (const [name, step] of Object.entries(scope.steps)) {
      for (const { path, body } of expressionsOfStep(step)) {
        const problem = parseProblem(body);
        const later = problem ? undefined : laterJsonataProblem(body);
        if (later) {
          diagnostics.push({
            code: 'jsonata-version',
            severity: 'error',
            message: `JSONata expression would fail on AWS: ${later}`,
            path: [...scope.path, name, ...path],
            hint: `expression: ${body}`,
          });
        }
        if (problem) {
          diagnostics.push({
            code: 'invalid-expression',
            severity: 'error',
            message: `JSONata expression does not parse: ${problem}`,
            path: [...scope.path, name, ...path],
            hint: `expression: ${body}`,
          });
        }
      }
    }
  }
  return diagnostics;
}

function* expressionsOfStep(step: StepSpec): Generator<{ path: SpecPath; body: string }> {
  const templates: [string, unknown][] = [
    ['output', 'output' in step ? step.output : undefined],
    ['assign', 'assign' in step ? step.assign : undefined],
    ['input', step.type === 'task' ? step.input : undefined],
    ['itemSelector', step.type === 'map' ? step.itemSelector : undefined],
    ['duration', step.type === 'wait' ? step.duration : undefined],
    ['timestamp', step.type === 'wait' ? step.timestamp : undefined],
  ];
  for (const [key, template] of templates) {
    if (template !== undefined) yield* expressionsIn(template, [key]);
  }
  if (step.type === 'choice') {
    for (const [i, choice] of step.choices.entries()) {
      yield { path: ['choices', i, 'when'], body: expressionBody(choice.when) };
      yield* expressionsIn(choice.output, ['choices', i, 'output']);
      yield* expressionsIn(choice.assign, ['choices', i, 'assign']);
    }
  }
  if (step.type === 'map' && typeof step.items === 'string') {
    yield { path: ['items'], body: expressionBody(step.items) };
  }
  if ('catch' in step && step.catch) {
    for (const [i, c] of step.catch.entries()) {
      yield* expressionsIn(c.output, ['catch', i, 'output']);
      yield* expressionsIn(c.assign, ['catch', i, 'assign']);
    }
  }
  if (step.type === 'fail') {
    for (const key of ['error', 'cause'] as const) {
      if (isExpression(step[key])) yield { path: [key], body: expressionBody(step[key]!) };
    }
  }
}

function parseProblem(body: string): string | undefined {
  try {
    jsonata(body);
    return undefined;
  } catch (error) {
    const { message, position } = error as { message?: string; position?: number };
    return `${message ?? String(error)}${position !== undefined ? ` (at character ${position})` : ''}`;
  }
}
