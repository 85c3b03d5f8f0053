/**
 * The local engine's public API (`aethon/local`): run workflows and ASL definitions on a laptop,
 * with mocks, virtual time and captured logs, and assert on status, output, error and history.
 */
export { LocalEngine, WorkflowInvalidError, type CapturedLog, type LocalEngineOptions, type LocalRun, type RunOptions, type TaskMocks } from './localEngine.ts';
export { runExecution, RealClock, VirtualClock, validateDefinition, InvalidDefinitionError, mapRunExecutions, type Clock, type MapRunExecution, type RunExecutionOptions } from './engine/index.ts';
export { createLambdaInvoker, type LambdaInvokerOptions, type LocalFunctionConfig } from './lambda/index.ts';
export { createFunctionMockInvoker, createLocalS3Invoker, createMockInvoker, formatMockConfigIssue, loadMockConfigFile, parseMockConfig, MockConfigError, type LocalS3InvokerOptions, type MockConfig, type MockConfigFile, type MockConfigIssue } from './mocks/index.ts';
export { openExecutionStore, type ExecutionStore } from './store/index.ts';
export { startDynalite, type LocalDynamo } from './services/dynalite.ts';
export { TaskFailure, type TaskInvoker, type TaskInvocation } from './taskInvoker.ts';
export type { ExecutionRecord, ExecutionStatus, HistoryEvent } from './types.ts';

import { LocalEngine, type LocalEngineOptions, type LocalRun, type RunOptions } from './localEngine.ts';

/**
 * Runs one workflow once and shuts everything down: the shortest way to test a workflow.
 * Virtual time is on unless you say otherwise.
 * @example
 * const run = await runWorkflowLocally('deploy-pipeline', { input: { service: 'api' }, environment: { DEPLOY_API_URL: mock.url } });
 */
export async function runWorkflowLocally(workflow: string, options: RunOptions & LocalEngineOptions = {}): Promise<LocalRun> {
  const engine = await LocalEngine.start({ virtualTime: true, ...options });
  try {
    return await engine.runWorkflow(workflow, options);
  } finally {
    await engine.close();
  }
}
