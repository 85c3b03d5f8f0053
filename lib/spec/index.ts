export * from './diagnostics.ts';
export * from './duration.ts';
export * from './expressions.ts';
export * from './handlerRef.ts';
export * from './loadWorkflowSpec.ts';
export * from './schema.ts';
export * from './stepGraph.ts';
export type * from './types.ts';
export type { YamlSource } from './yamlSource.ts';
