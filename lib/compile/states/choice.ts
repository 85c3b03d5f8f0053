/** @see https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html */
import type { ChoiceStepSpec } from '../../spec/index.ts';
import { compact, type AslState } from '../asl.ts';
import { asExpression } from '../templates.ts';

export function renderChoice(step: ChoiceStepSpec): AslState {
  return compact({
    Type: 'Choice',
    Comment: step.description,
    Choices: step.choices.map((choice) =>
      compact({ Condition: asExpression(choice.when), Next: choice.next, Output: choice.output, Assign: choice.assign }),
    ),
    Default: step.default,
    Output: step.output,
    Assign: step.assign,
  });
}
