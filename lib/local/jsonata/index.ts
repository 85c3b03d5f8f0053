export { evaluateExpression, evaluateTemplate, isJsonataExpression, JsonataEvaluationError, jsonataSyntaxError } from './evaluate.ts';
export type { JsonataScope, JsonataStates } from './evaluate.ts';
export { stepFunctionsJsonataFunctions, randomUuid } from './functions.ts';
export type { JsonataEnvironment } from './functions.ts';
