// A chat customer's cart before checkout: quantities per sku, checked against the live catalog and priced.
import { isAvailable, type Product } from './catalog.ts';
import type { Lang } from './lang.ts';
import { MAX_LINES, MAX_QTY_PER_LINE } from './order-request.ts';

/** What the customer picked: a sku and how many. */
export interface CartLine {
  sku: string;
  qty: number;
}

/** A cart line as shown to the customer: named in their language, priced, and checked against stock. */
export interface PricedCartLine extends CartLine {
  name: string;
  /** Unit price in centavos. */
  price: number;
  lineTotal: number;
  /** False when the product left the catalog or its stock no longer covers `qty`. */
  available: boolean;
  /** Units left; null when the store does not track the item. */
  stock: number | null;
}

/** The cart as shown and checked before checkout; `unavailable` blocks checkout until the customer adjusts it. */
export interface PricedCart {
  lines: PricedCartLine[];
  subtotal: number;
  itemCount: number;
  unavailable: PricedCartLine[];
}

/**
 * Why a quantity cannot be set. Checked before the cart changes, so the customer hears the reason at once
 * instead of at checkout; the workflow still reserves stock for real when the order is placed.
 */
export type QuantityCheck =
  | { ok: true }
  | { ok: false; reason: 'UNKNOWN_SKU' | 'UNAVAILABLE' | 'TOO_MANY_LINES' }
  | { ok: false; reason: 'OVER_STOCK'; stock: number }
  | { ok: false; reason: 'OVER_LIMIT'; max: number };

/** Units in the cart, for the cart button's badge. */
export const cartItemCount = (lines: readonly CartLine[]) => lines.reduce((n, l) => n + l.qty, 0);

/** The quantity of `sku` in the cart, 0 when absent. */
export function quantityOf(lines: readonly CartLine[], sku: string): number {
  return lines.find((l) => l.sku === sku)?.qty ?? 0;
}

/** Checks that `sku` may be set to `qty` (0 removes it, always allowed) given the live product. */
export function checkQuantity(
  lines: readonly CartLine[],
  sku: string,
  qty: number,
  product: Product | undefined,
): QuantityCheck {
  if (!Number.isInteger(qty) || qty < 0) return { ok: false, reason: 'OVER_LIMIT', max: MAX_QTY_PER_LINE };
  // Lowering a quantity is always fine, even when stock dropped below it meanwhile: it only helps.
  if (qty === 0 || qty < quantityOf(lines, sku)) return { ok: true };
  if (!product) return { ok: false, reason: 'UNKNOWN_SKU' };
  if (!isAvailable(product)) return { ok: false, reason: 'UNAVAILABLE' };
  if (qty > MAX_QTY_PER_LINE) return { ok: false, reason: 'OVER_LIMIT', max: MAX_QTY_PER_LINE };
  if (product.stock !== null && qty > product.stock) return { ok: false, reason: 'OVER_STOCK', stock: product.stock };
  if (quantityOf(lines, sku) === 0 && lines.length >= MAX_LINES) return { ok: false, reason: 'TOO_MANY_LINES' };
  return { ok: true };
}

/** Returns new lines with `sku` at `qty` (0 removes the line); the order of lines is kept, new ones go last. */
export function setCartQuantity(lines: readonly CartLine[], sku: string, qty: number): CartLine[] {
  if (qty <= 0) return lines.filter((l) => l.sku !== sku);
  if (lines.some((l) => l.sku === sku)) return lines.map((l) => (l.sku === sku ? { sku, qty } : { ...l }));
  return [...lines.map((l) => ({ ...l })), { sku, qty }];
}

/** Prices the cart with the live catalog: names in `lang`, current prices, and which lines stock no longer covers. */
export function priceCart(lines: readonly CartLine[], products: readonly Product[], lang: Lang): PricedCart {
  const bySku = new Map(products.map((p) => [p.sku, p]));
  const priced = lines.map((l): PricedCartLine => {
    const p = bySku.get(l.sku);
    if (!p) return { ...l, name: l.sku, price: 0, lineTotal: 0, available: false, stock: 0 };
    return {
      ...l,
      name: p.name[lang],
      price: p.price,
      lineTotal: p.price * l.qty,
      available: p.stock === null || p.stock >= l.qty,
      stock: p.stock,
    };
  });
  return {
    lines: priced,
    subtotal: priced.reduce((s, l) => s + l.lineTotal, 0),
    itemCount: cartItemCount(lines),
    unavailable: priced.filter((l) => !l.available),
  };
}
