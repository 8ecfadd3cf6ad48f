// PaymentRecordStore on DynamoDB: the simulated provider's books in the table, one item per idempotency key, indexed
// by order, so they survive restarts (locally) and stateless Lambda invocations (AWS) alike.
import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { ProviderPaymentStatus } from '../../core/payment-instructions.ts';
import type { PaymentRecord, PaymentRecordStore } from '../../core/ports.ts';
import { documentClient } from './dynamo-order-repository.ts';
import { PAYMENT_SK, paymentKey, paymentsByOrderKey, TABLE_KEYS } from './table-design.ts';

const toRecord = (item: Record<string, unknown>): PaymentRecord => {
  const { pk: _pk, sk: _sk, gsi1pk: _g, gsi1sk: _s, ...record } = item;
  return record as unknown as PaymentRecord;
};

export class DynamoPaymentRecordStore implements PaymentRecordStore {
  private readonly doc: DynamoDBDocumentClient;
  constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
  ) {
    this.doc = documentClient(client);
  }

  async get(idempotencyKey: string): Promise<PaymentRecord | undefined> {
    const res = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: paymentKey(idempotencyKey), ConsistentRead: true }),
    );
    return res.Item ? toRecord(res.Item) : undefined;
  }

  /** The conditional put settles two first-timers racing: the loser reads and returns the winner's record. */
  async putIfAbsent(record: PaymentRecord): Promise<{ record: PaymentRecord; stored: boolean }> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...record,
            ...paymentKey(record.idempotencyKey),
            gsi1pk: paymentsByOrderKey(record.orderId),
            gsi1sk: `${record.at}#${record.idempotencyKey}`,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return { record, stored: true };
    } catch (err) {
      if (!(err instanceof ConditionalCheckFailedException)) throw err;
      return { record: (await this.get(record.idempotencyKey))!, stored: false };
    }
  }

  /** One conditional update: of two callers moving the same pending payment, one moves it and the other reads it. */
  async settlePending(
    idempotencyKey: string,
    from: ProviderPaymentStatus,
    to: Pick<PaymentRecord, 'status' | 'approved' | 'statusDetail'>,
  ): Promise<{ record: PaymentRecord; moved: boolean }> {
    try {
      const res = await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: paymentKey(idempotencyKey),
          UpdateExpression: `SET #status = :to, approved = :approved${to.statusDetail ? ', statusDetail = :detail' : ''}`,
          ConditionExpression: '#status = :from',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':to': to.status,
            ':from': from,
            ':approved': to.approved,
            ...(to.statusDetail ? { ':detail': to.statusDetail } : {}),
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return { record: toRecord(res.Attributes!), moved: true };
    } catch (err) {
      if (!(err instanceof ConditionalCheckFailedException)) throw err;
      const record = await this.get(idempotencyKey);
      if (!record) throw new Error(`No payment record ${idempotencyKey}`);
      return { record, moved: false };
    }
  }

  async listByOrder(orderId: string): Promise<PaymentRecord[]> {
    const records: PaymentRecord[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const res = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: TABLE_KEYS.gsi1.name,
          ExclusiveStartKey,
          KeyConditionExpression: 'gsi1pk = :o',
          ExpressionAttributeValues: { ':o': paymentsByOrderKey(orderId) },
        }),
      );
      records.push(...(res.Items ?? []).map(toRecord));
      ExclusiveStartKey = res.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return records;
  }

  /** Every record, by a full Scan: `doctor` only. */
  async listRecords(): Promise<PaymentRecord[]> {
    const records: PaymentRecord[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const res = await this.doc.send(
        new ScanCommand({
          TableName: this.tableName,
          ExclusiveStartKey,
          FilterExpression: 'sk = :p',
          ExpressionAttributeValues: { ':p': PAYMENT_SK },
        }),
      );
      records.push(...(res.Items ?? []).map(toRecord));
      ExclusiveStartKey = res.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return records;
  }
}
