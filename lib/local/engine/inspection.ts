import type { StateContext } from './types.ts';

/**
 * A step of a state's data processing, named as TestState's InspectionData names its field:
 * the value after InputPath, Parameters or Arguments, the raw result, after ResultSelector and
 * ResultPath, and a Map's items and iteration inputs and limits.
 * @see https://docs.aws.amazon.com/step-functions/latest/apireference/API_InspectionData.html
 */
export type InspectionStep =
  | 'afterInputPath'
  | 'afterParameters'
  | 'afterArguments'
  | 'result'
  | 'afterResultSelector'
  | 'afterResultPath'
  | 'afterItemsPath'
  | 'afterItemSelector'
  | 'afterItemBatcher'
  | 'maxConcurrency'
  | 'toleratedFailureCount'
  | 'toleratedFailurePercentage';

/**
 * Sees each intermediate value as the engine computes it (TestState's inspection data). Ordinary
 * runs have none: then each step costs one property read.
 */
export type StateInspector = (ctx: StateContext, step: InspectionStep, value: unknown) => void;
