import { readFile } from 'node:fs/promises';
import { MockConfigError, type MockConfigIssue } from './MockConfigError.ts';

/** What a mocked invocation does. */
export type MockOutcome =
  | { readonly kind: 'return'; readonly value: unknown }
  | { readonly kind: 'throw'; readonly error: string; readonly cause: string };

/** The responses for invocations `from`..`to` (inclusive, zero-based). */
export interface MockedResponseRange {
  readonly from: number;
  readonly to: number;
  /** The key as written, for messages: `"1-2"`. */
  readonly key: string;
  readonly outcome: MockOutcome;
}

/** A validated mock configuration. */
export interface MockConfig {
  /** State machine -> test case -> state name -> mocked response name. */
  readonly stateMachines: ReadonlyMap<string, ReadonlyMap<string, ReadonlyMap<string, string>>>;
  /** Mocked response name -> ranges, sorted by `from`, never overlapping. */
  readonly mockedResponses: ReadonlyMap<string, readonly MockedResponseRange[]>;
  readonly source: string | undefined;
}

const RANGE = /^(\d+)(?:-(\d+))?$/;
const TOP_LEVEL = ['StateMachines', 'MockedResponses'];

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const key = (path: string, name: string): string =>
  /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? `${path}${path === '' ? '' : '.'}${name}` : `${path}[${JSON.stringify(name)}]`;

/**
 * Validates a parsed MockConfigFile (Step Functions Local format) and returns it in a form ready
 * for lookups. Throws {@link MockConfigError} listing every problem with its JSON path: bad or
 * overlapping invocation ranges, unknown response names, `Return` and `Throw` together, and more.
 * @example
 * const config = parseMockConfig(JSON.parse(text), 'MockConfigFile.json');
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/sfn-local-mock-cfg-file.html
 */
export function parseMockConfig(json: unknown, source?: string): MockConfig {
  const issues: MockConfigIssue[] = [];
  const fail = (path: string, message: string): void => void issues.push({ path, message });
  if (!isObject(json)) throw new MockConfigError([{ path: '', message: 'must be a JSON object' }], source);
  for (const name of Object.keys(json)) {
    if (!TOP_LEVEL.includes(name)) {
      const hint = name === 'MockedResponse' || name === 'StateMachine' ? `; did you mean '${name}s'?` : '';
      fail(key('', name), `unknown field${hint} (expected ${TOP_LEVEL.join(' and ')})`);
    }
  }
  const mockedResponses = parseMockedResponses(json['MockedResponses'], fail);
  const stateMachines = parseStateMachines(json['StateMachines'], new Set(mockedResponses.keys()), fail);
  if (issues.length > 0) throw new MockConfigError(issues, source);
  return { stateMachines, mockedResponses, source };
}

/** Reads, parses and validates a MockConfigFile; errors name the file. */
export async function loadMockConfigFile(path: string): Promise<MockConfig> {
  const text = await readFile(path, 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new MockConfigError([{ path: '', message: `not valid JSON: ${(error as Error).message}` }], path, { cause: error });
  }
  return parseMockConfig(json, path);
}

function parseStateMachines(
  value: unknown,
  responseNames: ReadonlySet<string>,
  fail: (path: string, message: string) => void,
): Map<string, Map<string, Map<string, string>>> {
  const machines = new Map<string, Map<string, Map<string, string>>>();
  if (!isObject(value)) {
    fail('StateMachines', value === undefined ? 'is missing' : 'must be an object of state machines');
    return machines;
  }
  for (const [machineName, machine] of Object.entries(value)) {
    const machinePath = key('StateMachines', machineName);
    if (!isObject(machine) || !isObject(machine['TestCases'])) {
      fail(machinePath, 'must be an object with a "TestCases" object');
      continue;
    }
    for (const extra of Object.keys(machine)) if (extra !== 'TestCases') fail(key(machinePath, extra), 'unknown field');
    const testCases = new Map<string, Map<string, string>>();
    for (const [caseName, testCase] of Object.entries(machine['TestCases'])) {
      const casePath = key(key(machinePath, 'TestCases'), caseName);
      if (!isObject(testCase)) {
        fail(casePath, 'must be an object mapping state names to mocked response names');
        continue;
      }
      const states = new Map<string, string>();
      for (const [stateName, responseName] of Object.entries(testCase)) {
        const statePath = key(casePath, stateName);
        if (typeof responseName !== 'string') fail(statePath, 'must be the name of a mocked response (a string)');
        else if (!responseNames.has(responseName)) {
          fail(statePath, `unknown mocked response '${responseName}' (not in MockedResponses)`);
        }
        else states.set(stateName, responseName);
      }
      testCases.set(caseName, states);
    }
    machines.set(machineName, testCases);
  }
  return machines;
}

function parseMockedResponses(
  value: unknown,
  fail: (path: string, message: string) => void,
): Map<string, MockedResponseRange[]> {
  const responses = new Map<string, MockedResponseRange[]>();
  if (!isObject(value)) {
    fail('MockedResponses', value === undefined ? 'is missing' : 'must be an object of mocked responses');
    return responses;
  }
  for (const [responseName, byInvocation] of Object.entries(value)) {
    const responsePath = key('MockedResponses', responseName);
    if (!isObject(byInvocation) || Object.keys(byInvocation).length === 0) {
      fail(responsePath, 'must be an object with at least one invocation key such as "0" or "1-2"');
      // Still register the name: a test case naming it is not the problem to report.
      responses.set(responseName, []);
      continue;
    }
    const ranges: MockedResponseRange[] = [];
    for (const [rangeKey, response] of Object.entries(byInvocation)) {
      const path = key(responsePath, rangeKey);
      const range = parseRange(rangeKey);
      if (typeof range === 'string') fail(path, range);
      const outcome = parseOutcome(response, path, fail);
      if (typeof range !== 'string' && outcome !== undefined) ranges.push({ ...range, key: rangeKey, outcome });
    }
    ranges.sort((a, b) => a.from - b.from);
    for (let i = 1; i < ranges.length; i += 1) {
      const previous = ranges[i - 1] as MockedResponseRange;
      const current = ranges[i] as MockedResponseRange;
      if (current.from <= previous.to) {
        fail(key(responsePath, current.key), `overlaps "${previous.key}": each invocation may have only one response`);
      }
    }
    responses.set(responseName, ranges);
  }
  return responses;
}

/** `"3"` or `"1-2"` (inclusive); anything else is explained. */
function parseRange(rangeKey: string): { from: number; to: number } | string {
  const match = RANGE.exec(rangeKey);
  if (match === null) return `invalid invocation key; use a zero-based number ("0") or an inclusive range ("1-2")`;
  const from = Number(match[1]);
  const to = match[2] === undefined ? from : Number(match[2]);
  if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to)) return 'invocation number is too large';
  if (to < from) return `invalid range: ${to} is less than ${from}`;
  return { from, to };
}

function parseOutcome(
  response: unknown,
  path: string,
  fail: (path: string, message: string) => void,
): MockOutcome | undefined {
  if (!isObject(response)) return void fail(path, 'must be an object with "Return" or "Throw"');
  const hasReturn = 'Return' in response;
  const hasThrow = 'Throw' in response;
  for (const extra of Object.keys(response)) {
    if (extra !== 'Return' && extra !== 'Throw') fail(key(path, extra), 'unknown field (expected "Return" or "Throw")');
  }
  if (hasReturn && hasThrow) return void fail(path, 'has both "Return" and "Throw"; a response is one or the other');
  if (hasReturn) return { kind: 'return', value: response['Return'] };
  if (!hasThrow) return void fail(path, 'needs "Return" (the result) or "Throw" (the error)');
  const thrown = response['Throw'];
  const throwPath = key(path, 'Throw');
  if (!isObject(thrown)) return void fail(throwPath, 'must be an object with "Error" and "Cause" strings');
  let valid = true;
  for (const field of ['Error', 'Cause']) {
    if (typeof thrown[field] !== 'string' || (field === 'Error' && thrown[field] === '')) {
      fail(key(throwPath, field), field === 'Error' ? 'must be a non-empty string (the ASL error name)' : 'must be a string');
      valid = false;
    }
  }
  for (const extra of Object.keys(thrown)) {
    if (extra !== 'Error' && extra !== 'Cause') fail(key(throwPath, extra), 'unknown field (expected "Error" and "Cause")');
  }
  return valid ? { kind: 'throw', error: thrown['Error'] as string, cause: thrown['Cause'] as string } : undefined;
}
