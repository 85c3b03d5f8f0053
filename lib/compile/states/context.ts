import type { WorkflowSpec } from '../../spec/index.ts';
import type { FunctionRegistry } from '../functions.ts';

/** What state renderers share while one workflow compiles. */
export interface CompileContext {
  readonly spec: WorkflowSpec;
  readonly functions: FunctionRegistry;
  /**
   * Every state name in use anywhere in the machine (step names, then the states the compiler
   * adds): Step Functions wants names unique across all scopes, Map and Parallel included.
   */
  readonly stateNames: Set<string>;
}
