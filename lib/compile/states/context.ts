import type { WorkflowSpec } from '../../spec/index.ts';
import type { FunctionRegistry } from '../functions.ts';

/** What state renderers share while one workflow compiles. */
export interface CompileContext {
  readonly spec: WorkflowSpec;
  readonly functions: FunctionRegistry;
}
