/**
 * `aethon idempotency list|clear` locally, against the LevelDB folder the engine writes, with
 * records made by the real step runtime (the AWS side: idempotencyCommandAws.test.ts).
 */
import { cpSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../../lib/cli/main.ts';
import { LOCAL_CREDENTIALS, startDynalite, type LocalDynamo } from '../../../lib/local/services/dynalite.ts';
import { withLocalRecordTable } from '../../../lib/ops/idempotency/localRecordTable.ts';
import { candidateRecordIds } from '../../../lib/ops/idempotency/records.ts';
import { step } from '../../../lib/runtime/index.ts';
import { stepEnv, taskPayload } from '../../fixtures/runtime/payloads.ts';
import { PROJECT_ROOT } from '../../helpers/paths.ts';

const WORKFLOW = 'tenant-provisioning';

/** A project of its own with the tenant workflow; the records live in its .aethon/dynamodb. */
function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'aethon-idem-'));
  cpSync(join(PROJECT_ROOT, 'test', 'fixtures', 'tenant'), dir, { recursive: true });
  mkdirSync(join(dir, '.aethon', 'dynamodb'), { recursive: true });
  return dir;
}

async function cli(argv: string[], cwd: string, answer?: boolean) {
  let stdout = '';
  let stderr = '';
  const questions: string[] = [];
  const code = await main(argv, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    cwd,
    env: {},
    ...(answer === undefined ? {} : { confirm: async (q: string) => (questions.push(q), answer) }),
  });
  return { code, stdout, stderr, questions };
}

/** Runs createVm for a tenant in an execution, through the real step runtime, on the project's records. */
async function provision(dynamo: LocalDynamo, tenantId: string, execution: string) {
  const handler = step(
    {
      env: stepEnv({
        AETHON_WORKFLOW: WORKFLOW,
        AETHON_STEP: 'createVm',
        AETHON_IDEMPOTENCY_TABLE: dynamo.tableName,
        AETHON_IDEMPOTENCY_KEY: 'tenantId',
        AETHON_IDEMPOTENCY_TTL_SECONDS: '86400',
        AETHON_DYNAMODB_ENDPOINT: dynamo.endpoint,
      }),
    },
    async (input: { tenantId: string }) => ({ vmId: `vm-${input.tenantId}` }),
  );
  return handler(taskPayload({ tenantId, plan: 'small' }, { executionName: execution, workflow: WORKFLOW }));
}

describe('Command: aethon idempotency (local)', { timeout: 30_000 }, () => {
  let dir: string;
  beforeEach(async () => {
    dir = project();
    const dynamo = await startDynalite({ path: join(dir, '.aethon', 'dynamodb') });
    await provision(dynamo, 'acme', 'first-run');
    await provision(dynamo, 'globex', 'second-run');
    await dynamo.close();
  });

  it('lists the records with status, owning execution and expiry', async () => {
    const run = await cli(['idempotency', 'list', WORKFLOW, '--local', '--json'], dir);

    expect(run.code).toBe(0);
    const { records } = JSON.parse(run.stdout) as { records: Record<string, unknown>[] };
    expect(records.map((r) => [r.step, r.status, String(r.owner).split(':').pop()]).sort()).toEqual([
      ['createVm', 'COMPLETED', 'first-run'],
      ['createVm', 'COMPLETED', 'second-run'],
    ]);
    expect(records[0]!.expiresAt).toEqual(expect.stringMatching(/^\d{4}-\d\d-\d\dT/));
    const table = await cli(['idempotency', 'list', WORKFLOW, '--step', 'createVm', '--local'], dir);
    expect(table.stdout).toMatch(/STEP\s+STATUS\s+OWNER\s+EXPIRES\s+RECORD\n/);
    expect(table.stdout).toContain('first-run');
  });

  it('asks once, then removes the record and says what it removed; the next start performs the step again', async () => {
    const run = await cli(['idempotency', 'clear', WORKFLOW, 'createVm', 'acme', '--local'], dir, true);

    expect(run.code).toBe(0);
    expect(run.questions).toHaveLength(1);
    expect(run.questions[0]).toContain('owned by execution first-run');
    expect(run.stdout).toMatch(/^removed the COMPLETED record tenant-provisioning\.createVm#\S+ of tenant-provisioning\.createVm, owned by execution first-run; the next start performs 'createVm' again/);
    const left = JSON.parse((await cli(['idempotency', 'list', WORKFLOW, '--local', '--json'], dir)).stdout) as { records: { owner: string }[] };
    expect(left.records.map((r) => r.owner.split(':').pop())).toEqual(['second-run']);
  });

  it('removes nothing when the answer is no, or when there is no terminal and no --yes', async () => {
    const declined = await cli(['idempotency', 'clear', WORKFLOW, 'createVm', 'acme', '--local'], dir, false);
    const noTerminal = await cli(['idempotency', 'clear', WORKFLOW, 'createVm', 'acme', '--local'], dir);

    expect(declined.code).toBe(1);
    expect(declined.stderr).toContain('nothing removed');
    expect(noTerminal.code).toBe(2);
    expect(noTerminal.stderr).toContain('pass --yes');
    const all = JSON.parse((await cli(['idempotency', 'list', WORKFLOW, '--local', '--json'], dir)).stdout) as { records: unknown[] };
    expect(all.records).toHaveLength(2);
  });

  it('refuses an in-progress record unless --force', async () => {
    const dynamo = await startDynalite({ path: join(dir, '.aethon', 'dynamodb') });
    const client = new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'us-east-1', credentials: LOCAL_CREDENTIALS });
    const [id] = candidateRecordIds(dynamo.tableName, client, WORKFLOW, 'createVm', 'initech');
    // As a local attempt leaves it: the holder names its execution and process.
    const holder = { execution: { S: 'arn:aws:states:us-east-1:123456789012:execution:wf:order-7' }, host: { S: 'devbox' }, pid: { N: '4242' } };
    await client.send(new PutItemCommand({ TableName: dynamo.tableName, Item: { id: { S: id! }, status: { S: 'INPROGRESS' }, expiration: { N: '4102444800' }, in_progress_expiration: { N: String(Date.now() + 60_000) }, aethon_holder: { M: holder } } }));
    client.destroy();
    await dynamo.close();

    const listed = await cli(['idempotency', 'list', WORKFLOW, '--local'], dir);
    const refused = await cli(['idempotency', 'clear', WORKFLOW, 'createVm', 'initech', '--local', '--yes'], dir);
    const forced = await cli(['idempotency', 'clear', WORKFLOW, 'createVm', 'initech', '--local', '--yes', '--force'], dir);

    expect(listed.stdout).toMatch(/INPROGRESS\s+order-7 \(pid 4242\)/);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('IN PROGRESS');
    expect(refused.stderr).toContain('held by execution arn:aws:states:us-east-1:123456789012:execution:wf:order-7 (process 4242 on devbox)');
    expect(refused.stderr).toContain('--force');
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain('removed the INPROGRESS record');
  });

  it('says which key it looked for when there is no record, and which steps are idempotent for a wrong step', async () => {
    const missing = await cli(['idempotency', 'clear', WORKFLOW, 'createVm', 'nobody', '--local', '--yes'], dir);
    const wrongStep = await cli(['idempotency', 'list', WORKFLOW, '--step', 'activate', '--local'], dir);

    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no idempotency record of tenant-provisioning.createVm for key "nobody"');
    expect(wrongStep.code).toBe(2);
    expect(wrongStep.stderr).toContain("'activate' is not an idempotent step of tenant-provisioning; its idempotent steps: createVm");
  });

  it('waits a bounded time while another command holds the records, says so once, then names the cause', async () => {
    const holder = await startDynalite({ path: join(dir, '.aethon', 'dynamodb') });
    let clock = 0;
    const notices: number[] = [];
    try {
      const attempt = withLocalRecordTable(dir, async () => 'opened', { waitMs: 5_000, now: () => clock, sleep: async (ms) => void (clock += ms), onWait: (notice) => notices.push(notice.waitMs) });
      await expect(attempt).rejects.toThrow(/gave up after 5 s waiting for the local DynamoDB/);
      expect(notices).toEqual([5_000]);
    } finally {
      await holder.close();
    }
    await expect(withLocalRecordTable(dir, async () => 'opened')).resolves.toBe('opened');
  });
});
