/**
 * The outside world of the example workflows, on loopback: a partner API that answers 503 twice
 * before it lists files, a warehouse, a chat notifier, accounts, email, payments, workspaces, CI
 * and a deploy service. Each scenario of the demo scripts the answers it needs.
 */
import { startMockHttpServer, type MockHttpServer, type RecordedRequest } from '../testing/index.ts';

export interface DemoServices {
  readonly server: MockHttpServer;
  /** Service URL variables for the handlers, all pointing at the one mock server. */
  readonly environment: Record<string, string>;
  close(): Promise<void>;
}

const SERVICE_URL_VARIABLES = [
  'PARTNER_API_URL',
  'WAREHOUSE_API_URL',
  'NOTIFY_API_URL',
  'ACCOUNTS_API_URL',
  'EMAIL_API_URL',
  'PAYMENTS_API_URL',
  'WORKSPACES_API_URL',
  'BUILD_API_URL',
  'DEPLOY_API_URL',
];

/** Answers that echo an id derived from the request, so repeated calls can be told apart. */
const idFrom = (prefix: string) => (request: RecordedRequest, n: number) => ({
  status: 201,
  body: { id: `${prefix}_${String(request.headers['idempotency-key'] ?? n).replace(/[^A-Za-z0-9]+/g, '').slice(-12) || n}` },
});

export async function startDemoServices(): Promise<DemoServices> {
  const server = await startMockHttpServer({
    'GET /files': [
      { status: 503, body: { message: 'partner API overloaded' } },
      { status: 503, body: { message: 'partner API overloaded' } },
      {
        body: {
          files: [
            { id: 'f-001', name: 'orders-2026-11-27.csv', sizeBytes: 18_211 },
            { id: 'f-002', name: 'customers-2026-11-27.csv', sizeBytes: 4_096 },
            { id: 'f-003', name: 'refunds-2026-11-27.csv', sizeBytes: 912 },
          ],
        },
      },
    ],
    'POST /loads': (request) => ({ body: { rows: Math.round(Number(String((request.body as { key?: string })?.key ?? '').length) * 37) } }),
    'POST /messages': { body: { ok: true } },
    'POST /users': idFrom('usr'),
    'POST /users/:id/deactivate': { body: { deactivated: true } },
    'POST /send': idFrom('msg'),
    'POST /charges': idFrom('ch'),
    'POST /refunds': idFrom('re'),
    'POST /workspaces': idFrom('ws'),
    'POST /builds': { body: { status: 'succeeded', artifact: 'registry.local/api:2026.11.28-1' } },
    'POST /test-runs': { body: { passed: 412, failed: 0 } },
    'POST /deployments': { status: 201, body: { id: 'dep-7', previousVersion: 'registry.local/api:2026.11.20-3' } },
    'GET /deployments/:id/health': { body: { status: 'healthy' } },
    'POST /deployments/:id/rollback': { body: { rolledBack: true } },
  });
  const environment = Object.fromEntries(SERVICE_URL_VARIABLES.map((name) => [name, server.url]));
  return { server, environment, close: () => server.close() };
}
