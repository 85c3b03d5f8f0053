/**
 * `aethon idempotency list|clear` against AWS, with the DynamoDB client mocked: the table from
 * the stage's outputs, the exact requests.
 */
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteItemCommand, DynamoDBClient, GetItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerSdkMatchers } from '../../fixtures/runtime/sdkMatchers.ts';
import { runCli as cli } from '../../helpers/cli.ts';
import { PROJECT_ROOT } from '../../helpers/paths.ts';

registerSdkMatchers();

const WORKFLOW = 'tenant-provisioning';

describe('Command: aethon idempotency (AWS)', () => {
  const dynamodb = mockClient(DynamoDBClient);
  let dir: string;
  beforeEach(() => {
    dynamodb.reset();
    dir = mkdtempSync(join(tmpdir(), 'aethon-idem-aws-'));
    cpSync(join(PROJECT_ROOT, 'test', 'fixtures', 'tenant'), dir, { recursive: true });
    writeFileSync(join(dir, 'cdk-outputs.json'), JSON.stringify({ 'Aethon-prod': { IdempotencyTableName: 'aethon-prod-idempotency' } }));
  });
  afterEach(() => dynamodb.reset());

  it("scans the stage's table for the workflow's prefix", async () => {
    dynamodb.on(ScanCommand).resolves({ Items: [{ id: { S: 'tenant-provisioning.createVm#abc' }, status: { S: 'COMPLETED' }, expiration: { N: '4102444800' }, data: { M: { resultJson: { S: '{}' }, owner: { S: 'arn:aws:states:eu-west-1:1:execution:tp:run-7' } } } }] });

    const run = await cli(['idempotency', 'list', WORKFLOW, '--stage', 'prod'], dir);

    expect(run.code).toBe(0);
    expect(dynamodb).toReceiveCommandWith(ScanCommand, { TableName: 'aethon-prod-idempotency', FilterExpression: 'begins_with(#id, :prefix)', ExpressionAttributeValues: { ':prefix': { S: 'tenant-provisioning.' } } });
    expect(run.stdout).toContain('run-7');
  });

  it('deletes only the record as it was found (same status and owner)', async () => {
    const owner = 'arn:aws:states:eu-west-1:1:execution:tp:run-7';
    dynamodb.on(GetItemCommand).resolves({ Item: { id: { S: 'tenant-provisioning.createVm#abc' }, status: { S: 'COMPLETED' }, data: { M: { resultJson: { S: '{}' }, owner: { S: owner } } } } });
    dynamodb.on(DeleteItemCommand).resolves({});

    const run = await cli(['idempotency', 'clear', WORKFLOW, 'createVm', 'acme', '--stage', 'prod', '--yes', '--json'], dir);

    expect(run.code).toBe(0);
    expect(dynamodb).toReceiveCommandWith(DeleteItemCommand, {
      TableName: 'aethon-prod-idempotency',
      Key: { id: { S: 'tenant-provisioning.createVm#abc' } },
      ConditionExpression: '#status = :status AND #data.#owner = :owner',
      ExpressionAttributeValues: { ':status': { S: 'COMPLETED' }, ':owner': { S: owner } },
    });
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: true, removed: { id: 'tenant-provisioning.createVm#abc', owner } });
  });

  it('names the missing output and the flag to use when the stage was never deployed with outputs', async () => {
    const run = await cli(['idempotency', 'list', WORKFLOW, '--stage', 'staging'], dir);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('no outputs for stack Aethon-staging');
  });
});
