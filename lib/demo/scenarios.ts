/**
 * The demo's scenarios: each runs an example workflow against the demo services and says what a
 * user should see. Expected failures (a refund after a failed step, a rollback) count as passes
 * when they end the way the scenario expects.
 */
import { writeConfigVersion } from '../runtime/config/index.ts';
import { AethonErrors } from '../contracts/aethonErrors.ts';
import type { LocalEngine, LocalRun } from '../local/localEngine.ts';
import type { DemoServices } from './demoServices.ts';

export interface Scenario {
  readonly title: string;
  /** What the scenario shows, in a sentence. */
  readonly shows: string;
  run(engine: LocalEngine, services: DemoServices): Promise<LocalRun>;
  /** Returns what went wrong, or nothing when the run ended as expected. */
  check(run: LocalRun, services: DemoServices): string | undefined;
}

const count = (services: DemoServices, route: string) => services.server.requestsTo(route).length;

export const SCENARIOS: readonly Scenario[] = [
  {
    title: 'nightly-etl: the partner API answers 503 twice',
    shows: 'a 503 is retried with exponential backoff and jitter, never taken for success; each file loads exactly once',
    run: (engine) => engine.runWorkflow('nightly-etl', { input: { date: '2026-11-27' } }),
    check: (run, services) =>
      run.status !== 'SUCCEEDED'
        ? `expected SUCCEEDED, got ${run.status} ${run.error ?? ''}`
        : count(services, 'GET /files') !== 3
          ? `expected 3 calls to the partner API (503, 503, 200), saw ${count(services, 'GET /files')}`
          : count(services, 'POST /loads') !== 3
            ? `expected 3 loads, saw ${count(services, 'POST /loads')}`
            : undefined,
  },
  {
    title: 'user-onboarding: a new user signs up',
    shows: 'the user is created, the welcome email is sent once and the setup fee charged once',
    run: (engine) => engine.runWorkflow('user-onboarding', { input: { email: 'ada@example.com', name: 'Ada' } }),
    check: (run, services) =>
      run.status !== 'SUCCEEDED'
        ? `expected SUCCEEDED, got ${run.status} ${run.error ?? ''}`
        : count(services, 'POST /send') !== 1 || count(services, 'POST /charges') !== 1
          ? `expected one email and one charge, saw ${count(services, 'POST /send')} and ${count(services, 'POST /charges')}`
          : undefined,
  },
  {
    title: 'user-onboarding: the same signup arrives again',
    shows: 'idempotent steps replay their recorded results: no second email, no second charge',
    run: (engine) => engine.runWorkflow('user-onboarding', { input: { email: 'ada@example.com', name: 'Ada' } }),
    check: (run, services) =>
      run.status !== 'SUCCEEDED'
        ? `expected SUCCEEDED, got ${run.status} ${run.error ?? ''}`
        : count(services, 'POST /send') !== 1 || count(services, 'POST /charges') !== 1
          ? `a duplicate signup sent ${count(services, 'POST /send')} emails and made ${count(services, 'POST /charges')} charges in all`
          : undefined,
  },
  {
    title: 'user-onboarding: provisioning the workspace fails',
    shows: 'the fee is refunded and the user deactivated, in reverse order, then the run fails with the original error',
    async run(engine, services) {
      services.server.route('POST /workspaces', { status: 400, body: { message: "plan 'team' is not available in this region" } });
      return engine.runWorkflow('user-onboarding', { input: { email: 'grace@example.com', name: 'Grace' } });
    },
    check: (run, services) =>
      run.status !== 'FAILED' || run.error !== AethonErrors.PERMANENT
        ? `expected FAILED with Aethon.Permanent, got ${run.status} ${run.error ?? ''}`
        : count(services, 'POST /refunds') !== 1 || count(services, 'POST /users/:id/deactivate') !== 1
          ? `expected one refund and one deactivation, saw ${count(services, 'POST /refunds')} and ${count(services, 'POST /users/:id/deactivate')}`
          : undefined,
  },
  {
    title: 'user-onboarding: the same signup after the compensated run',
    shows: "the undone account is not replayed: the compensation released createUser's record, so the user is created anew",
    async run(engine, services) {
      services.server.route('POST /workspaces', { status: 201, body: { id: 'ws-grace' } });
      services.server.clearRequests();
      return engine.runWorkflow('user-onboarding', { input: { email: 'grace@example.com', name: 'Grace' } });
    },
    check: (run, services) =>
      run.status !== 'SUCCEEDED'
        ? `expected SUCCEEDED, got ${run.status} ${run.error ?? ''}`
        : count(services, 'POST /users') !== 1 || count(services, 'POST /charges') !== 1
          ? `expected the user created and charged again, saw ${count(services, 'POST /users')} creations and ${count(services, 'POST /charges')} charges: a compensated result was replayed`
          : undefined,
  },
  {
    title: 'deploy-pipeline: the new version is unhealthy',
    shows: 'verification fails, the deploy is rolled back, the run fails with Aethon.VerificationFailed',
    async run(engine, services) {
      services.server.route('GET /deployments/:id/health', [{ body: { status: 'starting' } }, { body: { status: 'unhealthy' } }]);
      return engine.runWorkflow('deploy-pipeline', { input: { service: 'api', releaseId: 'rel-42', commit: '9f3c2e1' } });
    },
    check: (run, services) =>
      run.error !== 'Aethon.VerificationFailed'
        ? `expected FAILED with Aethon.VerificationFailed, got ${run.status} ${run.error ?? ''}`
        : count(services, 'POST /deployments/:id/rollback') !== 1
          ? `expected one rollback, saw ${count(services, 'POST /deployments/:id/rollback')}`
          : undefined,
  },
  {
    title: 'deploy-pipeline: deploys are frozen during an incident',
    shows: 'a config flip stops the next deploy before it builds anything, no restart needed',
    async run(engine, services) {
      writeConfigVersion(engine.localDir, 'deploy-pipeline', { deploysFrozen: true, freezeReason: 'incident 4711', verifyAttempts: 5 }, { message: 'demo: freeze' });
      services.server.clearRequests();
      return engine.runWorkflow('deploy-pipeline', { input: { service: 'api', releaseId: 'rel-43', commit: '1a2b3c4' } });
    },
    check: (run, services) =>
      run.error !== 'Aethon.DeploysFrozen'
        ? `expected FAILED with Aethon.DeploysFrozen, got ${run.status} ${run.error ?? ''}`
        : count(services, 'POST /builds') !== 0
          ? 'a frozen pipeline still started a build'
          : undefined,
  },
];
