// The CLI finds workflows through lib/compile; re-exported here for the commands.
export * from '../compile/workflowFiles.ts';
