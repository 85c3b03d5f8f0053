/**
 * Hot reload of handler code on `aethon dev`: an edit of a module a handler imports serves new
 * executions once it builds; an execution already running finishes on the code it started with;
 * code that does not build is reported and the previous code keeps serving.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DescribeExecutionCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { startDevServer } from '../../../lib/dev/index.ts';
import { copyDevProject, sfnClientFor, untilClosed } from './devProject.ts';

const MACHINE = 'arn:aws:states:us-east-1:123456789012:stateMachine:pause-and-greet';

/** The dev fixture with its greeting word in a module of its own and a one-second wait. */
function projectWithSalutation(): string {
  const project = copyDevProject();
  const workflow = join(project, 'workflows', 'pause-and-greet.yaml');
  writeFileSync(workflow, readFileSync(workflow, 'utf8').replace('duration: 20s', 'duration: 1s'));
  writeFileSync(join(project, 'functions', 'salutation.ts'), "export const salutation = 'hello';\n");
  const handler = join(project, 'functions', 'greet.ts');
  writeFileSync(handler, "import { salutation } from './salutation.ts';\n" + readFileSync(handler, 'utf8').replace('`hello ${who}`', '`${salutation} ${who}`'));
  return project;
}

describe('aethon dev: hot reload of handler code', { timeout: 60_000 }, () => {
  it('serves an edited imported module to new executions, keeps running ones on their code, and keeps the code when an edit does not build', async () => {
    // Prepare
    const project = projectWithSalutation();
    const notices: string[] = [];
    const server = await startDevServer({ projectRoot: project, port: 0, announce: false, watch: false, onNotice: (m) => notices.push(m) });
    const sfn = sfnClientFor(server.endpoint);
    const greeting = async (who: string): Promise<string> => {
      const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: MACHINE, input: JSON.stringify({ who }) }));
      return greetingOf(executionArn!);
    };
    const greetingOf = async (executionArn: string): Promise<string> => {
      expect(await untilClosed(sfn, executionArn)).toBe('SUCCEEDED');
      return JSON.parse((await sfn.send(new DescribeExecutionCommand({ executionArn }))).output!).greeting as string;
    };
    const salutation = join(project, 'functions', 'salutation.ts');
    try {
      const before = await greeting('al');

      // Act: an execution starts on the loaded code, then the imported module changes
      const { executionArn: running } = await sfn.send(new StartExecutionCommand({ stateMachineArn: MACHINE, input: '{"who":"bo"}' }));
      writeFileSync(salutation, "export const salutation = 'howdy';\n");
      server.plane.reloader.handlersEdited();
      await server.plane.reloader.reload();
      const afterEdit = await greeting('cy');
      const ranAcross = await greetingOf(running!);
      writeFileSync(salutation, "export const salutation = 'broken\n");
      server.plane.reloader.handlersEdited();
      await server.plane.reloader.reload();
      const afterBrokenEdit = await greeting('di');

      // Assess
      expect(before).toBe('hello al');
      expect(afterEdit).toBe('howdy cy');
      expect(ranAcross).toBe('hello bo');
      expect(afterBrokenEdit).toBe('howdy di');
      expect(notices).toContainEqual(expect.stringContaining('workflow pause-and-greet reloaded with its handler code'));
      expect(notices).toContainEqual(expect.stringMatching(/the handlers of workflow pause-and-greet do not build; the previous version keeps serving:\n.*salutation\.ts:1:/s));
    } finally {
      await server.close();
    }
  });

  it('notices a handler edit by itself (the functions/ watcher)', async () => {
    const project = projectWithSalutation();
    const server = await startDevServer({ projectRoot: project, port: 0, announce: false });
    const sfn = sfnClientFor(server.endpoint);
    const greeting = async (): Promise<string> => {
      const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: MACHINE, input: '{"who":"ed"}' }));
      expect(await untilClosed(sfn, executionArn!)).toBe('SUCCEEDED');
      return JSON.parse((await sfn.send(new DescribeExecutionCommand({ executionArn }))).output!).greeting as string;
    };
    try {
      expect(await greeting()).toBe('hello ed');
      writeFileSync(join(project, 'functions', 'salutation.ts'), "export const salutation = 'hi';\n");
      let latest = '';
      for (let i = 0; i < 100 && latest !== 'hi ed'; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        latest = await greeting();
      }
      expect(latest).toBe('hi ed');
    } finally {
      await server.close();
    }
  });
});
