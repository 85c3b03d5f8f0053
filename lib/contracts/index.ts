export * from './statesErrors.ts';
export * from './aethonErrors.ts';
export * from './taskPayload.ts';
export * from './functionEnvironment.ts';
export * from './toolErrors.ts';
export * from './jsonataVersion.ts';
export * from './executionInputConflict.ts';
