/** One problem in a mock configuration, located by its JSON path. */
export interface MockConfigIssue {
  /** Where, as a JSON path: `MockedResponses.MockedLambdaRetry["1-2"]`. */
  readonly path: string;
  readonly message: string;
}

/**
 * A mock configuration that cannot be used. Lists every problem at once, each with its place, so
 * one run of the tool is enough to fix the file.
 */
export class MockConfigError extends Error {
  public override readonly name = 'MockConfigError';
  /** The file the configuration came from, when it came from one. */
  public readonly source: string | undefined;
  public readonly issues: readonly MockConfigIssue[];

  public constructor(issues: readonly MockConfigIssue[], source?: string, options?: { cause?: unknown }) {
    const where = source === undefined ? 'Mock configuration' : `Mock configuration ${source}`;
    const lines = issues.map((issue) => `  ${issue.path === '' ? '(root)' : issue.path}: ${issue.message}`);
    super(`${where} is invalid:\n${lines.join('\n')}`, options);
    this.source = source;
    this.issues = issues;
  }
}
