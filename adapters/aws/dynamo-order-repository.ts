// OrderRepository on DynamoDB: orders as single items with an optimistic version lock (indexed by customer, and by
// status while open), plus Idempotency-Key claims and one-time chat links.
import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { ConcurrentUpdate } from '../../core/errors.ts';
import { isTerminal, type Order, type OrderStatus } from '../../core/order.ts';
import { sha256 } from '../../core/order-ids.ts';
import type { ChatLinkClaim, IdempotencyClaim, OrderRepository } from '../../core/ports.ts';
import { queryOpenIndex } from './open-index.ts';
import {
  chatLinkKey,
  customerIndexKey,
  idempotencyKey,
  openOrdersPartition,
  orderKey,
  TABLE_KEYS,
  TTL_ATTRIBUTE,
} from './table-design.ts';

const KEY_ATTRIBUTES = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk'];
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

  /** The whole item: a save replaces it, so an order that ended loses its status-index attributes in the same write. */
  private item(order: Order) {
    const placed = `${order.createdAt}#${order.orderId}`;
    return {
      ...order,
      ...orderKey(order.orderId),
      gsi1pk: customerIndexKey(order.customer.id),
      gsi1sk: placed,
      ...(isTerminal(order.status) ? {} : { gsi2pk: openOrdersPartition(order.status), gsi2sk: placed }),
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

  async listByStatus(status: OrderStatus, limit: number): Promise<{ orders: Order[]; total: number }> {
    if (isTerminal(status)) return { orders: [], total: 0 };
    const { items, total } = await queryOpenIndex(this.doc, this.tableName, openOrdersPartition(status), limit);
    return { orders: items.map(toOrder), total };
  }

  /**
   * Gives the status-index attributes to open orders saved before the index existed (they gain them on their next save
   * anyway). Conditional on the version read, so an order saved meanwhile is left to that save. Returns how many.
   * A full Scan: for an upgrade (the local stack's start-up), never a request path.
   */
  async backfillStatusIndex(): Promise<number> {
    let done = 0;
    for await (const page of this.listAll())
      for (const order of page) {
        if (isTerminal(order.status)) continue;
        try {
          await this.doc.send(
            new UpdateCommand({
              TableName: this.tableName,
              Key: orderKey(order.orderId),
              UpdateExpression: 'SET gsi2pk = :p, gsi2sk = :s',
              ConditionExpression: 'version = :v AND attribute_not_exists(gsi2pk)',
              ExpressionAttributeValues: {
                ':p': openOrdersPartition(order.status),
                ':s': `${order.createdAt}#${order.orderId}`,
                ':v': order.version,
              },
            }),
          );
          done++;
        } catch (err) {
          if (!(err instanceof ConditionalCheckFailedException)) throw err;
        }
      }
    return done;
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

  async releaseIdempotencyKey(key: string, orderId: string): Promise<void> {
    try {
      await this.doc.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: idempotencyKey(sha256(key)),
          ConditionExpression: 'orderId = :o',
          ExpressionAttributeValues: { ':o': orderId },
        }),
      );
    } catch (err) {
      if (!(err instanceof ConditionalCheckFailedException)) throw err;
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
