// After a crash: finds the orders whose committed state still owes work (money, stock, events) and settles each, and
// puts back stock held for orders that do not exist. The local stack runs it at start-up, before it serves.
import type { OrderDeps } from './deps.ts';
import { endedUndelivered, hasUnpublishedEvents, intentsOf, type Order, paidAmount } from './order.ts';
import type { StockHold } from './ports.ts';
import { settleOrder } from './settle-order.ts';

/** True when settling `order` would change something: the cheap test that keeps the sweep from touching every order. */
export function owesWork(order: Order, holdsStock: boolean): boolean {
  if (intentsOf(order).length > 0 || hasUnpublishedEvents(order)) return true;
  if (endedUndelivered(order.status)) return paidAmount(order) !== 0 || holdsStock;
  return holdsStock && (order.status === 'OUT_FOR_DELIVERY' || order.status === 'DELIVERED');
}

export interface SweepResult {
  settled: string[];
  failed: { orderId: string; error: string }[];
  orphanHoldsReleased: number;
}

/** Settles every order that owes work; one order failing (its provider is down) does not stop the others. */
export async function settleStranded(deps: OrderDeps, orders: Order[], holds: StockHold[]): Promise<SweepResult> {
  const held = new Set(holds.map((h) => h.orderId));
  const known = new Set(orders.map((o) => o.orderId));
  const result: SweepResult = { settled: [], failed: [], orphanHoldsReleased: 0 };
  for (const order of orders) {
    if (!owesWork(order, held.has(order.orderId))) continue;
    try {
      // Nothing else runs during the sweep: no charge is in flight, and a claim on the outbox is a dead process's.
      await settleOrder(deps, order.orderId, { sendersGone: true });
      result.settled.push(order.orderId);
    } catch (err) {
      result.failed.push({ orderId: order.orderId, error: err instanceof Error ? err.message : String(err) });
    }
  }
  for (const h of holds) {
    if (known.has(h.orderId)) continue;
    if (await deps.catalog.release(h.sku, h.orderId)) result.orphanHoldsReleased++;
  }
  return result;
}
