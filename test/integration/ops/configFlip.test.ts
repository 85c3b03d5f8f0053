import { describe, expect, it } from 'vitest';
import { startDemoServices } from '../../../lib/demo/demoServices.ts';
import { VirtualClock } from '../../../lib/local/engine/index.ts';
import { LocalEngine } from '../../../lib/local/localEngine.ts';
import { runCli } from '../../helpers/cli.ts';
import { scratchProject } from './project.ts';

const release = (id: string) => JSON.stringify({ service: 'api', releaseId: id, commit: 'abc123' });

describe('Config flips on the local engine', () => {
  it('a flip that freezes deploys changes the behaviour of the next deploy-pipeline execution', async () => {
    // Prepare
    const dir = scratchProject('repo');
    const services = await startDemoServices();
    const env = Object.entries(services.environment).flatMap(([k, v]) => ['--env', `${k}=${v}`]);
    try {
      const before = await runCli(['start', 'deploy-pipeline', '--input', release('r-1'), '--local', '--virtual-time', '--json', ...env], dir);
      // Act
      const flip = await runCli(['config', 'set', 'deploy-pipeline', 'deploysFrozen=true', 'freezeReason=incident 42', '--reason', 'incident 42', '--local'], dir);
      const after = await runCli(['start', 'deploy-pipeline', '--input', release('r-2'), '--local', '--virtual-time', '--json', ...env], dir);
      // Assess
      expect(flip.code).toBe(0);
      const was = JSON.parse(before.stdout).execution;
      const now = JSON.parse(after.stdout).execution;
      expect(was.status).toBe('SUCCEEDED');
      expect(was.path.map((v: { name: string }) => v.name)).toContain('deploy');
      expect(after.code).toBe(1);
      expect(now).toMatchObject({ status: 'FAILED', error: 'Aethon.DeploysFrozen' });
      expect(now.path.map((v: { name: string }) => v.name)).toEqual(['checkFreeze', 'gate', 'frozen']);
    } finally {
      await services.close();
    }
  }, 60_000);

  it('a running execution sees a valid flip at its next task and is unaffected by an invalid one', async () => {
    // Prepare: the workflow reads its config, waits a second, and reads it again; the flips
    // happen while it waits.
    const dir = scratchProject('ops');
    let flips: Promise<[{ code: number; stderr: string }, { code: number; stderr: string }]> | undefined;
    const flip = async () => {
      const invalid = await runCli(['config', 'set', 'config-reader', 'mode=panic', '--local'], dir);
      const valid = await runCli(['config', 'set', 'config-reader', 'mode=frozen', '--local', '--reason', 'test'], dir);
      return [invalid, valid] as [typeof invalid, typeof valid];
    };
    // Virtual time, held while the flips run: the wait cannot end before both have landed.
    const clock = new VirtualClock({ start: Date.UTC(2026, 10, 28, 3) });
    const engine = await LocalEngine.start({
      projectRoot: dir,
      dynamodb: 'none',
      clock,
      onEvent: (event) => {
        if (event.type !== 'WaitStateEntered') return;
        const release = clock.hold();
        flips = flip().finally(release);
      },
    });
    try {
      // Act
      const record = await engine.runWorkflow('config-reader', {});
      // Assess
      expect(flips).toBeDefined();
      const [invalid, valid] = await flips!;
      expect(invalid.code).toBe(1);
      expect(invalid.stderr).toMatch(/\/mode must be equal to one of the allowed values/);
      expect(valid.code).toBe(0);
      expect(record.status).toBe('SUCCEEDED');
      expect(record.output).toEqual({ first: 'calm', second: 'frozen' });
    } finally {
      await engine.close();
    }
  }, 60_000);

  it('an invalid flip leaves the next execution reading the value in force', async () => {
    // Prepare
    const dir = scratchProject('ops');
    const engine = await LocalEngine.start({ projectRoot: dir, dynamodb: 'none', virtualTime: true });
    try {
      await engine.runWorkflow('config-reader', {});
      // Act
      const refused = await runCli(['config', 'set', 'config-reader', 'mode=panic', '--local'], dir);
      const record = await engine.runWorkflow('config-reader', {});
      // Assess
      expect(refused.code).toBe(1);
      expect(record.output).toEqual({ first: 'calm', second: 'calm' });
    } finally {
      await engine.close();
    }
  }, 60_000);
});
