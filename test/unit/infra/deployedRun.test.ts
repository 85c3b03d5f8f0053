/**
 * What is deployed is what was tested: the definition taken from the synthesized template, its
 * function ARNs mapped back to the handlers they were built from, runs in the local engine with
 * the same result, step for step, as the compiled workflow run directly.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { CompiledWorkflow } from '../../../lib/compile/index.ts';
import { runExecution, TaskFailure, VirtualClock, type ExecutionRecord, type TaskInvocation } from '../../../lib/local/index.ts';
import { deployedDefinition } from './deployedDefinition.ts';
import { exampleWorkflow, synthesize } from './synthHelpers.ts';

// Synthesizing loads aws-cdk-lib and runs cdk-nag: seconds on a busy two-core runner.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

/** Stand-ins for the handlers, keyed by `file#export`; each records that it ran. */
type Fakes = Record<string, (input: Record<string, unknown>) => unknown>;

const onboardingFakes = (failProvisioning: boolean): Fakes => ({
  'functions/user-onboarding/createUser.ts#handler': () => ({ userId: 'u-1' }),
  'functions/user-onboarding/sendWelcomeEmail.ts#handler': () => ({ sent: true }),
  'functions/user-onboarding/chargeSetupFee.ts#handler': () => ({ chargeId: 'ch-1' }),
  'functions/user-onboarding/provisionWorkspace.ts#handler': () => {
    if (failProvisioning) throw new TaskFailure('Aethon.Permanent', 'no capacity');
    return { workspaceId: 'w-1' };
  },
  'functions/user-onboarding/refundSetupFee.ts#handler': () => ({ refunded: true }),
  'functions/user-onboarding/deactivateUser.ts#handler': () => ({ deactivated: true }),
});

async function run(definitionJson: string, handlerOf: (functionName: string) => string | undefined, fakes: Fakes, calls: string[]): Promise<ExecutionRecord> {
  return runExecution({
    definition: JSON.parse(definitionJson),
    input: { email: 'ada@example.com', name: 'Ada' },
    executionName: 'same-name',
    stateMachineName: 'user-onboarding',
    clock: new VirtualClock(),
    random: () => 0.5,
    taskInvoker: async ({ parameters }: TaskInvocation) => {
      const { FunctionName, Payload } = parameters as { FunctionName: string; Payload: { input: Record<string, unknown> } };
      const handler = handlerOf(FunctionName);
      if (!handler) throw new Error(`no handler for ${FunctionName}`);
      calls.push(handler);
      return { StatusCode: 200, Payload: fakes[handler]!(Payload.input) };
    },
  });
}

/** The parts of a record that must agree; ARNs inside task parameters differ by design. */
function comparable(record: ExecutionRecord) {
  return {
    status: record.status,
    output: record.output,
    error: record.error,
    cause: record.cause,
    states: record.history.map((event) => `${event.type}:${String((event.stateEnteredEventDetails as { name?: string } | undefined)?.name ?? '')}`),
  };
}

describe('Deployed definition: user-onboarding', () => {
  let workflow: CompiledWorkflow;
  let deployed: ReturnType<typeof deployedDefinition>;
  beforeAll(async () => {
    workflow = await exampleWorkflow('user-onboarding');
    deployed = deployedDefinition(synthesize([workflow]).template, workflow);
  });
  const direct = (placeholder: string) => {
    const fn = workflow.functions.find((f) => f.placeholder === placeholder);
    return fn && `${fn.handler.file}#${fn.handler.exportName}`;
  };

  it.each([
    ['succeeds', false],
    ['fails and compensates', true],
  ])('%s in the local engine exactly as the compiled workflow does', async (_, failProvisioning) => {
    // Prepare
    const deployedCalls: string[] = [];
    const directCalls: string[] = [];

    // Act
    const fromTemplate = await run(deployed.definitionJson, (arn) => deployed.handlerOfArn.get(arn), onboardingFakes(failProvisioning), deployedCalls);
    const fromCompiler = await run(workflow.definitionJson, direct, onboardingFakes(failProvisioning), directCalls);

    // Assess
    expect(comparable(fromTemplate)).toEqual(comparable(fromCompiler));
    expect(deployedCalls).toEqual(directCalls);
    if (failProvisioning) {
      expect(fromTemplate.status).toBe('FAILED');
      expect(deployedCalls).toContain('functions/user-onboarding/refundSetupFee.ts#handler');
      expect(deployedCalls).toContain('functions/user-onboarding/deactivateUser.ts#handler');
    } else {
      expect(fromTemplate.status).toBe('SUCCEEDED');
      expect(fromTemplate.output).toMatchObject({ userId: 'u-1', chargeId: 'ch-1', workspaceId: 'w-1' });
    }
  });
});
