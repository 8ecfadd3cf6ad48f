// OrderRepository on DynamoDB: orders as single items with an optimistic version lock, plus Idempotency-Key claims and one-time chat links.
import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { ConcurrentUpdate } from '../../core/errors.ts';
import type { Order } from '../../core/order.ts';
import { sha256 } from '../../core/order-ids.ts';
import type { ChatLinkClaim, IdempotencyClaim, OrderRepository } from '../../core/ports.ts';
import { chatLinkKey, customerIndexKey, idempotencyKey, orderKey, TABLE_KEYS, TTL_ATTRIBUTE } from './table-design.ts';

const KEY_ATTRIBUTES = ['pk', 'sk', 'gsi1pk', 'gsi1sk'];
const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;

export function documentClient(client: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

function toOrder(item: Record<string, unknown>): Order {
  const order = { ...item };
  for (const k of KEY_ATTRIBUTES) delete order[k];
  return order as unknown as Order;
}

export class DynamoOrderRepository implements OrderRepository {
  private readonly doc: DynamoDBDocumentClient;
  constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
  ) {
    this.doc = documentClient(client);
  }

  private item(order: Order) {
    return {
      ...order,
      ...orderKey(order.orderId),
      gsi1pk: customerIndexKey(order.customer.id),
      gsi1sk: `${order.createdAt}#${order.orderId}`,
    };
  }

  async create(order: Order): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: this.item(order),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) return false;
      throw err;
    }
  }

  async get(orderId: string): Promise<Order | undefined> {
    const res = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: orderKey(orderId), ConsistentRead: true }),
    );
    return res.Item ? toOrder(res.Item) : undefined;
  }

  async save(order: Order): Promise<Order> {
    const next = { ...order, version: order.version + 1 };
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: this.item(next),
          ConditionExpression: 'version = :v',
          ExpressionAttributeValues: { ':v': order.version },
        }),
      );
      return next;
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) throw new ConcurrentUpdate(order.orderId);
      throw err;
    }
  }

  async listByCustomer(customerId: string, limit: number): Promise<Order[]> {
    const res = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: TABLE_KEYS.gsi1.name,
        KeyConditionExpression: 'gsi1pk = :c',
        ExpressionAttributeValues: { ':c': customerIndexKey(customerId) },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (res.Items ?? []).map(toOrder);
  }

  /** Every order, a page at a time, by a full Scan: the local stack's start-up sweep and `doctor` only. */
  async *listAll(): AsyncIterable<Order[]> {
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const res = await this.doc.send(
        new ScanCommand({
          TableName: this.tableName,
          ExclusiveStartKey,
          ConsistentRead: true,
          FilterExpression: 'sk = :o',
          ExpressionAttributeValues: { ':o': 'ORDER' },
        }),
      );
      if (res.Items?.length) yield res.Items.map(toOrder);
      ExclusiveStartKey = res.LastEvaluatedKey;
    } while (ExclusiveStartKey);
  }

  async claimIdempotencyKey(key: string, claim: IdempotencyClaim): Promise<IdempotencyClaim | null> {
    const k = idempotencyKey(sha256(key));
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...k, ...claim, [TTL_ATTRIBUTE]: Math.floor(Date.now() / 1000) + IDEMPOTENCY_TTL_SECONDS },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return null;
    } catch (err) {
      if (!(err instanceof ConditionalCheckFailedException)) throw err;
      const res = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: k, ConsistentRead: true }));
      const item = res.Item as IdempotencyClaim & { accessToken?: string };
      // Claims written before tokens were hashed hold the raw token; they expire within a day of the deploy.
      const accessTokenHash = item.accessTokenHash ?? (item.accessToken !== undefined ? sha256(item.accessToken) : '');
      return { orderId: item.orderId, accessTokenHash, fingerprint: item.fingerprint };
    }
  }

  async createChatLink(tokenHash: string, link: { orderId: string; expiresAt: Date }): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...chatLinkKey(tokenHash),
          orderId: link.orderId,
          expiresAtMs: link.expiresAt.getTime(),
          [TTL_ATTRIBUTE]: Math.ceil(link.expiresAt.getTime() / 1000),
        },
        // A 256-bit token never repeats; this only keeps a bug from silently re-pointing a live link.
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async claimChatLink(tokenHash: string, claimant: string, now: Date): Promise<ChatLinkClaim> {
    const Key = chatLinkKey(tokenHash);
    try {
      const res = await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key,
          UpdateExpression: 'SET claimedBy = :c, claimedAt = if_not_exists(claimedAt, :at)',
          ConditionExpression:
            'attribute_exists(pk) AND expiresAtMs > :now AND (attribute_not_exists(claimedBy) OR claimedBy = :c)',
          ExpressionAttributeValues: { ':c': claimant, ':at': now.toISOString(), ':now': now.getTime() },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return { outcome: 'claimed', orderId: String(res.Attributes!.orderId) };
    } catch (err) {
      if (!(err instanceof ConditionalCheckFailedException)) throw err;
    }
    // Refused: read it back only to say why.
    const res = await this.doc.send(new GetCommand({ TableName: this.tableName, Key, ConsistentRead: true }));
    const item = res.Item as { orderId: string; claimedBy?: string; expiresAtMs: number } | undefined;
    if (!item) return { outcome: 'unknown' };
    // The chat that claimed it may open it again after it expired: it is that chat's order already.
    if (item.claimedBy === claimant) return { outcome: 'claimed', orderId: item.orderId };
    if (item.claimedBy !== undefined) return { outcome: 'used' };
    return { outcome: 'expired' };
  }
}
