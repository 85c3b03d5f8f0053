/**
 * The config-in-force Lambda as deployed: its esbuild bundle, run in a Node process with the real
 * AWS SDK against a loopback server that speaks AppConfig's REST API, answering CloudFormation
 * at the request's response URL. Catches what mocks of the SDK cannot: bundling, request
 * serialization, the response PUT.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { buildSync } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAMBDA_BUNDLE_OPTIONS, LAMBDA_EXTERNAL_MODULES } from '../../../lib/contracts/lambdaBundle.ts';
import { startMockHttpServer, type MockHttpServer } from '../../../lib/testing/index.ts';
import { PROJECT_ROOT } from '../../helpers/paths.ts';

const VERSIONS = 'applications/:app/configurationprofiles/:profile/hostedconfigurationversions';
const SCHEMA = { type: 'object', additionalProperties: false, properties: { deploysFrozen: { type: 'boolean' }, verifyAttempts: { type: 'integer' } } };

let out: string;
let bundle: string;
let server: MockHttpServer;
beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'aethon-config-in-force-'));
  bundle = join(out, 'index.js');
  // The options every Lambda bundle uses, for the Node version running this test.
  buildSync({ ...LAMBDA_BUNDLE_OPTIONS, entryPoints: [join(PROJECT_ROOT, 'lib', 'runtime', 'config', 'inForce', 'handler.ts')], outfile: bundle, target: 'node20', external: [...LAMBDA_EXTERNAL_MODULES] });
  server = await startMockHttpServer({
    [`GET /${VERSIONS}`]: { body: { Items: [{ ApplicationId: 'app1', ConfigurationProfileId: 'prof1', VersionNumber: 4, ContentType: 'application/json' }] } },
    [`GET /${VERSIONS}/:version`]: { rawBody: JSON.stringify({ deploysFrozen: true }), headers: { 'content-type': 'application/json', 'version-number': '4' } },
    [`POST /${VERSIONS}`]: { status: 201, rawBody: '', headers: { 'version-number': '5', 'content-type': 'application/json' } },
    'PUT /cloudformation-response': { status: 200, rawBody: '' },
  });
}, 60_000);
afterAll(async () => {
  await server.close();
  rmSync(out, { recursive: true, force: true });
});

/** Invokes the bundle's `handler` in a fresh Node process, as the Lambda runtime would. */
async function invoke(event: unknown): Promise<void> {
  const script = `require(${JSON.stringify(bundle)}).handler(JSON.parse(process.env.EVENT)).then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });`;
  await promisify(execFile)(process.execPath, ['-e', script], {
    env: {
      PATH: process.env.PATH,
      // The SDK is left out of the bundle, as the Lambda runtime provides it.
      NODE_PATH: join(PROJECT_ROOT, 'node_modules'),
      AWS_ENDPOINT_URL_APPCONFIG: server.url,
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      EVENT: JSON.stringify(event),
    },
    timeout: 30_000,
  });
}

describe('Bundle: config-in-force handler', () => {
  it('reads the newest version, creates the merged one on top of it and answers SUCCESS with its number', async () => {
    // Act
    await invoke({
      RequestType: 'Update',
      ResponseURL: `${server.url}/cloudformation-response?X-Amz-Signature=abc`,
      StackId: 'arn:aws:cloudformation:eu-west-1:111122223333:stack/Aethon-prod-G03/abc',
      RequestId: 'req-9',
      LogicalResourceId: 'DeployPipelineConfigInForce',
      PhysicalResourceId: 'app1/prof1',
      ResourceProperties: { ApplicationId: 'app1', ConfigurationProfileId: 'prof1', Workflow: 'deploy-pipeline', Schema: JSON.stringify(SCHEMA), Defaults: JSON.stringify({ deploysFrozen: false, verifyAttempts: 5 }) },
    });
    // Assess
    const [list] = server.requestsTo(`GET /${VERSIONS}`);
    expect(list).toMatchObject({ path: '/applications/app1/configurationprofiles/prof1/hostedconfigurationversions', query: { max_results: '1' } });
    expect(server.requestsTo(`GET /${VERSIONS}/:version`)[0]!.path).toBe('/applications/app1/configurationprofiles/prof1/hostedconfigurationversions/4');
    const [create] = server.requestsTo(`POST /${VERSIONS}`);
    expect(create!.body).toEqual({ deploysFrozen: true, verifyAttempts: 5 });
    expect(create!.headers).toMatchObject({ 'content-type': 'application/json', 'latest-version-number': '4' });
    expect(String(create!.headers.description)).toMatch(/^cdk deploy, workflow file changed: added verifyAttempts=5; kept deploysFrozen \(by cdk deploy at \d{4}-\d\d-\d\dT[\d:.]+Z\)$/);
    const [answer] = server.requestsTo('PUT /cloudformation-response');
    expect(answer!.query).toEqual({ 'X-Amz-Signature': 'abc' });
    expect(answer!.body).toEqual({
      Status: 'SUCCESS',
      PhysicalResourceId: 'app1/prof1',
      Data: { VersionNumber: '5', Created: 'true' },
      StackId: 'arn:aws:cloudformation:eu-west-1:111122223333:stack/Aethon-prod-G03/abc',
      RequestId: 'req-9',
      LogicalResourceId: 'DeployPipelineConfigInForce',
    });
  }, 60_000);
});
