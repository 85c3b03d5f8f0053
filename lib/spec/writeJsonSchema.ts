// `npm run schema`: regenerates schema/workflow.schema.json from the zod schema.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { WORKFLOW_SCHEMA_FILE, workflowJsonSchemaText } from './jsonSchema.ts';

mkdirSync(dirname(WORKFLOW_SCHEMA_FILE), { recursive: true });
writeFileSync(WORKFLOW_SCHEMA_FILE, workflowJsonSchemaText());
console.log(`wrote ${WORKFLOW_SCHEMA_FILE}`);
