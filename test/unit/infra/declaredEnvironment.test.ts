/**
 * A workflow's `environment:` in the synthesized template: literals as written, an SSM parameter
 * as a dynamic reference, a stack export through Fn::ImportValue, the step level over the
 * workflow level, and the stage's `aethon:environment` context over both.
 */
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { compileWorkflow } from '../../../lib/compile/index.ts';
import { parseWorkflowSpec } from '../../../lib/spec/index.ts';
import { PROJECT_ROOT, SOME_HANDLER } from '../../helpers/paths.ts';
import { synthesize, type Synthesized } from './synthHelpers.ts';

// Synthesizing loads aws-cdk-lib and runs cdk-nag: seconds on a busy two-core runner.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const YAML = `name: env-synth
environment:
  API_URL: https://api.example.com
  TABLE: { ssm: /shared/orders/table, local: orders-local }
  QUEUE: { import: shared-QueueUrl }
  NOTIFY_API_URL: https://notify.example.com
steps:
  first:
    type: task
    handler: ${SOME_HANDLER}
    environment: { API_URL: https://payments.example.com, RETRIES: 3 }
    next: second
  second: { type: task, handler: ${SOME_HANDLER}, end: true }
`;

describe('Construct: Workflow (declared environment)', () => {
  let synth: Synthesized;
  beforeAll(() => {
    const loaded = parseWorkflowSpec('workflows/env-synth.yaml', YAML, { projectRoot: PROJECT_ROOT });
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics));
    const compiled = compileWorkflow(loaded.spec);
    if (!compiled.ok) throw new Error(JSON.stringify(compiled.diagnostics));
    synth = synthesize([compiled.workflow], { 'aethon:environment': { NOTIFY_API_URL: 'https://notify.stage.example.com' } });
  });

  it("sets the step's variables over the workflow's, references resolved by CloudFormation", () => {
    synth.template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          AETHON_STEP: 'first',
          API_URL: 'https://payments.example.com',
          RETRIES: '3',
          TABLE: '{{resolve:ssm:/shared/orders/table}}',
          QUEUE: { 'Fn::ImportValue': 'shared-QueueUrl' },
          NOTIFY_API_URL: 'https://notify.stage.example.com',
        }),
      },
    });
  });

  it("gives a step without its own environment the workflow's", () => {
    synth.template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ AETHON_STEP: 'second', API_URL: 'https://api.example.com', TABLE: '{{resolve:ssm:/shared/orders/table}}' }) },
    });
    const second = Object.values(synth.template.findResources('AWS::Lambda::Function')).find(
      (fn) => (fn.Properties.Environment?.Variables as Record<string, unknown> | undefined)?.AETHON_STEP === 'second',
    );
    expect(second?.Properties.Environment.Variables).not.toHaveProperty('RETRIES');
  });
});
