/**
 * The dynamic-config API for tools (the CLI's `aethon config set/history/rollback`): the local
 * config store and the JSON Schema validator. Kept apart from the handler entry point
 * (lib/runtime/index.ts) so a Lambda bundle does not load ajv at init.
 */
export * from './localConfigStore.ts';
export { createConfigValidator, type ConfigValidator } from './validateConfig.ts';
