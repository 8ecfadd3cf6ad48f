// CatalogStore on DynamoDB: store profile and products in one partition; stock holds as atomic conditional updates.
import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Product, Store } from '../../core/catalog.ts';
import type { CatalogStore, StockHold } from '../../core/ports.ts';
import { documentClient } from './dynamo-order-repository.ts';
import { productKey, storeKey } from './table-design.ts';

export class DynamoCatalogStore implements CatalogStore {
  private readonly doc: DynamoDBDocumentClient;
  constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
  ) {
    this.doc = documentClient(client);
  }

  async getStore(): Promise<Store> {
    const res = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: storeKey }));
    if (!res.Item) throw new Error('The store profile is missing: seed the catalog first');
    const { pk: _pk, sk: _sk, ...store } = res.Item;
    return store as Store;
  }

  async listProducts(): Promise<Product[]> {
    const res = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :s AND begins_with(sk, :p)',
        ExpressionAttributeValues: { ':s': 'STORE', ':p': 'PRODUCT#' },
        ConsistentRead: true,
      }),
    );
    return (res.Items ?? []).map(
      ({ sku, name, category, price, stock }) => ({ sku, name, category, price, stock }) as Product,
    );
  }

  async hold(sku: string, orderId: string, qty: number): Promise<boolean> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: productKey(sku),
          UpdateExpression: 'SET stock = stock - :q, holds.#o = :q',
          ConditionExpression: 'attribute_exists(pk) AND stock >= :q AND attribute_not_exists(holds.#o)',
          ExpressionAttributeNames: { '#o': orderId },
          ExpressionAttributeValues: { ':q': qty },
        }),
      );
      return true;
    } catch (err) {
      if (!(err instanceof ConditionalCheckFailedException)) throw err;
      // Either stock is short or this order already holds it (a retried step): only the latter is a success.
      const res = await this.doc.send(
        new GetCommand({ TableName: this.tableName, Key: productKey(sku), ConsistentRead: true }),
      );
      return res.Item?.holds?.[orderId] !== undefined;
    }
  }

  async release(sku: string, orderId: string): Promise<boolean> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: productKey(sku),
          UpdateExpression: 'SET stock = stock + holds.#o REMOVE holds.#o',
          ConditionExpression: 'attribute_exists(holds.#o)',
          ExpressionAttributeNames: { '#o': orderId },
        }),
      );
      return true;
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) return false;
      throw err;
    }
  }

  async commit(sku: string, orderId: string): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: productKey(sku),
        UpdateExpression: 'REMOVE holds.#o',
        ExpressionAttributeNames: { '#o': orderId },
      }),
    );
  }

  async listHolds(): Promise<StockHold[]> {
    const res = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :s AND begins_with(sk, :p)',
        ExpressionAttributeValues: { ':s': 'STORE', ':p': 'PRODUCT#' },
        ConsistentRead: true,
      }),
    );
    return (res.Items ?? []).flatMap((p) =>
      Object.entries((p.holds ?? {}) as Record<string, number>).map(([orderId, qty]) => ({
        sku: p.sku as string,
        orderId,
        qty,
      })),
    );
  }

  /** Products first, profile last: the profile marks a complete seed, so a crash mid-way is finished next start. */
  async seed(store: Store, products: Product[]): Promise<boolean> {
    const existing = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: storeKey, ConsistentRead: true }),
    );
    if (existing.Item) return false;
    for (const p of products) {
      try {
        await this.doc.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { ...productKey(p.sku), ...p, holds: {} },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
      } catch (err) {
        if (!(err instanceof ConditionalCheckFailedException)) throw err;
      }
    }
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: { ...storeKey, ...store } }));
    return true;
  }
}
