export { evaluateIntrinsic, isIntrinsic, validateIntrinsic, INTRINSIC_FUNCTION_NAMES } from './evaluateIntrinsic.ts';
export { parseIntrinsic, MAX_INTRINSIC_NESTING, type IntrinsicArgument, type IntrinsicCall } from './parseIntrinsic.ts';
