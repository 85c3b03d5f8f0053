export { createLambdaInvoker, type LambdaInvoker } from './createLambdaInvoker.ts';
export { LAMBDA_INVOKE_RESOURCE } from './functionResolver.ts';
export { LambdaErrors } from './lambdaErrors.ts';
export type { LambdaInvokerOptions, LambdaLogMeta, LocalFunctionConfig } from './types.ts';
export { handlerBuildProblems, type HandlerToCheck } from './handlerBuildProblems.ts';
