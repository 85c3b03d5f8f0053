/** Hot reload of workflows/ on `aethon dev`: validated first; new executions use the new version. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DescribeStateMachineCommand, GetExecutionHistoryCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { startDevServer } from '../../../lib/dev/index.ts';
import { copyDevProject, sfnClientFor, untilClosed } from './devProject.ts';

const MACHINE = 'arn:aws:states:us-east-1:123456789012:stateMachine:pause-and-greet';

describe('aethon dev: hot reload', { timeout: 30_000 }, () => {
  it('serves an edited workflow to new executions, and keeps the previous version when an edit is invalid', async () => {
    // Prepare
    const project = copyDevProject();
    const notices: string[] = [];
    const server = await startDevServer({ projectRoot: project, port: 0, virtualTime: true, announce: false, onNotice: (m) => notices.push(m) });
    const sfn = sfnClientFor(server.endpoint);
    const file = join(project, 'workflows', 'pause-and-greet.yaml');
    const seconds = async () => JSON.parse((await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: MACHINE }))).definition!).States.pause.Seconds as number;
    try {
      // Act: a valid edit (the wait), then an invalid one
      writeFileSync(file, readFileSync(file, 'utf8').replace('duration: 20s', 'duration: 5s'));
      await server.plane.reloader.reload();
      const afterValid = await seconds();
      writeFileSync(file, readFileSync(file, 'utf8').replace('next: greet', 'next: nowhere'));
      await server.plane.reloader.reload();
      const afterInvalid = await seconds();

      // Assess
      expect(afterValid).toBe(5);
      expect(afterInvalid).toBe(5);
      expect(notices).toContainEqual(expect.stringContaining('workflow pause-and-greet reloaded'));
      expect(notices).toContainEqual(expect.stringMatching(/pause-and-greet\.yaml is invalid; the previous version keeps serving:\n.*nowhere/s));
      const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: MACHINE, input: '{}' }));
      expect(await untilClosed(sfn, executionArn!)).toBe('SUCCEEDED');
      const { events = [] } = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
      const wait = (type: string) => events.find((e) => e.type === type)!.timestamp!.getTime();
      expect(wait('WaitStateExited') - wait('WaitStateEntered')).toBe(5_000);
    } finally {
      await server.close();
    }
  });

  it('notices an edit by itself (the file watcher)', async () => {
    const project = copyDevProject();
    const server = await startDevServer({ projectRoot: project, port: 0, announce: false });
    const sfn = sfnClientFor(server.endpoint);
    try {
      const file = join(project, 'workflows', 'pause-and-greet.yaml');
      writeFileSync(file, readFileSync(file, 'utf8').replace('duration: 20s', 'duration: 9s'));
      let seconds = 20;
      for (let i = 0; i < 200 && seconds !== 9; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        seconds = JSON.parse((await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: MACHINE }))).definition!).States.pause.Seconds as number;
      }
      expect(seconds).toBe(9);
    } finally {
      await server.close();
    }
  });

  it('serves an edit that changes the handlers\' settings, once their code builds', async () => {
    const project = copyDevProject();
    const notices: string[] = [];
    const server = await startDevServer({ projectRoot: project, port: 0, announce: false, watch: false, onNotice: (m) => notices.push(m) });
    try {
      const file = join(project, 'workflows', 'pause-and-greet.yaml');
      writeFileSync(file, readFileSync(file, 'utf8').replace('handler: functions/greet.ts', 'handler: functions/greet.ts\n    timeout: 7s'));
      await server.plane.reloader.reload();
      expect(notices).toContainEqual(expect.stringContaining('workflow pause-and-greet reloaded with its handler code'));
      expect(server.plane.registry.get('pause-and-greet').workflow!.functions[0]!.timeoutSeconds).toBe(7);
    } finally {
      await server.close();
    }
  });
});
