export * from './asl.ts';
export * from './compileWorkflow.ts';
export * from './functions.ts';
export * from './retry.ts';
export * from './staticChecks.ts';
export * from './mermaid.ts';
export * from './functionEnvironment.ts';
