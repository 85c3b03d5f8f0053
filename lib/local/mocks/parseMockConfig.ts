import { readFile } from 'node:fs/promises';
import { MockConfigError, type MockConfigIssue } from './MockConfigError.ts';
import { jsonPathLocator } from './locateJsonPath.ts';
import { isObject, parseMockedResponses, type MockedResponseRange, type RawIssue } from './parseMockedResponses.ts';

export type { MockOutcome, MockedResponseRange } from './parseMockedResponses.ts';

/** A validated mock configuration. */
export interface MockConfig {
  /** State machine -> test case -> state name -> mocked response name. */
  readonly stateMachines: ReadonlyMap<string, ReadonlyMap<string, ReadonlyMap<string, string>>>;
  /** Mocked response name -> ranges, sorted by `from`, never overlapping in a usable response. */
  readonly mockedResponses: ReadonlyMap<string, readonly MockedResponseRange[]>;
  readonly source: string | undefined;
  /**
   * What Step Functions Local would accept but looks like a mistake (unknown fields, gaps between
   * invocations, problems in responses or test cases), each with its place. Callers show them.
   */
  readonly warnings: readonly MockConfigIssue[];
  /**
   * State machine -> test case -> the problems that would change its result (a broken response it
   * uses, an unknown response name). `createMockInvoker` refuses such a test case with them.
   */
  readonly refusals: ReadonlyMap<string, ReadonlyMap<string, readonly MockConfigIssue[]>>;
}

const TOP_LEVEL = ['StateMachines', 'MockedResponses'];
/** JSON has no comments: like ASL, a `Comment` field anywhere is a note, never worth a warning. */
const COMMENT = 'Comment';

/** `MockedResponses.X["1-2"]`: identifiers joined by dots, other keys quoted in brackets. */
const jsonPath = (segments: readonly string[]): string =>
  segments.reduce((path, name) =>
    /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? `${path}${path === '' ? '' : '.'}${name}` : `${path}[${JSON.stringify(name)}]`, '');

/**
 * Validates a parsed MockConfigFile (Step Functions Local format) and returns it ready for lookups.
 *
 * As lenient as Step Functions Local, which reads a response only when a test case reaches it:
 * only a file whose shape cannot be read at all (not an object, `StateMachines` or
 * `MockedResponses` missing) throws {@link MockConfigError}. Problems in one response or test case
 * refuse only the test cases they affect (`refusals`); unused fields and responses are `warnings`.
 * Pass the file's `text` to get line and column in every issue.
 * @example
 * const config = parseMockConfig(JSON.parse(text), 'MockConfigFile.json', text);
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/sfn-local-mock-cfg-file.html
 */
export function parseMockConfig(json: unknown, source?: string, text?: string): MockConfig {
  const locate = text === undefined ? undefined : jsonPathLocator(text);
  const issue = ({ segments, message }: RawIssue): MockConfigIssue => {
    const position = locate?.(segments);
    return { path: jsonPath(segments), message, ...(position ? { line: position.line, column: position.column } : {}) };
  };
  if (!isObject(json)) throw new MockConfigError([{ path: '', message: 'must be a JSON object' }], source);
  const warnings: RawIssue[] = [];
  const fatal: RawIssue[] = [];
  for (const name of Object.keys(json)) {
    if (TOP_LEVEL.includes(name) || name === COMMENT) continue;
    const hint = name === 'MockedResponse' || name === 'StateMachine' ? `; did you mean '${name}s'?` : '';
    warnings.push({ segments: [name], message: `unknown field, ignored${hint}` });
  }
  for (const name of TOP_LEVEL) {
    if (!isObject(json[name])) {
      const hint = name in json || !(name.slice(0, -1) in json) ? '' : ` (found '${name.slice(0, -1)}': rename it)`;
      fatal.push({ segments: [name], message: `${name in json ? `must be an object of ${name === 'StateMachines' ? 'state machines' : 'mocked responses'}` : 'is missing'}${hint}` });
    }
  }
  if (fatal.length > 0) throw new MockConfigError(fatal.map(issue), source);
  const responses = parseMockedResponses(json['MockedResponses'] as Record<string, unknown>);
  const machines = parseStateMachines(json['StateMachines'] as Record<string, unknown>, responses.ranges, warnings);
  const refusals = new Map<string, Map<string, MockConfigIssue[]>>();
  const usedBy = new Map<string, string[]>();
  for (const [machineName, cases] of machines.problems) {
    const byCase = new Map<string, MockConfigIssue[]>();
    for (const [caseName, own] of cases) {
      const found = [...own];
      for (const responseName of new Set(machines.testCases.get(machineName)?.get(caseName)?.values())) {
        usedBy.set(responseName, [...(usedBy.get(responseName) ?? []), `${machineName}/${caseName}`]);
        found.push(...(responses.broken.get(responseName) ?? []));
      }
      if (found.length > 0) byCase.set(caseName, found.map(issue));
    }
    refusals.set(machineName, byCase);
  }
  for (const [responseName, problems] of responses.broken) {
    const users = usedBy.get(responseName);
    const effect = users === undefined ? 'no test case uses this response' : `refuses test case ${users.join(', ')}`;
    for (const problem of problems) warnings.push({ ...problem, message: `${problem.message} (${effect})` });
  }
  return {
    stateMachines: machines.testCases,
    mockedResponses: responses.ranges,
    source,
    // In file order, so a reader can walk the file top to bottom.
    warnings: [...warnings, ...responses.warnings].map(issue).sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0)),
    refusals,
  };
}

/** Reads, parses and validates a MockConfigFile; issues name the file, the JSON path and line:column. */
export async function loadMockConfigFile(path: string): Promise<MockConfig> {
  const text = await readFile(path, 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new MockConfigError([{ path: '', message: `not valid JSON: ${(error as Error).message}` }], path, { cause: error });
  }
  return parseMockConfig(json, path, text);
}

interface ParsedMachines {
  readonly testCases: Map<string, Map<string, Map<string, string>>>;
  /** Machine -> test case -> its own problems (every test case listed, possibly with none). */
  readonly problems: Map<string, Map<string, RawIssue[]>>;
}

function parseStateMachines(value: Record<string, unknown>, responses: ReadonlyMap<string, unknown>, warnings: RawIssue[]): ParsedMachines {
  const parsed: ParsedMachines = { testCases: new Map(), problems: new Map() };
  for (const [machineName, machine] of Object.entries(value)) {
    const machinePath = ['StateMachines', machineName];
    const testCases = new Map<string, Map<string, string>>();
    const problems = new Map<string, RawIssue[]>();
    parsed.testCases.set(machineName, testCases);
    parsed.problems.set(machineName, problems);
    if (!isObject(machine) || !isObject(machine['TestCases'])) {
      // No test case of it can be selected; createMockInvoker then lists what exists.
      warnings.push({ segments: machinePath, message: 'must be an object with a "TestCases" object; ignored' });
      continue;
    }
    for (const extra of Object.keys(machine)) {
      if (extra !== 'TestCases' && extra !== COMMENT) warnings.push({ segments: [...machinePath, extra], message: 'unknown field, ignored' });
    }
    for (const [caseName, testCase] of Object.entries(machine['TestCases'])) {
      const casePath = [...machinePath, 'TestCases', caseName];
      const own: RawIssue[] = [];
      const states = new Map<string, string>();
      problems.set(caseName, own);
      testCases.set(caseName, states);
      if (!isObject(testCase)) {
        own.push({ segments: casePath, message: 'must be an object mapping state names to mocked response names' });
        continue;
      }
      for (const [stateName, responseName] of Object.entries(testCase)) {
        const statePath = [...casePath, stateName];
        if (typeof responseName !== 'string') own.push({ segments: statePath, message: 'must be the name of a mocked response (a string)' });
        else if (!responses.has(responseName)) own.push({ segments: statePath, message: `unknown mocked response '${responseName}' (not in MockedResponses)` });
        else states.set(stateName, responseName);
      }
      for (const problem of own) warnings.push({ ...problem, message: `${problem.message} (refuses test case ${machineName}/${caseName})` });
    }
  }
  return parsed;
}
