// Read-modify-write of one order under optimistic locking, re-reading on conflict a bounded number of times.
import type { OrderDeps } from './deps.ts';
import { ConcurrentUpdate, OrderNotFound } from './errors.ts';
import type { Order } from './order.ts';

/**
 * Applies `change` to the latest order and saves it. `change` may throw a domain error to refuse, or return the
 * same object to mean "nothing to write". Side effects inside `change` must be idempotent: it can run again on
 * conflict.
 */
export async function mutateOrder(
  deps: Pick<OrderDeps, 'orders'>,
  orderId: string,
  change: (o: Order) => Order | Promise<Order>,
  attempts = 5,
): Promise<{ before: Order; after: Order }> {
  for (let i = 0; ; i++) {
    const before = await deps.orders.get(orderId);
    if (!before) throw new OrderNotFound(orderId);
    const changed = await change(before);
    if (changed === before) return { before, after: before };
    try {
      return { before, after: await deps.orders.save(changed) };
    } catch (err) {
      if (!(err instanceof ConcurrentUpdate) || i + 1 >= attempts) throw err;
    }
  }
}
