/**
 * The JSON Schema of workflow files, generated from the zod schema so the two never drift
 * (a test compares it with schema/workflow.schema.json). Editors use it for completion and checks:
 * add `# yaml-language-server: $schema=../schema/workflow.schema.json` at the top of a workflow.
 */
import { z } from 'zod';
import { workflowSchema } from './schema.ts';

export const WORKFLOW_SCHEMA_FILE = 'schema/workflow.schema.json';

export function workflowJsonSchema(): Record<string, unknown> {
  // 'input' describes what a person writes: fields with defaults are optional there.
  const schema = z.toJSONSchema(workflowSchema, { io: 'input', unrepresentable: 'any', cycles: 'ref', reused: 'inline' });
  return { ...schema, title: 'Aethon workflow', description: 'A workflow: steps compiled to an AWS Step Functions state machine.' };
}

/** The file's exact text: stable formatting so a diff shows only real changes. */
export function workflowJsonSchemaText(): string {
  return JSON.stringify(workflowJsonSchema(), null, 2) + '\n';
}
