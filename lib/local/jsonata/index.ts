export { evaluateExpression, evaluateTemplate, evaluateTemplateSync, isJsonataExpression, JsonataEvaluationError, jsonataSyntaxError } from './evaluate.ts';
export type { JsonataScope, JsonataStates } from './evaluate.ts';
export { stepFunctionsJsonataFunctions, randomUuid } from './functions.ts';
export type { JsonataEnvironment } from './functions.ts';
export { DEFAULT_JSONATA_LIMITS, MAX_SEQUENCE_LENGTH } from './budget.ts';
export type { JsonataLimits } from './budget.ts';
