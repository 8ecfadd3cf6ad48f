// DynamoCatalogStore against dynalite: seeding, and stock holds that never oversell and are safe to repeat.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoCatalogStore } from '../../../adapters/aws/dynamo-catalog-store.ts';
import { DEMO_PRODUCTS, DEMO_STORE, type Product } from '../../../core/catalog.ts';
import { freshTable } from '../../support/dynalite-table.ts';

let db: Awaited<ReturnType<typeof freshTable>>;
let catalog: DynamoCatalogStore;
const stock = async (sku: string) => (await catalog.listProducts()).find((p) => p.sku === sku)!.stock;

beforeAll(async () => {
  db = await freshTable();
  catalog = new DynamoCatalogStore(db.client, db.tableName);
});
afterAll(async () => {
  await db.close();
});

describe('DynamoCatalogStore', () => {
  it('seeds the store and products once; a second seed changes nothing', async () => {
    expect(await catalog.seed(DEMO_STORE, DEMO_PRODUCTS)).toBe(true);
    await catalog.hold('ACAI-300', 'ORDER1', 3);
    expect(await catalog.seed(DEMO_STORE, DEMO_PRODUCTS)).toBe(false);
    expect(await catalog.getStore()).toEqual(DEMO_STORE);
    expect((await catalog.listProducts()).map((p) => p.sku).sort()).toEqual(DEMO_PRODUCTS.map((p) => p.sku).sort());
    expect(await stock('ACAI-300')).toBe(37);
  });

  it('holds idempotently per order, refuses a short hold, and releases only once', async () => {
    expect(await catalog.hold('MATE-500', 'A', 2)).toBe(true);
    expect(await catalog.hold('MATE-500', 'A', 2)).toBe(true); // a retried step: no second decrement
    expect(await stock('MATE-500')).toBe(0);
    expect(await catalog.hold('MATE-500', 'B', 1)).toBe(false);
    expect(await catalog.release('MATE-500', 'A')).toBe(true);
    expect(await catalog.release('MATE-500', 'A')).toBe(false);
    expect(await stock('MATE-500')).toBe(2);
  });

  it('commit turns a hold into a sale: a later release gives nothing back', async () => {
    await catalog.hold('BRIGADEIRO-4', 'C', 5);
    await catalog.commit('BRIGADEIRO-4', 'C');
    expect(await catalog.release('BRIGADEIRO-4', 'C')).toBe(false);
    expect(await stock('BRIGADEIRO-4')).toBe(10);
  });

  it('lets exactly `stock` of 50 concurrent single-unit holds succeed', async () => {
    const sku = 'PIZZA-PORT';
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => catalog.hold(sku, `P${i}`, 1)));
    expect(results.filter(Boolean)).toHaveLength(10);
    expect(await stock(sku)).toBe(0);
  });

  it('does not hold an unknown sku', async () => {
    expect(await catalog.hold('NOPE', 'D', 1)).toBe(false);
    const all: Product[] = await catalog.listProducts();
    expect(all.find((p) => p.sku === 'NOPE')).toBeUndefined();
  });
});
