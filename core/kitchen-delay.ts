// Tells every customer whose order is still in the kitchen, once, that the kitchen runs late: the delay staff set.
import type { OrderDeps } from './deps.ts';
import { type OrderStatus, withOutboxEvent } from './order.ts';
import { mutateOrder } from './order-mutation.ts';
import { settleOrder } from './settle-order.ts';

/**
 * The orders a kitchen delay still changes: confirmed and not yet out of the door. A RECEIVED order is seconds from
 * being confirmed or refused (a "late" message before a refusal would only confuse), and an order out for delivery
 * has left the kitchen.
 */
export const DELAYED_STATUSES: readonly OrderStatus[] = ['CONFIRMED', 'PREPARING'];

/** More open orders than a shop's kitchen holds at once; the status index lists the earliest first. */
const MAX_ORDERS_PER_STATUS = 500;

/**
 * Records the delay on each order in the kitchen that was not told about this much delay yet, with a KITCHEN_DELAY
 * event in its outbox, and publishes it (settleOrder publishes the outbox). The record is what makes it once: the
 * same or a smaller delay set again is not told, a bigger one is, and a crash before publishing leaves the event in
 * the outbox for the next settler. One order failing never stops the others, nor the control. Returns how many orders
 * were told.
 */
export async function announceKitchenDelay(deps: OrderDeps, minutes: number): Promise<number> {
  if (minutes <= 0) return 0;
  let told = 0;
  for (const status of DELAYED_STATUSES) {
    const { orders } = await deps.orders.listByStatus(status, MAX_ORDERS_PER_STATUS);
    for (const { orderId } of orders) {
      try {
        const { before, after } = await mutateOrder(deps, orderId, (o) => {
          if (!DELAYED_STATUSES.includes(o.status) || (o.delayNotice?.minutes ?? 0) >= minutes) return o;
          const noticed = { ...o, delayNotice: { minutes, at: deps.clock.now().toISOString() } };
          return withOutboxEvent(noticed, 'KITCHEN_DELAY');
        });
        if (after === before) continue;
        told++;
        await settleOrder(deps, orderId);
      } catch (err) {
        deps.log.warn('could not tell a customer about the kitchen delay', { orderId, minutes, error: err });
      }
    }
  }
  return told;
}
