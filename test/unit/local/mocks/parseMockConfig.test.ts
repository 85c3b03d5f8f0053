import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadMockConfigFile, MockConfigError, parseMockConfig } from '../../../../lib/local/mocks/index.ts';

const fixture = (file: string): string => fileURLToPath(new URL(`../../../fixtures/mocks/${file}`, import.meta.url));

async function loadError(file: string): Promise<MockConfigError> {
  try {
    await loadMockConfigFile(fixture(file));
  } catch (error) {
    if (error instanceof MockConfigError) return error;
    throw error;
  }
  throw new Error(`expected ${file} to be invalid`);
}

describe('Function: parseMockConfig', () => {
  it('parses the AWS example with single invocations and ranges', async () => {
    // Act
    const config = await loadMockConfigFile(fixture('MockConfigFile.json'));

    // Assess
    expect(config.stateMachines.get('LambdaSQSIntegration')?.get('RetryPath')?.get('LambdaState')).toBe('MockedLambdaRetry');
    expect(config.mockedResponses.get('MockedLambdaRetry')?.map(({ from, to }) => [from, to])).toEqual([
      [0, 0],
      [1, 2],
      [3, 3],
    ]);
    expect(config.source).toBe(fixture('MockConfigFile.json'));
  });

  it('lists every problem of a file with where it is, refusing only the test case that uses them', async () => {
    // Act
    const config = await loadMockConfigFile(fixture('invalid.json'));

    // Assess
    const byPath = Object.fromEntries(config.warnings.map((issue) => [issue.path, issue.message]));
    expect(byPath).toMatchObject({
      MockedResponse: expect.stringContaining("did you mean 'MockedResponses'"),
      'StateMachines.Orders.TestCases.Broken.Charge': expect.stringContaining("unknown mocked response 'DoesNotExist'"),
      'MockedResponses.Overlapping["2"]': expect.stringMatching(/overlaps "0-2".*refuses test case Orders\/Broken/),
      'MockedResponses.BadRanges["3-1"]': expect.stringContaining('1 is less than 3'),
      'MockedResponses.BadRanges.first': expect.stringContaining('invalid invocation key'),
      'MockedResponses.BadRanges["-1"]': expect.stringContaining('invalid invocation key'),
      'MockedResponses.Both["0"]': expect.stringContaining('both "Return" and "Throw"'),
      'MockedResponses.BadThrow["0"].Throw.Error': expect.stringContaining('is missing'),
      'MockedResponses.BadThrow["0"].Throw.Cause': expect.stringContaining('must be a string'),
      'MockedResponses.Neither["0"]': expect.stringContaining('needs "Return"'),
    });
    expect(config.warnings).toHaveLength(10);
    expect(config.refusals.get('Orders')?.get('Broken')?.map((issue) => issue.path)).toEqual([
      'StateMachines.Orders.TestCases.Broken.Charge',
      'MockedResponses.Overlapping["2"]',
    ]);
  });

  it('names the file when it is not JSON', async () => {
    // Act
    const error = await loadError('notJson.txt');

    // Assess
    expect(error.message).toContain('notJson.txt');
    expect(error.issues[0]?.message).toContain('not valid JSON');
  });

  it('requires both top-level sections', () => {
    // Act & Assess
    expect(() => parseMockConfig({})).toThrow(/StateMachines: is missing[\s\S]*MockedResponses: is missing|MockedResponses: is missing[\s\S]*StateMachines: is missing/);
  });

  it('refuses a test case that is not an object of state names', () => {
    // Act
    const config = parseMockConfig({ StateMachines: { M: { TestCases: { T: ['x'] } } }, MockedResponses: {} });

    // Assess
    expect(config.refusals.get('M')?.get('T')?.[0]?.message).toMatch(/must be an object/);
  });
});
