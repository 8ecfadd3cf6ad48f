// The money and stock invariant between the orders, the payment provider's books and the product holds: what
// `doctor` prints and the chaos and race tests assert. Pure: the caller reads the data.
import type { Product } from './catalog.ts';
import { formatMoney } from './lang.ts';
import { endedUndelivered, intentsOf, type Order, paidAmount, paidOnDelivery } from './order.ts';
import type { CatalogStore, OrderRepository, PaymentBook, PaymentRecord, StockHold } from './ports.ts';

export type ViolationCode =
  | 'CHARGE_NOT_IN_BOOKS'
  | 'REFUND_NOT_IN_BOOKS'
  | 'AMOUNT_DIFFERS'
  | 'MONEY_NOT_ON_ORDER'
  | 'MONEY_WITHOUT_ORDER'
  | 'NET_DIFFERS'
  | 'REFUNDED_MORE_THAN_CHARGED'
  | 'ENDED_WITH_MONEY_KEPT'
  | 'PAID_DIFFERS_FROM_TOTAL'
  | 'CASH_CHARGED'
  | 'UNSETTLED_WORK'
  | 'ORPHAN_HOLD'
  | 'HOLD_ON_CLOSED_ORDER'
  | 'HOLD_DIFFERS'
  | 'LINE_NOT_HELD'
  | 'NEGATIVE_STOCK';

export interface Violation {
  code: ViolationCode;
  orderId?: string;
  sku?: string;
  message: string;
}

export interface LedgerSnapshot {
  orders: Order[];
  /** The provider's books: every operation, keyed by the idempotency key it was asked with. */
  records: PaymentRecord[];
  holds: StockHold[];
  products: Pick<Product, 'sku' | 'stock'>[];
}

/** Reads everything the invariant compares, through the ports: orders, the provider's books, holds and stock. */
export async function readLedgerSnapshot(src: {
  orders: OrderRepository;
  catalog: CatalogStore;
  book: PaymentBook;
}): Promise<LedgerSnapshot> {
  const orders: Order[] = [];
  for await (const page of src.orders.listAll()) orders.push(...page);
  const [records, holds, products] = await Promise.all([
    src.book.listRecords(),
    src.catalog.listHolds(),
    src.catalog.listProducts(),
  ]);
  return { orders, records, holds, products };
}

const money = (c: number) => formatMoney(c, 'en');
/** The simulated provider keys its books `charge:<key>` / `refund:<key>`; the order records the bare key. */
const bareKey = (r: PaymentRecord) => r.idempotencyKey.replace(/^(charge|refund):/, '');
/** Statuses that hold their stock: an order waiting for its Pix or checkout keeps its units until paid or expired. */
const HELD_STATUSES = new Set(['RECEIVED', 'AWAITING_PAYMENT', 'CONFIRMED', 'PREPARING']);
/**
 * Only an approved charge is money. A pending Pix or checkout, one cancelled (expired, or the order cancelled while
 * it waited) and a decline moved nothing; records from before payments could wait have no status and go by `approved`.
 */
const isMoney = (r: PaymentRecord) => r.kind === 'refund' || (r.approved && (r.status ?? 'approved') === 'approved');

/**
 * For every order: the provider's net (approved charges minus refunds) equals what the order says was paid, operation
 * by operation; an order that ended undelivered keeps nothing (a payment that landed after it ended is recorded and
 * refunded, which nets to nothing); a paid order past payment has paid its total; cash
 * never reaches the provider. For every product: its holds belong to open orders, line for line.
 */
export function checkLedgerInvariant(snap: LedgerSnapshot): Violation[] {
  const out: Violation[] = [];
  const byOrder = new Map<string, PaymentRecord[]>();
  for (const r of snap.records) {
    if (!isMoney(r)) continue;
    byOrder.set(r.orderId, [...(byOrder.get(r.orderId) ?? []), r]);
  }
  const orders = new Map(snap.orders.map((o) => [o.orderId, o]));
  for (const o of snap.orders) out.push(...checkOrderMoney(o, byOrder.get(o.orderId) ?? []));
  for (const [orderId, records] of byOrder) {
    if (!orders.has(orderId)) {
      out.push({
        code: 'MONEY_WITHOUT_ORDER',
        orderId,
        message: `the provider has ${records.length} operation(s) for an order that does not exist`,
      });
    }
  }
  out.push(...checkHolds(snap, orders));
  return out;
}

function checkOrderMoney(o: Order, books: PaymentRecord[]): Violation[] {
  const out: Violation[] = [];
  const v = (code: ViolationCode, message: string) => out.push({ code, orderId: o.orderId, message });
  const booked = new Map(books.map((r) => [`${r.kind}:${bareKey(r)}`, r]));
  for (const c of o.charges) {
    const r = booked.get(`charge:${c.idempotencyKey}`);
    if (!r)
      v(
        'CHARGE_NOT_IN_BOOKS',
        `charge ${c.chargeId} of ${money(c.amount)} (key ${c.idempotencyKey}) is not in the provider's books`,
      );
    else if (r.amount !== c.amount || r.chargeId !== c.chargeId)
      v(
        'AMOUNT_DIFFERS',
        `charge key ${c.idempotencyKey}: order says ${money(c.amount)} (${c.chargeId}), provider ${money(r.amount)} (${r.chargeId})`,
      );
  }
  for (const f of o.refunds) {
    const r = booked.get(`refund:${f.idempotencyKey}`);
    if (!r)
      v('REFUND_NOT_IN_BOOKS', `refund of ${money(f.amount)} (key ${f.idempotencyKey}) is not in the provider's books`);
    else if (r.amount !== f.amount || r.chargeId !== f.chargeId)
      v('AMOUNT_DIFFERS', `refund key ${f.idempotencyKey}: order says ${money(f.amount)}, provider ${money(r.amount)}`);
  }
  const onOrder = new Set([
    ...o.charges.map((c) => `charge:${c.idempotencyKey}`),
    ...o.refunds.map((f) => `refund:${f.idempotencyKey}`),
  ]);
  const pending = new Set(intentsOf(o).map((i) => `${i.kind}:${i.idempotencyKey}`));
  for (const [k, r] of booked) {
    if (onOrder.has(k)) continue;
    v(
      pending.has(k) ? 'UNSETTLED_WORK' : 'MONEY_NOT_ON_ORDER',
      `the provider has a ${r.kind} of ${money(r.amount)} (key ${bareKey(r)}) that the order does not record${pending.has(k) ? ' yet: its intent is pending, the next settle records it' : ''}`,
    );
  }
  const net = books.reduce((s, r) => s + (r.kind === 'charge' ? r.amount : -r.amount), 0);
  if (net !== paidAmount(o))
    v('NET_DIFFERS', `the provider holds ${money(net)} net, the order says ${money(paidAmount(o))} was paid`);
  for (const c of o.charges) {
    const back = o.refunds.filter((f) => f.chargeId === c.chargeId).reduce((s, f) => s + f.amount, 0);
    if (back > c.amount)
      v('REFUNDED_MORE_THAN_CHARGED', `charge ${c.chargeId}: ${money(back)} refunded on ${money(c.amount)} charged`);
  }
  if (paidOnDelivery(o) && (o.charges.length > 0 || books.length > 0))
    v('CASH_CHARGED', 'a cash order reached the payment provider');
  if (intentsOf(o).length > 0 || (o.outbox?.events.length ?? 0) + (o.outbox?.claimed?.events.length ?? 0) > 0) {
    v(
      'UNSETTLED_WORK',
      `committed work not finished: ${
        intentsOf(o)
          .map((i) => `${i.kind} ${money(i.amount)}`)
          .join(', ') || 'no money'
      }; events ${[...(o.outbox?.events ?? []), ...(o.outbox?.claimed?.events ?? [])].join(', ') || 'none'} (the next start finishes it)`,
    );
  } else if (endedUndelivered(o.status) && paidAmount(o) !== 0) {
    v('ENDED_WITH_MONEY_KEPT', `${o.status} but ${money(paidAmount(o))} is still paid`);
  } else if (
    !paidOnDelivery(o) &&
    ['CONFIRMED', 'PREPARING', 'OUT_FOR_DELIVERY', 'DELIVERED'].includes(o.status) &&
    paidAmount(o) !== o.total
  ) {
    v('PAID_DIFFERS_FROM_TOTAL', `${o.status} with a total of ${money(o.total)} but ${money(paidAmount(o))} paid`);
  }
  return out;
}

function checkHolds(snap: LedgerSnapshot, orders: Map<string, Order>): Violation[] {
  const out: Violation[] = [];
  for (const p of snap.products)
    if (p.stock !== null && p.stock < 0)
      out.push({ code: 'NEGATIVE_STOCK', sku: p.sku, message: `stock is ${p.stock}` });
  const held = new Set<string>();
  for (const h of snap.holds) {
    held.add(`${h.orderId}:${h.sku}`);
    const o = orders.get(h.orderId);
    const v = (code: ViolationCode, message: string) => out.push({ code, orderId: h.orderId, sku: h.sku, message });
    if (!o) {
      v('ORPHAN_HOLD', `${h.qty} unit(s) held for an order that does not exist`);
      continue;
    }
    if (!HELD_STATUSES.has(o.status)) {
      v('HOLD_ON_CLOSED_ORDER', `${h.qty} unit(s) still held by a ${o.status} order`);
      continue;
    }
    const line = o.items.find((l) => l.sku === h.sku);
    if (!line || line.qty !== h.qty) v('HOLD_DIFFERS', `${h.qty} unit(s) held, the order has ${line?.qty ?? 0}`);
  }
  for (const o of snap.orders) {
    if (o.status !== 'CONFIRMED' && o.status !== 'PREPARING') continue;
    for (const l of o.items) {
      if (!held.has(`${o.orderId}:${l.sku}`))
        out.push({
          code: 'LINE_NOT_HELD',
          orderId: o.orderId,
          sku: l.sku,
          message: `${o.status} but its ${l.qty} unit(s) are not held`,
        });
    }
  }
  return out;
}
