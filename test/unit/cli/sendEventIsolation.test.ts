/**
 * One broken workflow must not stop `send-event --local` for all the others: a workflow whose
 * event pattern EventBridge would refuse is reported as invalid and skipped, and the event is
 * still matched against every other workflow.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.ts';
import { scratchWorkspace } from '../../helpers/workspace.ts';

// Before patterns were checked at validate, this file loaded as valid and its pattern threw while
// the event was matched, which ended send-event for every workflow.
const BROKEN = `name: broken-pattern
triggers:
  - event:
      pattern:
        source: [app.ci]
        detail:
          size: [{ numeric: [">", ten] }]
steps:
  done: { type: succeed }
`;

describe('Command: aethon send-event --local with a broken workflow', () => {
  it('warns about the broken workflow and still matches the event against the others', async () => {
    // Prepare
    const dir = scratchWorkspace(['deploy-pipeline']);
    writeFileSync(join(dir, 'workflows', 'broken-pattern.yaml'), BROKEN);
    const event = JSON.stringify({ Source: 'app.ci', DetailType: 'BuildStarted', Detail: { size: 3 } });
    // Act
    const run = await runCli(['send-event', event, '--local'], dir);
    // Assess
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^warning: \S*workflows\/broken-pattern\.yaml is invalid and was not matched \('aethon validate'\)$/m);
    expect(run.stderr).toMatch(/matches no trigger; nothing was started\. Workflows with event triggers: deploy-pipeline\n/);
  });

  it('names the problem, its place and the fix in validate', async () => {
    const dir = scratchWorkspace(['deploy-pipeline']);
    writeFileSync(join(dir, 'workflows', 'broken-pattern.yaml'), BROKEN);
    const run = await runCli(['validate', 'broken-pattern'], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^workflows\/broken-pattern\.yaml:7:20: error invalid-event-pattern: EventBridge would refuse this event pattern: 'numeric' takes \[operator, number\]/m);
  });
});
