import { ToolErrors } from '../../contracts/toolErrors.ts';
/** One problem in a mock configuration, located by its JSON path (and line:column when read from a file). */
export interface MockConfigIssue {
  /** Where, as a JSON path: `MockedResponses.MockedLambdaRetry["1-2"]`. */
  readonly path: string;
  readonly message: string;
  /** 1-based line of the key in the file, when the configuration was read from text. */
  readonly line?: number;
  /** 1-based column of the key in the file, when the configuration was read from text. */
  readonly column?: number;
}

/** `path (line 3, column 7): message`, the form used in errors and warnings alike. */
export function formatMockConfigIssue(issue: MockConfigIssue): string {
  const where = issue.path === '' ? '(root)' : issue.path;
  const at = issue.line === undefined ? '' : ` (line ${issue.line}, column ${issue.column ?? 1})`;
  return `${where}${at}: ${issue.message}`;
}

/**
 * A mock configuration that cannot be used. Lists every problem at once, each with its place, so
 * one run of the tool is enough to fix the file.
 */
export class MockConfigError extends Error {
  public override readonly name = ToolErrors.MOCK_CONFIG_INVALID;
  /** The file the configuration came from, when it came from one. */
  public readonly source: string | undefined;
  public readonly issues: readonly MockConfigIssue[];

  public constructor(issues: readonly MockConfigIssue[], source?: string, options?: { cause?: unknown; context?: string }) {
    const where = source === undefined ? 'Mock configuration' : `Mock configuration ${source}`;
    const lines = issues.map((issue) => `  ${formatMockConfigIssue(issue)}`);
    super(`${where} ${options?.context ?? 'is invalid'}:\n${lines.join('\n')}`, options);
    this.source = source;
    this.issues = issues;
  }
}
