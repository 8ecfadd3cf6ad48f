// IdempotencyLedger on DynamoDB, so the simulated gateway stays idempotent across stateless Lambda invocations.
import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { IdempotencyLedger } from '../payments/simulated-payment-gateway.ts';
import { documentClient } from './dynamo-order-repository.ts';

export class DynamoIdempotencyLedger implements IdempotencyLedger {
  private readonly doc: DynamoDBDocumentClient;
  constructor(client: DynamoDBClient, private readonly tableName: string) { this.doc = documentClient(client); }

  /** Reads first, so a repeated key never computes again; the conditional put settles two first-timers racing. */
  async remember<T>(key: string, compute: () => T): Promise<T> {
    const Key = { pk: `PAYMENT#${key}`, sk: 'PAYMENT' };
    const read = async () => (await this.doc.send(new GetCommand({ TableName: this.tableName, Key, ConsistentRead: true }))).Item;
    const existing = await read();
    if (existing) return existing.value as T;
    const value = compute();
    try {
      await this.doc.send(new PutCommand({ TableName: this.tableName, Item: { ...Key, value }, ConditionExpression: 'attribute_not_exists(pk)' }));
      return value;
    } catch (err) {
      if (!(err instanceof ConditionalCheckFailedException)) throw err;
      return (await read())!.value as T;
    }
  }
}
