import type { DefinitionProblem } from './validateDefinition.ts';
import { ToolErrors } from '../../contracts/toolErrors.ts';

/** Thrown by `runExecution` when the definition fails the structural check; lists every problem. */
export class InvalidDefinitionError extends Error {
  public override readonly name = ToolErrors.INVALID_DEFINITION;
  /** Every problem found, each with the path of the offending field. */
  public readonly problems: readonly DefinitionProblem[];

  public constructor(problems: readonly DefinitionProblem[]) {
    super(`Invalid state machine definition:\n${problems.map((p) => `  ${p.path}: ${p.message}`).join('\n')}`);
    this.problems = problems;
  }
}
