import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, it, vi } from 'vitest';
import type { CompiledWorkflow } from '../../../lib/compile/index.ts';
import { exampleWorkflow, synthesize } from './synthHelpers.ts';

// Synthesizing loads aws-cdk-lib and runs cdk-nag: seconds on a busy two-core runner.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

describe('Construct: WorkflowSecrets', () => {
  let onboarding: CompiledWorkflow;
  beforeAll(async () => {
    onboarding = await exampleWorkflow('user-onboarding');
  });

  it('references existing secrets by name and creates none by default', () => {
    const { template } = synthesize([onboarding]);
    template.resourceCountIs('AWS::SecretsManager::Secret', 0);
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
            Effect: 'Allow',
            Resource: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(':secret:aethon/email-api-key-\\?\\?\\?\\?\\?\\?$')])] },
          },
        ]),
      },
    });
  });

  it('creates the secrets the context asks for, kept when the stack is deleted, and grants exactly them', () => {
    const { template } = synthesize([onboarding], { 'aethon:createSecrets': ['aethon/payments-api-key'] });
    template.resourceCountIs('AWS::SecretsManager::Secret', 1);
    template.hasResource('AWS::SecretsManager::Secret', { Properties: { Name: 'aethon/payments-api-key' }, DeletionPolicy: 'Retain' });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          { Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'], Effect: 'Allow', Resource: { Ref: Match.stringLikeRegexp('paymentsApiKey') } },
        ]),
      },
    });
  });
});
