// The CDK app (cdk.json "app"): every workflows/*.yaml of the project, one stack for the stage
// given by `-c stage=...` (default dev), its workflows in nested stacks inside group nested
// stacks (lib/infra/AethonStack.ts). Run by `npx cdk synth|deploy` from the project root;
// AETHON_CFN_VALIDATION=true adds CDK's (slow) CloudFormation schema validation.
import { buildWorkflow, listWorkflowFiles } from '../lib/workspace/index.ts';
import { createAethonApp } from '../lib/infra/index.ts';
import { formatDiagnostic } from '../lib/spec/index.ts';

const root = process.cwd();
const built = await Promise.all(listWorkflowFiles(root).map((file) => buildWorkflow(root, file)));
const broken = built.filter((workflow) => !workflow.ok);
if (broken.length > 0) {
  for (const workflow of broken) {
    for (const diagnostic of workflow.diagnostics) console.error(formatDiagnostic(diagnostic, workflow.source?.text));
  }
  console.error(`\n${broken.length} workflow file(s) do not compile; nothing was synthesized. Run 'aethon validate' for details.`);
  process.exit(1);
}
if (built.length === 0) console.error(`no workflows under ${root}/workflows: the stack holds only the shared stage resources`);
createAethonApp({
  workflows: built.map((workflow) => workflow.compiled!),
  projectRoot: root,
  cfnValidation: process.env.AETHON_CFN_VALIDATION === 'true',
}).app.synth();
