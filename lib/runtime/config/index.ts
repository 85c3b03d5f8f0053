/**
 * The dynamic-config API for tools (the CLI's `aethon config set/history/rollback/diff`, the local
 * engine's reload): the local config store, the JSON Schema validator and the rule for
 * configuration across spec changes. Kept apart from the handler entry point
 * (lib/runtime/index.ts) so a Lambda bundle does not load ajv at init.
 */
export * from './localConfigStore.ts';
export { createConfigValidator, createConfigChecker, type ConfigValidator, type ConfigProblem } from './validateConfig.ts';
export { mergeConfigInForce, canonicalJson, describeMerge, type ConfigMerge, type ConfigSpec, type ConfigKeyValue } from './mergeConfigInForce.ts';
export { reconcileLocalConfig, type ReconciledConfig } from './reconcileLocalConfig.ts';
export { ConfigSpecChangeRefusedError } from './ConfigSpecChangeRefusedError.ts';
