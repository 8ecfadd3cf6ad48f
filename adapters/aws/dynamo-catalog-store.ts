// CatalogStore on DynamoDB: store profile and products in one partition; stock holds as atomic conditional updates,
// a store package applied without touching live stock, holds or the live state (pause, kitchen delay).
import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Product, Store, StoreApplyResult, StorePackage } from '../../core/catalog.ts';
import { ErrorCode, StoreNotSetUp, ValidationError } from '../../core/errors.ts';
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
    if (!res.Item) throw new StoreNotSetUp();
    const { pk: _pk, sk: _sk, ...store } = res.Item;
    return store as Store;
  }

  async listProducts(): Promise<Product[]> {
    // In the file's order (its `position`), which is the menu's: the table's own order is by sku.
    const at = (p: Record<string, unknown>) => (typeof p.position === 'number' ? p.position : Number.MAX_SAFE_INTEGER);
    return (await this.productItems())
      .filter((p) => !p.retired)
      .sort((a, b) => at(a) - at(b))
      .map(toProduct);
  }

  private async productItems(): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const res = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :s AND begins_with(sk, :p)',
          ExpressionAttributeValues: { ':s': 'STORE', ':p': 'PRODUCT#' },
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      items.push(...(res.Items ?? []));
      start = res.LastEvaluatedKey;
    } while (start);
    return items;
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
    }
    // Stock is short, this order already holds it (a retried step), or the item is untracked.
    const res = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: productKey(sku), ConsistentRead: true }),
    );
    if (res.Item?.holds?.[orderId] !== undefined) return true;
    if (!res.Item || res.Item.stock !== undefined || res.Item.retired) return false;
    try {
      // Untracked: the hold is recorded (release and the ledger check see it) and no stock moves.
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: productKey(sku),
          UpdateExpression: 'SET holds.#o = :q',
          ConditionExpression:
            'attribute_exists(pk) AND attribute_not_exists(stock) AND attribute_not_exists(holds.#o)',
          ExpressionAttributeNames: { '#o': orderId },
          ExpressionAttributeValues: { ':q': qty },
        }),
      );
      return true;
    } catch (err) {
      if (!(err instanceof ConditionalCheckFailedException)) throw err;
      return this.hold(sku, orderId, qty);
    }
  }

  async release(sku: string, orderId: string): Promise<boolean> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: productKey(sku),
          UpdateExpression: 'SET stock = stock + holds.#o REMOVE holds.#o',
          ConditionExpression: 'attribute_exists(holds.#o) AND attribute_exists(stock)',
          ExpressionAttributeNames: { '#o': orderId },
        }),
      );
      return true;
    } catch (err) {
      if (!(err instanceof ConditionalCheckFailedException)) throw err;
    }
    try {
      // An untracked item: only the hold goes (there is no count to give the units back to).
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: productKey(sku),
          UpdateExpression: 'REMOVE holds.#o',
          ConditionExpression: 'attribute_exists(holds.#o) AND attribute_not_exists(stock)',
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
    return (await this.productItems()).flatMap((p) =>
      Object.entries((p.holds ?? {}) as Record<string, number>).map(([orderId, qty]) => ({
        sku: p.sku as string,
        orderId,
        qty,
      })),
    );
  }

  /** Products first, profile last: a first apply cut short leaves no profile, so the next start applies it again. */
  async applyStore(pkg: StorePackage, opts: { restock?: boolean } = {}): Promise<StoreApplyResult> {
    const existing = new Map((await this.productItems()).map((p) => [p.sku as string, p]));
    const result: StoreApplyResult = { added: 0, updated: 0, retired: 0, restocked: 0 };
    for (const [position, p] of pkg.products.entries()) {
      const before = existing.get(p.sku);
      existing.delete(p.sku);
      if (before) result.updated++;
      else result.added++;
      const set = [
        'sku = :sku',
        '#n = :name',
        'category = :cat',
        'price = :price',
        '#pos = :pos',
        'holds = if_not_exists(holds, :none)',
      ];
      const remove = ['retired'];
      const values: Record<string, unknown> = {
        ':sku': p.sku,
        ':name': p.name,
        ':cat': p.category,
        ':price': p.price,
        ':pos': position,
        ':none': {},
      };
      if (p.allergens) {
        set.push('allergens = :al');
        values[':al'] = p.allergens;
      } else remove.push('allergens');
      if (p.synonyms?.length) {
        set.push('synonyms = :syn');
        values[':syn'] = p.synonyms;
      } else remove.push('synonyms');
      if (p.stock === null) remove.push('stock');
      else {
        // The file's stock seeds a new item; afterwards stock is live data, reset only by an explicit restock.
        set.push(opts.restock ? 'stock = :stock' : 'stock = if_not_exists(stock, :stock)');
        values[':stock'] = p.stock;
        if (opts.restock && before) result.restocked++;
      }
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: productKey(p.sku),
          UpdateExpression: `SET ${set.join(', ')} REMOVE ${remove.join(', ')}`,
          ExpressionAttributeNames: { '#n': 'name', '#pos': 'position' },
          ExpressionAttributeValues: values,
        }),
      );
    }
    for (const [sku, item] of existing) {
      if (item.retired) continue;
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: productKey(sku),
          UpdateExpression: 'SET retired = :t',
          ExpressionAttributeValues: { ':t': true },
        }),
      );
      result.retired++;
    }
    const { store } = pkg;
    const profile: Record<string, unknown> = {
      name: store.name,
      lat: store.lat,
      lon: store.lon,
      deliveryRadiusKm: store.deliveryRadiusKm,
      currency: store.currency,
      fee: store.fee,
      timezone: store.timezone,
      hours: store.hours,
      prepMinutes: store.prepMinutes,
      payments: store.payments,
      categories: store.categories,
      phone: store.phone,
      teamHours: store.teamHours,
      country: store.country,
      stageOverdueMinutes: store.stageOverdueMinutes,
    };
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    const set: string[] = [];
    const remove: string[] = [];
    for (const [key, value] of Object.entries(profile)) {
      names[`#${key}`] = key;
      if (value === undefined) remove.push(`#${key}`);
      else {
        set.push(`#${key} = :${key}`);
        values[`:${key}`] = value;
      }
    }
    // pausedUntil and delayMinutes are live state: an apply never names them.
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: storeKey,
        UpdateExpression: `SET ${set.join(', ')}${remove.length ? ` REMOVE ${remove.join(', ')}` : ''}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    );
    return result;
  }

  async setStock(sku: string, stock: number | null): Promise<Product> {
    return this.updateProduct(
      sku,
      stock === null
        ? { UpdateExpression: 'REMOVE stock' }
        : { UpdateExpression: 'SET stock = :s', ExpressionAttributeValues: { ':s': stock } },
    );
  }

  async addStock(sku: string, units: number): Promise<Product> {
    try {
      return await this.updateProduct(sku, {
        UpdateExpression: 'SET stock = stock + :n',
        ConditionExpression:
          'attribute_exists(pk) AND attribute_exists(stock) AND (attribute_not_exists(retired) OR retired = :f)',
        ExpressionAttributeValues: { ':n': units, ':f': false },
      });
    } catch (err) {
      if (err instanceof ValidationError && err.code === ErrorCode.UnknownSku) {
        const res = await this.doc.send(
          new GetCommand({ TableName: this.tableName, Key: productKey(sku), ConsistentRead: true }),
        );
        if (res.Item && !res.Item.retired)
          throw new ValidationError(ErrorCode.InvalidStoreControl, `${sku} has no stock count to add to`, { sku });
      }
      throw err;
    }
  }

  private async updateProduct(
    sku: string,
    update: {
      UpdateExpression: string;
      ConditionExpression?: string;
      ExpressionAttributeValues?: Record<string, unknown>;
    },
  ): Promise<Product> {
    try {
      const res = await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: productKey(sku),
          ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(retired) OR retired = :f)',
          ...update,
          ExpressionAttributeValues: { ':f': false, ...update.ExpressionAttributeValues },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return toProduct(res.Attributes ?? {});
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException)
        throw new ValidationError(ErrorCode.UnknownSku, `Unknown sku: ${sku}`, { sku });
      throw err;
    }
  }

  async setPause(until: Date | null): Promise<Store> {
    return this.updateProfile(
      until
        ? { UpdateExpression: 'SET pausedUntil = :u', ExpressionAttributeValues: { ':u': until.toISOString() } }
        : { UpdateExpression: 'REMOVE pausedUntil' },
    );
  }

  async setDelay(minutes: number): Promise<Store> {
    return this.updateProfile(
      minutes > 0
        ? { UpdateExpression: 'SET delayMinutes = :d', ExpressionAttributeValues: { ':d': minutes } }
        : { UpdateExpression: 'REMOVE delayMinutes' },
    );
  }

  private async updateProfile(update: {
    UpdateExpression: string;
    ExpressionAttributeValues?: Record<string, unknown>;
  }) {
    try {
      const res = await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: storeKey,
          ConditionExpression: 'attribute_exists(pk)',
          ReturnValues: 'ALL_NEW',
          ...update,
        }),
      );
      const { pk: _pk, sk: _sk, ...store } = res.Attributes ?? {};
      return store as Store;
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) throw new StoreNotSetUp();
      throw err;
    }
  }
}

/** The product as core sees it: an absent stock attribute is an untracked item. */
function toProduct(item: Record<string, unknown>): Product {
  const { sku, name, category, price, stock, allergens, synonyms } = item as unknown as Product & { stock?: number };
  return {
    sku,
    name,
    category,
    price,
    stock: typeof stock === 'number' ? stock : null,
    ...(Array.isArray(allergens) ? { allergens } : {}),
    ...(Array.isArray(synonyms) ? { synonyms } : {}),
  };
}
