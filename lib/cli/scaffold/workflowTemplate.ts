/**
 * What `aethon new <workflow>` writes: a workflow of two task steps in the examples' style (a
 * check that fails before any side effect, then an idempotent call to a service that carries its
 * idempotency key), their handlers, and a test that runs it on the local engine against a mock
 * service. Plain text templates: what they produce is what a user reads and edits.
 */
import { AethonErrors } from '../../contracts/aethonErrors.ts';

/** How the generated files import Aethon. */
export interface ImportStyle {
  /** The module of `step` and the errors, e.g. `aethon/runtime`. */
  readonly runtime: string;
  readonly testing: string;
  /** The workflow schema for editors, relative to workflows/. */
  readonly schema: string;
}

/** A user's project imports the package; Aethon's own repository imports its sources. */
export function importStyle(inAethonRepository: boolean, fromFolderDepth: number): ImportStyle {
  if (!inAethonRepository) return { runtime: 'aethon/runtime', testing: 'aethon/testing', schema: '../node_modules/aethon/schema/workflow.schema.json' };
  const up = '../'.repeat(fromFolderDepth);
  return { runtime: `${up}lib/runtime/index.ts`, testing: `${up}lib/testing/index.ts`, schema: '../schema/workflow.schema.json' };
}

/** The variable holding the service's base URL: `tenant-setup` -> `TENANT_SETUP_API_URL`. */
export function serviceVariable(workflow: string): string {
  return `${workflow.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}_API_URL`;
}

export function workflowYaml(workflow: string, schema: string, variable: string): string {
  return `# yaml-language-server: $schema=${schema}
# ${workflow}: check the request, then create its record in the service, once per id.
# Written by 'aethon new'; make it yours. The README's tour of a workflow file explains each field.
name: ${workflow}
description: Check the request, then create its record in the service once per id.
type: standard
timeout: 5m

# Where the service is: an SSM parameter read when the stack deploys; locally, --env sets it
# (or give it a local: value, e.g. { ssm: /${workflow}/api-url, local: http://127.0.0.1:8080 }).
environment:
  ${variable}: { ssm: /${workflow}/api-url }

defaults:
  timeout: 20s
  retry:
    # A service that answers 503 (${AethonErrors.RETRYABLE} from ctx.http) is tried again, with backoff.
    - errors: [${AethonErrors.RETRYABLE}]
      interval: 2s
      maxAttempts: 4
      backoffRate: 2
      maxDelay: 20s

steps:
  checkRequest:
    type: task
    handler: functions/${workflow}/checkRequest.ts
    next: createRecord

  createRecord:
    type: task
    handler: functions/${workflow}/createRecord.ts
    # Once per id: a retry or a duplicate start replays the stored result; the same id with
    # another name fails with ${AethonErrors.IDEMPOTENCY_CONFLICT} instead of replaying the first record.
    idempotency: { key: id, ttl: 1d, validate: [name] }
    output: "{% $merge([$states.input, { 'recordId': $result.recordId }]) %}"
    end: true
`;
}

export function checkRequestHandler(runtime: string): string {
  return `/** Checks the request before anything happens: a bad one fails at once, with nothing to undo. */
import { InvalidInputError, step } from '${runtime}';

export interface RecordRequest {
  readonly id: string;
  readonly name: string;
}

export const handler = step<unknown, RecordRequest>({}, async (input, ctx) => {
  const request = (input ?? {}) as Partial<Record<keyof RecordRequest, unknown>>;
  if (typeof request.id !== 'string' || request.id === '' || typeof request.name !== 'string') {
    // ${AethonErrors.INVALID_INPUT} is never retried: the same input would fail the same way.
    throw new InvalidInputError('the input needs an id and a name, e.g. {"id":"r-1","name":"Acme"}');
  }
  ctx.logger.info('request checked', { id: request.id });
  return { id: request.id, name: request.name.trim() };
});
`;
}

export function createRecordHandler(runtime: string, variable: string): string {
  return `/** Creates the record in the service; the call carries the step's idempotency key, so the service can drop a repeat. */
import { PermanentError, step } from '${runtime}';

export const handler = step<{ id: string; name: string }, { recordId: string }>({}, async ({ id, name }, ctx) => {
  const created = await ctx.http.post<{ id?: string }>(\`\${ctx.serviceUrl('${variable}')}/records\`, { id, name }, { idempotencyKey: true });
  if (!created.id) throw new PermanentError('the service created a record without an id');
  ctx.logger.info('record created', { id, recordId: created.id });
  return { recordId: created.id };
});
`;
}

/**
 * The CLI bundle rewrites every import-meta-url expression in its sources, strings included, to
 * the source file's own URL (lib/cli/bundle): written whole in the template, the generated test
 * would look for workflows/ beside lib/cli/scaffold instead of beside itself.
 */
const IMPORT_META_URL = ['import', 'meta', 'url'].join('.');

export function workflowTest(workflow: string, style: ImportStyle, variable: string): string {
  return `// The ${workflow} workflow on the local engine, in virtual time, against a mock of its service.
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startMockHttpServer, startTestEngine, type MockHttpServer, type TestEngine } from '${style.testing}';

/** The project root (this file is test/workflows/${workflow}.test.ts): workflows/ and functions/ are found from it. */
const PROJECT_ROOT = fileURLToPath(new URL('../..', ${IMPORT_META_URL}));

// The first run of a workflow bundles its handlers and starts their workers: allow for a slow machine.
describe('Workflow: ${workflow}', { timeout: 30_000 }, () => {
  let service: MockHttpServer;
  let engine: TestEngine;

  beforeEach(async () => {
    service = await startMockHttpServer({ 'POST /records': { status: 201, body: { id: 'rec-1' } } });
    // Its own temporary state folder (idempotency records, config, secrets), removed by close().
    engine = await startTestEngine({ projectRoot: PROJECT_ROOT, environment: { ${variable}: service.url } });
  });

  afterEach(async () => {
    await engine?.close();
    await service?.close();
  });

  it('creates the record once', async () => {
    const run = await engine.runWorkflow('${workflow}', { input: { id: 'r-1', name: 'Acme' } });
    expect(run.status).toBe('SUCCEEDED');
    expect(run.output).toMatchObject({ id: 'r-1', recordId: 'rec-1' });
    expect(service.requestsTo('POST /records')).toHaveLength(1);
  });

  it('retries a 503 with the same idempotency key', async () => {
    service.route('POST /records', [{ status: 503 }, { status: 201, body: { id: 'rec-2' } }]);
    const run = await engine.runWorkflow('${workflow}', { input: { id: 'r-2', name: 'Acme' } });
    expect(run.status).toBe('SUCCEEDED');
    const keys = service.requestsTo('POST /records').map((request) => request.headers['idempotency-key']);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toBe(keys[1]);
  });

  it('replays a duplicate start of the same id without calling the service again, and refuses it with another name', async () => {
    const first = await engine.runWorkflow('${workflow}', { input: { id: 'r-3', name: 'Acme' } });
    const duplicate = await engine.runWorkflow('${workflow}', { input: { id: 'r-3', name: 'Acme' } });
    const renamed = await engine.runWorkflow('${workflow}', { input: { id: 'r-3', name: 'Other' } });
    expect(duplicate.status).toBe('SUCCEEDED');
    expect(duplicate.output).toEqual(first.output);
    expect(renamed.error).toBe('${AethonErrors.IDEMPOTENCY_CONFLICT}');
    expect(service.requestsTo('POST /records')).toHaveLength(1);
  });

  it('refuses a request without an id before calling the service', async () => {
    const run = await engine.runWorkflow('${workflow}', { input: { name: 'Acme' } });
    expect(run.status).toBe('FAILED');
    expect(run.error).toBe('${AethonErrors.INVALID_INPUT}');
    expect(service.requests).toHaveLength(0);
  });
});
`;
}
