/**
 * Powertools Idempotency persistence on DynamoDB with conditional writes, built on Powertools'
 * BasePersistenceLayer (hashing, expiry, validation and the in-progress protocol stay Powertools').
 *
 * Why not `@aws-lambda-powertools/idempotency/dynamodb`: it imports `@aws-sdk/util-dynamodb`, an
 * optional peer dependency this project does not install. This layer speaks the same table layout
 * (partition key `id`; `expiration` in epoch seconds, the TTL attribute; `status`;
 * `in_progress_expiration` in epoch ms; `data`; `validation`) and the same conditions, so records
 * are interchangeable with Powertools' layer should that dependency be added.
 *
 * A record may be (re)claimed when no record exists, the record's TTL has passed (DynamoDB deletes
 * expired items late, and dynalite never), or it is INPROGRESS past its in-progress expiry (the
 * attempt that wrote it crashed or timed out).
 * @see https://docs.aws.amazon.com/powertools/typescript/latest/features/idempotency/#dynamodb-table
 */
import { IdempotencyItemAlreadyExistsError, IdempotencyItemNotFoundError } from '@aws-lambda-powertools/idempotency';
import { BasePersistenceLayer, IdempotencyRecord } from '@aws-lambda-powertools/idempotency/persistence';
import { type AttributeValue, ConditionalCheckFailedException, DeleteItemCommand, type DynamoDBClient, GetItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { fromAttributeValue, toAttributeValue } from './attributeValues.ts';

/** Attribute names, as Powertools' DynamoDB layer uses them by default. */
export const RecordAttributes = {
  KEY: 'id',
  EXPIRY: 'expiration',
  STATUS: 'status',
  IN_PROGRESS_EXPIRY: 'in_progress_expiration',
  DATA: 'data',
  VALIDATION: 'validation',
} as const;

type Status = ConstructorParameters<typeof IdempotencyRecord>[0]['status'];

export class DynamoDBRecordStore extends BasePersistenceLayer {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {
    super();
  }

  protected async _putRecord(record: IdempotencyRecord): Promise<void> {
    const item: Record<string, AttributeValue> = {
      [RecordAttributes.KEY]: { S: record.idempotencyKey },
      [RecordAttributes.STATUS]: { S: record.getStatus() },
    };
    if (record.expiryTimestamp !== undefined) item[RecordAttributes.EXPIRY] = { N: String(record.expiryTimestamp) };
    if (record.inProgressExpiryTimestamp !== undefined) item[RecordAttributes.IN_PROGRESS_EXPIRY] = { N: String(record.inProgressExpiryTimestamp) };
    if (this.isPayloadValidationEnabled() && record.payloadHash !== undefined) item[RecordAttributes.VALIDATION] = { S: record.payloadHash };
    const now = Date.now(); // Powertools computes the expiries with Date.now(); compare on the same clock
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: item,
          ConditionExpression: 'attribute_not_exists(#id) OR #expiry < :now OR (#status = :inprogress AND attribute_exists(#ipe) AND #ipe < :nowMs)',
          ExpressionAttributeNames: { '#id': RecordAttributes.KEY, '#expiry': RecordAttributes.EXPIRY, '#status': RecordAttributes.STATUS, '#ipe': RecordAttributes.IN_PROGRESS_EXPIRY },
          ExpressionAttributeValues: { ':now': { N: String(now / 1000) }, ':nowMs': { N: String(now) }, ':inprogress': { S: 'INPROGRESS' } },
          // AWS returns the blocking item with the failure (saves a read); dynalite ignores this,
          // and Powertools then reads the record itself.
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException || (error as Error).name === 'ConditionalCheckFailedException') {
        const existing = (error as ConditionalCheckFailedException).Item;
        throw new IdempotencyItemAlreadyExistsError(`an idempotency record for ${record.idempotencyKey} already exists`, existing ? this.toRecord(existing) : undefined);
      }
      throw error;
    }
  }

  protected async _getRecord(idempotencyKey: string): Promise<IdempotencyRecord> {
    const { Item } = await this.client.send(new GetItemCommand({ TableName: this.tableName, Key: { [RecordAttributes.KEY]: { S: idempotencyKey } }, ConsistentRead: true }));
    if (!Item) throw new IdempotencyItemNotFoundError();
    return this.toRecord(Item);
  }

  protected async _updateRecord(record: IdempotencyRecord): Promise<void> {
    const sets = ['#expiry = :expiry', '#status = :status'];
    const names: Record<string, string> = { '#expiry': RecordAttributes.EXPIRY, '#status': RecordAttributes.STATUS };
    const values: Record<string, AttributeValue> = { ':expiry': toAttributeValue(record.expiryTimestamp ?? null), ':status': { S: record.getStatus() } };
    if (record.responseData !== undefined) {
      sets.push('#data = :data');
      names['#data'] = RecordAttributes.DATA;
      values[':data'] = toAttributeValue(record.responseData);
    }
    if (this.isPayloadValidationEnabled() && record.payloadHash !== undefined) {
      sets.push('#validation = :validation');
      names['#validation'] = RecordAttributes.VALIDATION;
      values[':validation'] = { S: record.payloadHash };
    }
    await this.client.send(
      new UpdateItemCommand({
        TableName: this.tableName,
        Key: { [RecordAttributes.KEY]: { S: record.idempotencyKey } },
        UpdateExpression: `SET ${sets.join(', ')}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    );
  }

  protected async _deleteRecord(record: IdempotencyRecord): Promise<void> {
    await this.client.send(new DeleteItemCommand({ TableName: this.tableName, Key: { [RecordAttributes.KEY]: { S: record.idempotencyKey } } }));
  }

  private toRecord(item: Record<string, AttributeValue>): IdempotencyRecord {
    const read = (name: string): unknown => (item[name] === undefined ? undefined : fromAttributeValue(item[name]!));
    return new IdempotencyRecord({
      idempotencyKey: read(RecordAttributes.KEY) as string,
      status: read(RecordAttributes.STATUS) as Status,
      expiryTimestamp: read(RecordAttributes.EXPIRY) as number | undefined,
      inProgressExpiryTimestamp: read(RecordAttributes.IN_PROGRESS_EXPIRY) as number | undefined,
      responseData: read(RecordAttributes.DATA) as ConstructorParameters<typeof IdempotencyRecord>[0]['responseData'],
      payloadHash: read(RecordAttributes.VALIDATION) as string | undefined,
    });
  }
}
