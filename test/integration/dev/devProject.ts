/** A fresh copy of the dev fixture project per test, servers closed after each test, and an SDK client for a server. */
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeExecutionCommand, SFNClient } from '@aws-sdk/client-sfn';
import { afterEach } from 'vitest';
import { startDevServer, type DevServer, type DevServerOptions } from '../../../lib/dev/index.ts';
import { PROJECT_ROOT } from '../../helpers/paths.ts';

/** test/fixtures/dev/project copied to a temporary folder (its .aethon/ lands there too). */
export function copyDevProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'aethon-dev-'));
  cpSync(join(PROJECT_ROOT, 'test/fixtures/dev/project'), dir, { recursive: true });
  return dir;
}

/** The SDK client exactly as a user configures it for Step Functions Local. */
export function sfnClientFor(endpoint: string, accessKeyId = 'local'): SFNClient {
  return new SFNClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId, secretAccessKey: 'local' }, maxAttempts: 1 });
}

/** Polls DescribeExecution until the execution leaves RUNNING (bounded by attempts, not by time asserted). */
export async function untilClosed(client: SFNClient, executionArn: string, attempts = 400): Promise<string> {
  for (let i = 0; i < attempts; i++) {
    const { status } = await client.send(new DescribeExecutionCommand({ executionArn }));
    if (status !== 'RUNNING') return status!;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`execution ${executionArn} was still RUNNING after ${attempts} polls`);
}

/** A state machine that waits `seconds`, then passes its input on. */
export function waitMachine(seconds: number): string {
  return JSON.stringify({ StartAt: 'Hold', States: { Hold: { Type: 'Wait', Seconds: seconds, Next: 'Done' }, Done: { Type: 'Pass', End: true } } });
}

/**
 * Starts `aethon dev` servers in process for a test file, each closed after the test that started
 * it (whatever the test's outcome). Call once in the `describe` body.
 */
export function devServerPerTest(): (options: DevServerOptions) => Promise<DevServer> {
  const started: DevServer[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((server) => server.close()));
  });
  return async (options) => {
    const server = await startDevServer(options);
    started.push(server);
    return server;
  };
}
