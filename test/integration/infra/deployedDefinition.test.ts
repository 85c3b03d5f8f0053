/**
 * What is deployed is what was tested, with the real handlers: the state machine definition read
 * from the synthesized template, its function ARNs mapped back to the handler files the template's
 * functions are built from, runs in the local engine (worker threads, mock services on loopback)
 * and gives the same result, step for step and request for request, as the compiled workflow.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { functionEnvironment, type CompiledWorkflow } from '../../../lib/compile/index.ts';
import { LocalEngine, startDynalite, type LocalDynamo, type LocalFunctionConfig, type LocalRun } from '../../../lib/local/index.ts';
import { writeConfigVersion } from '../../../lib/runtime/index.ts';
import { startMockHttpServer, type MockHttpServer } from '../../../lib/testing/mockHttpServer.ts';
import { PROJECT_ROOT } from '../../helpers/paths.ts';
import { deployedDefinition } from '../../unit/infra/deployedDefinition.ts';
import { exampleWorkflow, synthesize } from '../../unit/infra/synthHelpers.ts';

// Synthesis plus worker threads that load TypeScript handlers: seconds on a busy runner.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const INPUT = { email: 'ada@example.com', name: 'Ada' };
/** When set, provisioning fails permanently, so the workflow refunds and deactivates. */
let workspacesRefuse = false;

describe('Deployed definition: user-onboarding with its real handlers', () => {
  let workflow: CompiledWorkflow;
  let server: MockHttpServer;
  let localDir: string;
  /** Runs the compiled workflow, with its own in-memory DynamoDB. */
  let directEngine: LocalEngine;
  /** Runs the deployed definition; its functions use `dynamo`, fresh like the other's. */
  let deployedEngine: LocalEngine;
  let dynamo: LocalDynamo;
  let functions: Record<string, LocalFunctionConfig>;
  let definition: unknown;

  beforeAll(async () => {
    workflow = await exampleWorkflow('user-onboarding');
    const { template } = synthesize([workflow]);
    const deployed = deployedDefinition(template, workflow);
    definition = JSON.parse(deployed.definitionJson);

    localDir = mkdtempSync(join(tmpdir(), 'aethon-deployed-'));
    writeFileSync(join(localDir, 'secrets.json'), JSON.stringify({ 'aethon/payments-api-key': 'sk_test', 'aethon/email-api-key': 'em_test' }));
    writeConfigVersion(localDir, workflow.name, workflow.config!.defaults);
    server = await startMockHttpServer({
      'POST /users': (req) => ({ body: { id: `user-${(req.body as { email: string }).email}` } }),
      'POST /send': { body: { messageId: 'msg-1' } },
      'POST /charges': { body: { id: 'ch-1' } },
      'POST /refunds': { body: { id: 're-1' } },
      'POST /workspaces': () => (workspacesRefuse ? { status: 400, body: { message: 'plan not available' } } : { body: { id: 'ws-1' } }),
      'POST /users/:id/deactivate': { body: {} },
    });
    const start = (dynamodb: 'memory' | 'none') =>
      LocalEngine.start({
        projectRoot: PROJECT_ROOT,
        localDir,
        virtualTime: true,
        dynamodb,
        recordExecutions: false,
        random: () => 0.5,
        environment: Object.fromEntries(['ACCOUNTS_API_URL', 'EMAIL_API_URL', 'PAYMENTS_API_URL', 'WORKSPACES_API_URL'].map((name) => [name, server.url])),
      });
    directEngine = await start('memory');
    deployedEngine = await start('none');
    dynamo = await startDynalite();

    // The template's functions, as the local engine should run them: the handler each was built
    // from, with the timeout and memory the template gives it.
    const lambdas = template.findResources('AWS::Lambda::Function');
    functions = {};
    for (const [arn, handler] of deployed.handlerOfArn) {
      const logicalId = arn.split(':').pop()!;
      const [file, exportName] = handler.split('#') as [string, string];
      const fn = workflow.functions.find((f) => f.handler.file === file && f.handler.exportName === exportName)!;
      const properties = lambdas[logicalId]!.Properties as { Timeout: number; MemorySize: number };
      functions[logicalId] = {
        functionName: logicalId,
        handlerFile: resolve(PROJECT_ROOT, file),
        exportName,
        timeoutSeconds: properties.Timeout,
        memoryMb: properties.MemorySize,
        environment: functionEnvironment(workflow, fn, { stage: 'local', localDir, idempotencyTable: dynamo.tableName, dynamodbEndpoint: dynamo.endpoint }),
      };
    }
  });

  afterAll(async () => {
    await directEngine?.close();
    await deployedEngine?.close();
    await dynamo?.close();
    await server?.close();
    if (localDir) rmSync(localDir, { recursive: true, force: true });
  });

  const summary = (run: LocalRun) => ({
    status: run.status,
    output: run.output,
    error: run.error,
    states: run.history.filter((event) => event.type.endsWith('StateEntered')).map((event) => (event.stateEnteredEventDetails as { name: string }).name),
  });

  /** Runs both, each with a fresh execution name, and returns their summaries and service calls. */
  async function runBoth(name: string, input: unknown = INPUT) {
    const before = server.requests.length;
    const direct = await directEngine.runWorkflow(workflow, { input, executionName: `direct-${name}` });
    const directCalls = server.requests.slice(before).map((r) => `${r.method} ${r.path}`);
    const fromTemplate = await deployedEngine.runDefinition(definition, workflow.name, { input, executionName: `deployed-${name}`, functions });
    const deployedCalls = server.requests.slice(before + directCalls.length).map((r) => `${r.method} ${r.path}`);
    return { direct, fromTemplate, directCalls, deployedCalls };
  }

  it('succeeds with the same output, states and service calls as the compiled workflow', async () => {
    // Act
    const { direct, fromTemplate, directCalls, deployedCalls } = await runBoth('ok');

    // Assess
    expect(direct.status, `${direct.error}: ${direct.cause}`).toBe('SUCCEEDED');
    expect(summary(fromTemplate)).toEqual(summary(direct));
    expect(deployedCalls).toEqual(directCalls);
    expect(deployedCalls).toContain('POST /charges');
  });

  it('fails and compensates exactly as the compiled workflow does', async () => {
    // Prepare
    workspacesRefuse = true;

    // Act
    // Another signup: the first one's records would replay, and a replayed step is not this run's to undo.
    const { direct, fromTemplate, directCalls, deployedCalls } = await runBoth('refused', { email: 'grace@example.com', name: 'Grace' });
    workspacesRefuse = false;

    // Assess
    expect(direct.status).toBe('FAILED');
    expect(summary(fromTemplate)).toEqual(summary(direct));
    expect(deployedCalls).toEqual(directCalls);
    expect(deployedCalls).toContain('POST /refunds');
    expect(deployedCalls.some((call) => /^POST \/users\/.+\/deactivate$/.test(call))).toBe(true);
  });
});
