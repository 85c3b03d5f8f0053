/**
 * The workspace: a project's workflows/ folder, how a name resolves to a file, and building each
 * file (load, validate, compile). Its own part, below cli, so the CDK app (bin/app.ts), the CLI,
 * lib/ops and the local engine all find workflows the same way, and lib/compile stays free of
 * file-system discovery.
 */
export * from './workflowFiles.ts';
