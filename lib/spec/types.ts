/** Typed views of a validated workflow file; the compiler works on these, never on raw YAML. */
import type { z } from 'zod';
import type {
  catchSchema,
  choiceStepSchema,
  compensationSchema,
  failStepSchema,
  mapStepSchema,
  parallelStepSchema,
  passStepSchema,
  retrySchema,
  succeedStepSchema,
  taskStepSchema,
  waitStepSchema,
  workflowSchema,
} from './schema.ts';

/** Steps by name, in file order. */
export type StepsSpec = Record<string, StepSpec>;

export interface StepGraphSpec {
  startAt?: string;
  steps: StepsSpec;
}

export type TaskStepSpec = z.output<typeof taskStepSchema>;
export type ChoiceStepSpec = z.output<typeof choiceStepSchema>;
export type WaitStepSpec = z.output<typeof waitStepSchema>;
export type PassStepSpec = z.output<typeof passStepSchema>;
export type ParallelStepSpec = Omit<z.output<typeof parallelStepSchema>, 'branches'> & { branches: StepGraphSpec[] };
export type MapStepSpec = Omit<z.output<typeof mapStepSchema>, 'steps'> & { steps: StepsSpec };
export type SucceedStepSpec = z.output<typeof succeedStepSchema>;
export type FailStepSpec = z.output<typeof failStepSchema>;
export type StepSpec =
  | TaskStepSpec
  | ChoiceStepSpec
  | WaitStepSpec
  | PassStepSpec
  | ParallelStepSpec
  | MapStepSpec
  | SucceedStepSpec
  | FailStepSpec;
export type WorkflowSpec = Omit<z.output<typeof workflowSchema>, 'steps'> & { steps: StepsSpec };
export type RetrySpec = z.output<typeof retrySchema>;
export type CatchSpec = z.output<typeof catchSchema>;
export type CompensationSpec = z.output<typeof compensationSchema>;
export type EventTriggerSpec = Extract<NonNullable<WorkflowSpec['triggers']>[number], { event: unknown }>;
export type ScheduleTriggerSpec = Extract<NonNullable<WorkflowSpec['triggers']>[number], { schedule: unknown }>;
