/** Handler log lines kept with each execution of `aethon dev`, queryable by execution, text and state. */
import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { startDevServer } from '../../../lib/dev/index.ts';
import { copyDevProject, sfnClientFor, untilClosed } from './devProject.ts';

describe('aethon dev: GET /aethon/dev/logs', { timeout: 30_000 }, () => {
  it("returns the lines each execution's handlers wrote, filtered", async () => {
    const server = await startDevServer({ projectRoot: copyDevProject(), port: 0, virtualTime: true, announce: false });
    try {
      const sfn = sfnClientFor(server.endpoint);
      const stateMachineArn = 'arn:aws:states:us-east-1:123456789012:stateMachine:pause-and-greet';
      const ada = await sfn.send(new StartExecutionCommand({ stateMachineArn, name: 'ada', input: '{"who":"ada"}' }));
      expect(await untilClosed(sfn, ada.executionArn!)).toBe('SUCCEEDED');
      const logs = async (query: string) => (await (await fetch(`${server.endpoint}/aethon/dev/logs?${query}`)).json()) as { lines: { line: string; stateName?: string }[] };

      const all = await logs(`executionArn=${encodeURIComponent(ada.executionArn!)}`);
      expect(all.lines.map((l) => ({ state: l.stateName, record: JSON.parse(l.line) }))).toEqual([{ state: 'greet', record: { level: 'INFO', message: 'greeting', who: 'ada' } }]);
      expect((await logs(`executionArn=${encodeURIComponent(ada.executionArn!)}&contains=nobody`)).lines).toEqual([]);
      expect((await logs(`executionArn=${encodeURIComponent(ada.executionArn!)}&state=pause`)).lines).toEqual([]);
      const missing = await fetch(`${server.endpoint}/aethon/dev/logs`);
      expect(missing.status).toBe(400);
    } finally {
      await server.close();
    }
  });
});
