/**
 * ListStateMachines, DescribeStateMachine, CreateStateMachine, UpdateStateMachine,
 * DeleteStateMachine and ValidateStateMachineDefinition.
 * @see https://docs.aws.amazon.com/step-functions/latest/apireference/API_Operations.html
 */
import { validateDefinition } from '../../local/engine/index.ts';
import { parseStateMachineArn } from '../arns.ts';
import { DevApiError, epochSeconds, invalidField } from '../protocol.ts';
import { pageOf } from '../pagination.ts';
import type { ServedStateMachine } from '../stateMachineRegistry.ts';
import type { OperationTable } from './types.ts';
import { testState, type InspectionLevel, type TestStateRequest } from '../testState.ts';

const STATE_MACHINE_NAME = /^[\w-]{1,80}$/;

export const STATE_MACHINE_OPERATIONS: OperationTable = {
  'AWSStepFunctions.ListStateMachines': async (plane, body) => {
    const { page, nextToken } = pageOf(plane.registry.list(), body);
    return { stateMachines: page.map((m) => ({ stateMachineArn: m.arn, name: m.name, type: m.type, creationDate: epochSeconds(m.creationDate) })), ...(nextToken ? { nextToken } : {}) };
  },
  'AWSStepFunctions.DescribeStateMachine': async (plane, body) => describe(plane.registry.get(parseStateMachineArn(body.stateMachineArn).name)),
  'AWSStepFunctions.CreateStateMachine': async (plane, body) => {
    const name = requiredString(body, 'name');
    if (!STATE_MACHINE_NAME.test(name)) throw new DevApiError('InvalidName', `Invalid Name: '${name}' (1 to 80 letters, digits, '-' or '_')`);
    const definition = parsedDefinition(body.definition);
    const type = body.type === 'EXPRESS' ? 'EXPRESS' : 'STANDARD';
    const roleArn = typeof body.roleArn === 'string' ? body.roleArn : `arn:aws:iam::123456789012:role/aethon-local-${name}`;
    const existing = plane.registry.find(name);
    if (existing) {
      // As AWS: creating the same machine again is idempotent; anything else conflicts.
      if (JSON.stringify(existing.definition) === JSON.stringify(definition) && existing.type === type && !existing.workflow) return { stateMachineArn: existing.arn, creationDate: epochSeconds(existing.creationDate) };
      throw new DevApiError('StateMachineAlreadyExists', `State Machine Already Exists: '${existing.arn}'${existing.workflow ? ' is a workflow of the project' : ' with another definition or type'}`);
    }
    const created = await plane.registry.create({ name, definition, type, roleArn, creationDate: new Date().toISOString() });
    return { stateMachineArn: created.arn, creationDate: epochSeconds(created.creationDate) };
  },
  'AWSStepFunctions.UpdateStateMachine': async (plane, body) => {
    const { name } = parseStateMachineArn(body.stateMachineArn);
    const definition = body.definition === undefined ? undefined : parsedDefinition(body.definition);
    await plane.registry.update(name, { ...(definition ? { definition } : {}), ...(typeof body.roleArn === 'string' ? { roleArn: body.roleArn } : {}) });
    return { updateDate: Date.now() / 1000 };
  },
  'AWSStepFunctions.DeleteStateMachine': async (plane, body) => {
    await plane.registry.delete(parseStateMachineArn(body.stateMachineArn).name);
    return {};
  },
  // The SDK sends this one to the `sync-` host prefix: a client for a local endpoint needs `disableHostPrefix: true`.
  'AWSStepFunctions.TestState': async (plane, body) => testState(plane.engine, testStateRequest(body)),
  'AWSStepFunctions.ValidateStateMachineDefinition': async (_plane, body) => {
    const text = requiredString(body, 'definition');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      return { result: 'FAIL', diagnostics: [{ severity: 'ERROR', code: 'INVALID_JSON_DESCRIPTION', message: `The definition is not valid JSON: ${(error as Error).message}` }], truncated: false };
    }
    const checked = validateDefinition(parsed);
    if (checked.valid) return { result: 'OK', diagnostics: [], truncated: false };
    return { result: 'FAIL', diagnostics: checked.problems.map((p) => ({ severity: 'ERROR', code: 'SCHEMA_VALIDATION_FAILED', message: p.message, location: p.path })), truncated: false };
  },
};

/** The TestState request: one state (or `stateName` of a whole machine), its input and variables. */
function testStateRequest(body: Record<string, unknown>): TestStateRequest {
  const parsed = jsonField(requiredString(body, 'definition'), 'definition', 'InvalidDefinition') as Record<string, unknown>;
  let state = parsed;
  let queryLanguage: unknown;
  if (typeof body.stateName === 'string') {
    state = (parsed.States as Record<string, Record<string, unknown>> | undefined)?.[body.stateName] as Record<string, unknown>;
    if (state === undefined) throw new DevApiError('InvalidDefinition', `Invalid State Machine Definition: the machine has no state '${body.stateName}'`);
    queryLanguage = parsed.QueryLanguage;
  }
  if (typeof state !== 'object' || state === null || typeof state.Type !== 'string') throw new DevApiError('InvalidDefinition', 'Invalid State Machine Definition: the definition must be one state (an object with a Type), or a machine with stateName');
  const mock = body.mock as TestStateRequest['mock'] | undefined;
  const retrierRetryCount = (body.stateConfiguration as { retrierRetryCount?: unknown } | undefined)?.retrierRetryCount;
  if (retrierRetryCount !== undefined && !(Number.isInteger(retrierRetryCount) && (retrierRetryCount as number) >= 0)) {
    throw invalidField('stateConfiguration.retrierRetryCount', 'Member must be an integer >= 0');
  }
  // revealSecrets is accepted: locally no connection adds secrets to an HTTP Task's request.
  if (body.revealSecrets !== undefined && typeof body.revealSecrets !== 'boolean') throw invalidField('revealSecrets', 'Member must be a boolean');
  return {
    state,
    ...(queryLanguage !== undefined ? { queryLanguage } : {}),
    input: body.input === undefined ? {} : jsonField(body.input, 'input', 'InvalidExecutionInput'),
    variables: body.variables === undefined ? {} : (jsonField(body.variables, 'variables', 'ValidationException') as Record<string, unknown>),
    ...(mock ? { mock } : {}),
    inspectionLevel: inspectionLevel(body.inspectionLevel),
    ...(retrierRetryCount !== undefined ? { retrierRetryCount: retrierRetryCount as number } : {}),
  };
}

const INSPECTION_LEVELS: readonly InspectionLevel[] = ['INFO', 'DEBUG', 'TRACE'];

/** INFO by default, as AWS. @throws DevApiError ValidationException naming the levels */
function inspectionLevel(value: unknown): InspectionLevel {
  if (value === undefined) return 'INFO';
  if (INSPECTION_LEVELS.includes(value as InspectionLevel)) return value as InspectionLevel;
  throw invalidField('inspectionLevel', `Member must satisfy enum value set: [${INSPECTION_LEVELS.join(', ')}] (got ${JSON.stringify(value)})`);
}

function jsonField(value: unknown, field: string, type: string): unknown {
  try {
    return JSON.parse(String(value)) as unknown;
  } catch (error) {
    throw new DevApiError(type, `${field} is not JSON: ${(error as Error).message}`);
  }
}

function describe(machine: ServedStateMachine): Record<string, unknown> {
  return {
    stateMachineArn: machine.arn,
    name: machine.name,
    status: 'ACTIVE',
    definition: JSON.stringify(machine.definition, null, 2),
    roleArn: machine.roleArn,
    type: machine.type,
    creationDate: epochSeconds(machine.creationDate),
    ...(machine.workflow ? { description: `workflow ${machine.name} of the project (workflows/)` } : {}),
  };
}

/** A definition as JSON text that the engine accepts. @throws DevApiError InvalidDefinition listing every problem */
function parsedDefinition(value: unknown): Record<string, unknown> {
  if (typeof value !== 'string') throw invalidField('definition', 'Member must not be null');
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (error) {
    throw new DevApiError('InvalidDefinition', `Invalid State Machine Definition: the definition is not JSON: ${(error as Error).message}`);
  }
  const checked = validateDefinition(parsed);
  if (!checked.valid) throw new DevApiError('InvalidDefinition', `Invalid State Machine Definition: ${checked.problems.map((p) => `${p.message} at ${p.path}`).join('; ')}`);
  return parsed as Record<string, unknown>;
}

function requiredString(body: Record<string, unknown>, field: string): string {
  const value = body[field];
  if (typeof value !== 'string' || value === '') throw invalidField(field, 'Member must not be null');
  return value;
}
