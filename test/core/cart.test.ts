// The chat cart: quantity rules against live stock and limits, immutable updates, and pricing in the customer's
// language.
import { describe, expect, it } from 'vitest';
import { type CartLine, checkQuantity, priceCart, setCartQuantity } from '../../core/cart.ts';
import type { Product } from '../../core/catalog.ts';
import { DEMO_PRODUCTS } from '../support/demo-store.ts';

const product = (sku: string, stock?: number): Product => {
  const p = DEMO_PRODUCTS.find((x) => x.sku === sku)!;
  return stock === undefined ? p : { ...p, stock };
};

describe('checkQuantity', () => {
  it('allows adding while stock and the per-line limit allow', () => {
    // Act / Assess
    expect(checkQuantity([], 'ACAI-300', 1, product('ACAI-300'))).toEqual({ ok: true });
    expect(checkQuantity([{ sku: 'ACAI-300', qty: 49 }], 'ACAI-300', 50, product('ACAI-300', 60))).toEqual({
      ok: true,
    });
  });

  it('refuses sold-out, unknown, over-stock and over-limit quantities with the reason', () => {
    // Act / Assess
    expect(checkQuantity([], 'MATE-500', 1, product('MATE-500', 0))).toEqual({ ok: false, reason: 'UNAVAILABLE' });
    expect(checkQuantity([], 'NOPE', 1, undefined)).toEqual({ ok: false, reason: 'UNKNOWN_SKU' });
    expect(checkQuantity([{ sku: 'MATE-500', qty: 2 }], 'MATE-500', 3, product('MATE-500', 2))).toEqual({
      ok: false,
      reason: 'OVER_STOCK',
      stock: 2,
    });
    expect(checkQuantity([{ sku: 'ACAI-300', qty: 50 }], 'ACAI-300', 51, product('ACAI-300', 100))).toEqual({
      ok: false,
      reason: 'OVER_LIMIT',
      max: 50,
    });
    expect(checkQuantity([], 'ACAI-300', 1.5, product('ACAI-300'))).toMatchObject({ ok: false, reason: 'OVER_LIMIT' });
  });

  it('always allows lowering or removing, even when the item sold out meanwhile', () => {
    // Prepare
    const lines: CartLine[] = [{ sku: 'MATE-500', qty: 2 }];

    // Act / Assess
    expect(checkQuantity(lines, 'MATE-500', 1, product('MATE-500', 0))).toEqual({ ok: true });
    expect(checkQuantity(lines, 'MATE-500', 0, undefined)).toEqual({ ok: true });
  });

  it('refuses a 31st line (an order has at most 30)', () => {
    // Prepare
    const lines = Array.from({ length: 30 }, (_, i) => ({ sku: `SKU-${i}`, qty: 1 }));

    // Act / Assess
    expect(checkQuantity(lines, 'ACAI-300', 1, product('ACAI-300'))).toEqual({ ok: false, reason: 'TOO_MANY_LINES' });
    expect(checkQuantity(lines, 'SKU-3', 2, { ...product('ACAI-300'), sku: 'SKU-3' })).toEqual({ ok: true });
  });
});

describe('setCartQuantity', () => {
  it('adds new lines last, changes in place, removes at 0, and never mutates its input', () => {
    // Prepare
    const lines: CartLine[] = [
      { sku: 'A', qty: 1 },
      { sku: 'B', qty: 2 },
    ];
    const before = structuredClone(lines);

    // Act
    const added = setCartQuantity(lines, 'C', 3);
    const changed = setCartQuantity(lines, 'A', 5);
    const removed = setCartQuantity(lines, 'B', 0);

    // Assess
    expect(added).toEqual([
      { sku: 'A', qty: 1 },
      { sku: 'B', qty: 2 },
      { sku: 'C', qty: 3 },
    ]);
    expect(changed).toEqual([
      { sku: 'A', qty: 5 },
      { sku: 'B', qty: 2 },
    ]);
    expect(removed).toEqual([{ sku: 'A', qty: 1 }]);
    expect(lines).toEqual(before);
  });
});

describe('priceCart', () => {
  it('prices lines at the live price, names them in the language, and flags lines stock no longer covers', () => {
    // Prepare
    const products = [product('ACAI-300'), product('MATE-500', 1)];
    const lines: CartLine[] = [
      { sku: 'ACAI-300', qty: 2 },
      { sku: 'MATE-500', qty: 2 },
      { sku: 'GONE-1', qty: 1 },
    ];

    // Act
    const priced = priceCart(lines, products, 'en');

    // Assess
    expect(priced.lines.map((l) => [l.name, l.lineTotal, l.available])).toEqual([
      ['Açaí bowl 300 ml with granola and banana', 3780, true],
      ['Iced mate tea with lime 500 ml', 1780, false],
      ['GONE-1', 0, false],
    ]);
    expect(priced.subtotal).toBe(3780 + 1780);
    expect(priced.itemCount).toBe(5);
    expect(priced.unavailable.map((l) => l.sku)).toEqual(['MATE-500', 'GONE-1']);
  });
});
