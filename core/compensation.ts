// Undoes an order's side effects: releases stock holds and refunds every unrefunded charge. Safe to run any number of times.
import type { OrderDeps } from './deps.ts';
import { OrderNotFound } from './errors.ts';
import { paidAmount, refundPlan, type Order } from './order.ts';
import { mutateOrder } from './order-mutation.ts';

export async function compensate(deps: OrderDeps, orderId: string): Promise<Order> {
  const order = await deps.orders.get(orderId);
  if (!order) throw new OrderNotFound(orderId);
  for (const line of order.items) await deps.catalog.release(line.sku, orderId);

  const { after } = await mutateOrder(deps, orderId, async (o) => {
    const plan = refundPlan(o, paidAmount(o));
    if (plan.length === 0) return o;
    const refunds = [...o.refunds];
    for (const p of plan) {
      // The key names the charge and what was left of it, so a re-run after a crash or conflict gets the same refund back.
      const idempotencyKey = `${p.chargeId}:refund-rest-${p.remaining}`;
      const { refundId } = await deps.payments.refund({ chargeId: p.chargeId, amount: p.amount, idempotencyKey });
      refunds.push({ refundId, chargeId: p.chargeId, amount: p.amount, idempotencyKey });
    }
    return { ...o, refunds };
  });
  return after;
}
