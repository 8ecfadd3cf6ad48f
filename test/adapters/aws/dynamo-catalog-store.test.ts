// DynamoCatalogStore against dynalite: applying a store package without touching live stock, the staff controls, and
// stock holds that never oversell and are safe to repeat.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoCatalogStore } from '../../../adapters/aws/dynamo-catalog-store.ts';
import type { Product } from '../../../core/catalog.ts';
import { DEMO_PACKAGE, DEMO_PRODUCTS, DEMO_STORE } from '../../support/demo-store.ts';
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
  it('applies a store: the first apply writes everything; a second keeps live stock and holds', async () => {
    await expect(catalog.getStore()).rejects.toMatchObject({ code: 'STORE_NOT_SET_UP' });
    expect(await catalog.applyStore(DEMO_PACKAGE)).toEqual({ added: 10, updated: 0, retired: 0, restocked: 0 });
    await catalog.hold('ACAI-300', 'ORDER1', 3);
    expect(await catalog.applyStore(DEMO_PACKAGE)).toEqual({ added: 0, updated: 10, retired: 0, restocked: 0 });
    expect(await catalog.getStore()).toEqual(DEMO_STORE);
    expect((await catalog.listProducts()).map((p) => p.sku).sort()).toEqual(DEMO_PRODUCTS.map((p) => p.sku).sort());
    expect(await stock('ACAI-300')).toBe(37);
    expect(await catalog.listHolds()).toEqual([{ sku: 'ACAI-300', orderId: 'ORDER1', qty: 3 }]);
    expect(await catalog.release('ACAI-300', 'ORDER1')).toBe(true);
  });

  it('keeps the synonyms of an item, and drops them when the file does', async () => {
    await catalog.applyStore(DEMO_PACKAGE);
    const guarana = async () => (await catalog.listProducts()).find((p) => p.sku === 'GUARANA-350')!;
    expect((await guarana()).synonyms).toEqual(['refri', 'refrigerante', 'guaraná antarctica']);
    const without = DEMO_PACKAGE.products.map((p) => (p.sku === 'GUARANA-350' ? { ...p, synonyms: undefined } : p));
    await catalog.applyStore({ ...DEMO_PACKAGE, products: without as typeof DEMO_PACKAGE.products });
    expect((await guarana()).synonyms).toBeUndefined();
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

  describe('a store file that changes', () => {
    let other: DynamoCatalogStore;
    let close: () => Promise<void>;
    beforeAll(async () => {
      const t = await freshTable();
      other = new DynamoCatalogStore(t.client, t.tableName);
      close = t.close;
      await other.applyStore(DEMO_PACKAGE);
    });
    afterAll(() => close());
    const find = async (sku: string) => (await other.listProducts()).find((p) => p.sku === sku);

    it('follows names and prices, keeps the live pause and delay, retires dropped items and adds new ones', async () => {
      await other.hold('PIZZA-MARG', 'O1', 2);
      await other.setPause(new Date('2030-01-01T12:00:00Z'));
      await other.setDelay(20);
      const products: Product[] = [
        ...DEMO_PRODUCTS.filter((p) => p.sku !== 'PIZZA-MARG').map((p) =>
          p.sku === 'ACAI-300' ? { ...p, price: 1990, name: { ...p.name, en: 'Açaí 300 ml' } } : p,
        ),
        { sku: 'COXINHA', name: { 'pt-BR': 'Coxinha', en: 'Coxinha' }, category: 'dessert', price: 700, stock: null },
      ];
      const r = await other.applyStore({
        store: { ...DEMO_STORE, name: 'Açaí da Vila', phone: '+5521999990000' },
        products,
      });
      expect(r).toEqual({ added: 1, updated: 9, retired: 1, restocked: 0 });
      const store = await other.getStore();
      expect(store).toMatchObject({ name: 'Açaí da Vila', phone: '+5521999990000', delayMinutes: 20 });
      expect(store.pausedUntil).toBe('2030-01-01T12:00:00.000Z');
      expect(await find('ACAI-300')).toMatchObject({ price: 1990, name: { en: 'Açaí 300 ml' }, stock: 40 });
      expect(await find('PIZZA-MARG')).toBeUndefined();
      // The retired item's hold stays, and releasing it still gives the units back.
      expect(await other.listHolds()).toContainEqual({ sku: 'PIZZA-MARG', orderId: 'O1', qty: 2 });
      expect(await other.release('PIZZA-MARG', 'O1')).toBe(true);
      expect(await find('COXINHA')).toEqual({
        sku: 'COXINHA',
        name: { 'pt-BR': 'Coxinha', en: 'Coxinha' },
        category: 'dessert',
        price: 700,
        stock: null,
      });
      // A later apply without the phone removes it; the pause is still there.
      await other.applyStore({ store: DEMO_STORE, products });
      expect((await other.getStore()).phone).toBeUndefined();
      expect((await other.getStore()).pausedUntil).toBe('2030-01-01T12:00:00.000Z');
    });

    it('an untracked item is always available: holds are recorded, no count moves, release drops the hold', async () => {
      expect(await other.hold('COXINHA', 'O2', 50)).toBe(true);
      expect(await other.hold('COXINHA', 'O2', 50)).toBe(true);
      expect(await other.hold('COXINHA', 'O3', 99)).toBe(true);
      expect((await find('COXINHA'))!.stock).toBeNull();
      expect((await other.listHolds()).filter((h) => h.sku === 'COXINHA')).toHaveLength(2);
      expect(await other.release('COXINHA', 'O2')).toBe(true);
      expect(await other.release('COXINHA', 'O2')).toBe(false);
    });

    it('staff set stock, add units atomically, and restock resets to the file', async () => {
      await other.hold('ACAI-500', 'O4', 5);
      expect((await other.setStock('ACAI-500', 0)).stock).toBe(0);
      expect(await other.hold('ACAI-500', 'O5', 1)).toBe(false);
      await Promise.all(Array.from({ length: 10 }, () => other.addStock('ACAI-500', 1)));
      expect((await find('ACAI-500'))!.stock).toBe(10);
      await expect(other.addStock('COXINHA', 10)).rejects.toMatchObject({ code: 'INVALID_STORE_CONTROL' });
      await expect(other.setStock('NOPE', 3)).rejects.toMatchObject({ code: 'UNKNOWN_SKU' });
      await expect(other.setStock('PIZZA-MARG', 3)).rejects.toMatchObject({ code: 'UNKNOWN_SKU' });
      const r = await other.applyStore(DEMO_PACKAGE, { restock: true });
      expect(r.restocked).toBe(10);
      expect((await find('ACAI-500'))!.stock).toBe(30);
      // Restock sets the count on hand; the hold of the order in flight is untouched.
      expect(await other.listHolds()).toContainEqual({ sku: 'ACAI-500', orderId: 'O4', qty: 5 });
      expect(await find('PIZZA-MARG')).toMatchObject({ stock: 25 });
    });

    it('pause and delay are live state: resume and a zero delay clear them', async () => {
      expect((await other.setPause(null)).pausedUntil).toBeUndefined();
      expect((await other.setDelay(0)).delayMinutes).toBeUndefined();
      expect((await other.setDelay(15)).delayMinutes).toBe(15);
    });

    it('lists the menu in the order of the file, not the table order by sku', async () => {
      const reversed = [...DEMO_PRODUCTS].reverse();
      await other.applyStore({ store: DEMO_STORE, products: reversed });
      expect((await other.listProducts()).map((p) => p.sku)).toEqual(reversed.map((p) => p.sku));
      await other.applyStore(DEMO_PACKAGE);
      expect((await other.listProducts()).map((p) => p.sku)).toEqual(DEMO_PRODUCTS.map((p) => p.sku));
    });
  });
});
