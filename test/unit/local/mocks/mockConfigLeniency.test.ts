import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createMockInvoker, loadMockConfigFile, MockConfigError, parseMockConfig } from '../../../../lib/local/mocks/index.ts';
import { TaskFailure, type TaskInvocation } from '../../../../lib/local/taskInvoker.ts';

// The AWS guide's example file plus keys Step Functions Local ignores and responses it never reaches.
const fixture = fileURLToPath(new URL('../../../fixtures/mocks/lenient.json', import.meta.url));
const invocation = (stateName: string): TaskInvocation => ({ stateName, resource: 'arn:aws:states:::lambda:invoke', input: {} }) as unknown as TaskInvocation;

function refusal(run: () => unknown): MockConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof MockConfigError) return error;
    throw error;
  }
  throw new Error('expected a MockConfigError');
}

describe('Function: parseMockConfig (leniency)', () => {
  it('accepts unknown fields and unreached responses, warning with path and line:column', async () => {
    // Act
    const config = await loadMockConfigFile(fixture);

    // Assess
    const byPath = Object.fromEntries(config.warnings.map((w) => [w.path, w]));
    expect(byPath['StateMachines.LambdaSQSIntegration.Owner']).toMatchObject({ message: 'unknown field, ignored', line: 5, column: 7 });
    // Comment is a note wherever it is written, as in ASL.
    expect(Object.keys(byPath).filter((path) => path.endsWith('Comment'))).toEqual([]);
    expect(byPath['MockedResponses.UnusedLowercase["0"].Throw.Error']?.message).toMatch(/did you mean 'Error'\?.*no test case uses this response/);
    expect(byPath['MockedResponses.UnusedLowercase["0"].Throw.cause']?.message).toContain("did you mean 'Cause'?");
    // One warning per mistake, in file order.
    expect(byPath['MockedResponses.UnusedLowercase["0"].Throw.error']).toBeUndefined();
    expect(config.warnings.map((w) => w.line)).toEqual([...config.warnings.map((w) => w.line)].sort((a, b) => a! - b!));
    expect(byPath['MockedResponses.UnusedOverlap["2"]']?.message).toMatch(/overlaps "0-2".*no test case uses/);
    expect(byPath['MockedResponses.Gap["2"]']?.message).toContain('no response for invocation "1"');
    expect(byPath['StateMachines.LambdaSQSIntegration.TestCases.MissingPath.LambdaState']?.message)
      .toContain("unknown mocked response 'NotDefinedAnywhere'");
    for (const warning of config.warnings) expect(warning.line).toBeGreaterThan(0);
  });

  it('runs the AWS example test cases of a file with unused problems', async () => {
    // Prepare
    const config = await loadMockConfigFile(fixture);
    const invoker = createMockInvoker({ mockConfig: config, stateMachineName: 'LambdaSQSIntegration', testCaseName: 'RetryPath' });

    // Act & Assess
    await expect(invoker(invocation('LambdaState'))).rejects.toMatchObject({ name: 'Lambda.ResourceNotReadyException' });
    await expect(invoker(invocation('LambdaState'))).rejects.toMatchObject({ name: 'Lambda.TimeoutException' });
  });

  it('refuses a test case that reaches a response whose Error is written in lowercase, with where', async () => {
    // Prepare
    const config = await loadMockConfigFile(fixture);

    // Act
    const error = refusal(() => createMockInvoker({ mockConfig: config, stateMachineName: 'LambdaSQSIntegration', testCaseName: 'LowercasePath' }));

    // Assess
    expect(error.message).toContain("cannot run test case 'LowercasePath'");
    expect(error.message).toContain(fixture);
    expect(error.issues).toEqual([
      expect.objectContaining({ path: 'MockedResponses.LowercaseThrow["0"].Throw.Error', message: expect.stringContaining("did you mean 'Error'?"), line: 43 }),
    ]);
  });

  it('refuses a test case naming a response that does not exist', async () => {
    // Prepare
    const config = await loadMockConfigFile(fixture);

    // Act
    const error = refusal(() => createMockInvoker({ mockConfig: config, stateMachineName: 'LambdaSQSIntegration', testCaseName: 'MissingPath' }));

    // Assess
    expect(error.issues[0]).toMatchObject({ path: 'StateMachines.LambdaSQSIntegration.TestCases.MissingPath.LambdaState', line: 19 });
  });

  it('takes a missing Cause as empty, as a Fail state without Cause', async () => {
    // Prepare
    const config = parseMockConfig({
      StateMachines: { M: { TestCases: { T: { S: 'NoCause' } } } },
      MockedResponses: { NoCause: { '0': { Throw: { Error: 'Custom.Error' } } } },
    });
    const invoker = createMockInvoker({ mockConfig: config, stateMachineName: 'M', testCaseName: 'T' });

    // Act
    const failure = await invoker(invocation('S')).catch((error: unknown) => error);

    // Assess
    expect(failure).toBeInstanceOf(TaskFailure);
    expect(failure).toMatchObject({ name: 'Custom.Error', message: '' });
    expect(config.warnings).toEqual([]);
  });

  it('still refuses a file whose sections are missing, saying which name was found instead', () => {
    // Act
    const error = refusal(() => parseMockConfig({ StateMachines: {}, MockedResponse: {} }));

    // Assess
    expect(error.issues).toEqual([{ path: 'MockedResponses', message: "is missing (found 'MockedResponse': rename it)" }]);
  });
});
