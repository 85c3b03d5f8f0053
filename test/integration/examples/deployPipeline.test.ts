import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeConfigVersion } from '../../../lib/runtime/config/index.ts';
import { startExampleWorld, statesEntered, type ExampleWorld } from '../../helpers/exampleWorld.ts';

const RELEASE = { service: 'api', releaseId: 'rel-1', commit: 'abc1234' };

describe('Workflow: deploy-pipeline', { timeout: 60_000 }, () => {
  let world: ExampleWorld;
  beforeEach(async () => {
    world = await startExampleWorld();
  });
  afterEach(async () => {
    await world.close();
  });

  it('builds, tests, deploys and verifies a healthy release', async () => {
    const run = await world.engine.runWorkflow('deploy-pipeline', { input: RELEASE });
    expect(run.status).toBe('SUCCEEDED');
    expect(statesEntered(run)).toEqual(['checkFreeze', 'gate', 'build', 'test', 'deploy', 'verify', 'done']);
  });

  it('rolls back when the deployed version is unhealthy, and fails with the verification error', async () => {
    world.services.server.route('GET /deployments/:id/health', { body: { status: 'unhealthy' } });
    const run = await world.engine.runWorkflow('deploy-pipeline', { input: RELEASE });
    expect(run.error).toBe('Aethon.VerificationFailed');
    const [rollback] = world.services.server.requestsTo('POST /deployments/:id/rollback');
    expect(rollback!.path).toBe('/deployments/dep-7/rollback');
    expect(rollback!.body).toMatchObject({ to: 'registry.local/api:2026.11.20-3' });
  });

  it('does not roll back when the build fails: nothing was deployed', async () => {
    world.services.server.route('POST /builds', { body: { status: 'failed' } });
    const run = await world.engine.runWorkflow('deploy-pipeline', { input: RELEASE });
    expect(run.error).toBe('Aethon.Permanent');
    expect(statesEntered(run)).toEqual(['checkFreeze', 'gate', 'build']);
    expect(world.services.server.requestsTo('POST /deployments/:id/rollback')).toHaveLength(0);
  });

  it('refuses to start while deploys are frozen, and runs again once unfrozen, without a restart', async () => {
    writeConfigVersion(world.engine.localDir, 'deploy-pipeline', { deploysFrozen: true, freezeReason: 'incident 7' }, { message: 'freeze' });
    const frozen = await world.engine.runWorkflow('deploy-pipeline', { input: RELEASE });
    expect(frozen.error).toBe('Aethon.DeploysFrozen');
    expect(world.services.server.requestsTo('POST /builds')).toHaveLength(0);

    writeConfigVersion(world.engine.localDir, 'deploy-pipeline', { deploysFrozen: false }, { message: 'unfreeze' });
    const thawed = await world.engine.runWorkflow('deploy-pipeline', { input: RELEASE });
    expect(thawed.status).toBe('SUCCEEDED');
  });

  it('keeps the last good config when a hand-edited document is invalid, and says so in the logs', async () => {
    expect((await world.engine.runWorkflow('deploy-pipeline', { input: RELEASE })).status).toBe('SUCCEEDED');
    writeConfigVersion(world.engine.localDir, 'deploy-pipeline', { deploysFrozen: 'yes please' }, { message: 'typo' });
    const run = await world.engine.runWorkflow('deploy-pipeline', { input: RELEASE });
    expect(run.status).toBe('SUCCEEDED'); // the warm function keeps the last good document (not frozen)
    expect(run.logs.some((l) => /deploysFrozen|invalid|schema/i.test(l.line) && /"level":"ERROR"/.test(l.line))).toBe(true);
  });
});
