export { createMockInvoker, type MockInvokerOptions } from './createMockInvoker.ts';
export { createFunctionMockInvoker, type StateMockCall, type StateMockFunction } from './createFunctionMockInvoker.ts';
export { formatMockConfigIssue, MockConfigError, type MockConfigIssue } from './MockConfigError.ts';
export type { MockConfigFile, MockedResponseFile, MockTestCaseFile } from './mockConfigFile.ts';
export {
  loadMockConfigFile,
  parseMockConfig,
  type MockConfig,
  type MockedResponseRange,
  type MockOutcome,
} from './parseMockConfig.ts';
export { createLocalS3Invoker, type LocalS3InvokerOptions } from './createLocalS3Invoker.ts';
