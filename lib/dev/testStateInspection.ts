/**
 * TestState's `inspectionData` (DEBUG and TRACE): the values the engine computed for the tested
 * state, step by step, collected through the engine's inspector hook, plus the variables after
 * the state and which Retry or Catch handled its error.
 * @see https://docs.aws.amazon.com/step-functions/latest/apireference/API_InspectionData.html
 */
import type { InspectionStep, StateInspector } from '../local/engine/index.ts';

/** What AWS's InspectionErrorDetails holds. */
export interface InspectionErrorDetails {
  readonly catchIndex?: number;
  readonly retryIndex?: number;
  readonly retryBackoffIntervalSeconds?: number;
}

/** InspectionData as the SDK reads it: data as JSON text, Map limits as numbers. */
export type InspectionData = { readonly input: string; readonly variables?: string; readonly errorDetails?: InspectionErrorDetails } & {
  readonly [step in InspectionStep]?: string | number;
};

const NUMERIC_STEPS: ReadonlySet<InspectionStep> = new Set(['maxConcurrency', 'toleratedFailureCount', 'toleratedFailurePercentage']);

/** The steps of one state of one graph, as the engine reports them (other states and child graphs are ignored). */
export class InspectionCollector {
  private readonly steps = new Map<InspectionStep, unknown>();
  readonly inspector: StateInspector;

  constructor(graph: object, stateName: string) {
    this.inspector = (ctx, step, value) => {
      if (ctx.frame.graph === graph && ctx.name === stateName) this.steps.set(step, value);
    };
  }

  /** The inspection data: the raw input, every step seen, the variables when there are any, the error details. */
  data(input: unknown, variables: Readonly<Record<string, unknown>>, errorDetails: InspectionErrorDetails | undefined): InspectionData {
    const data: Record<string, unknown> = { input: JSON.stringify(input) };
    for (const [step, value] of this.steps) data[step] = NUMERIC_STEPS.has(step) ? value : (JSON.stringify(value) ?? 'null');
    if (Object.keys(variables).length > 0) data.variables = JSON.stringify(variables);
    if (errorDetails !== undefined) data.errorDetails = errorDetails;
    return data as InspectionData;
  }
}
