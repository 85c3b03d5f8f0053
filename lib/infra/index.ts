export * from './AethonStack.ts';
export * from './StageResources.ts';
export * from './TriggerDeadLetterQueue.ts';
export * from './Workflow.ts';
export * from './app.ts';
export * from './nag.ts';
export { StepMetricNames } from './workflow/workflowMonitoring.ts';
export { ConfigurationProfile } from './workflow/configurationProfile.ts';
export { executionNameFor, executionArnOf } from './starter/executionName.ts';
