// Changes the delivery address before dispatch: re-prices the delivery and charges or refunds the difference.
import { quoteDeliveryFee } from './delivery-fee.ts';
import type { OrderDeps } from './deps.ts';
import { ConcurrentUpdate, OrderBeingProcessed, OrderNotFound, OutOfDeliveryArea, PaymentDeclined } from './errors.ts';
import { buildOrderNotification } from './order-notification.ts';
import { assertAddressChangeAllowed, paidAmount, refundPlan, type Address, type Charge, type Order, type Refund } from './order.ts';

export async function changeAddress(deps: OrderDeps, orderId: string, address: Address): Promise<Order> {
  const order = await deps.orders.get(orderId);
  if (!order) throw new OrderNotFound(orderId);
  if (order.status === 'RECEIVED') throw new OrderBeingProcessed();
  assertAddressChangeAllowed(order);

  const store = await deps.catalog.getStore();
  const quote = quoteDeliveryFee(store, address);
  if (!quote.inArea) throw new OutOfDeliveryArea(quote.distanceKm, store.deliveryRadiusKm);

  const total = order.subtotal + quote.fee;
  const delta = total - paidAmount(order);
  // Keys are tied to the version read, so a retried request for this same change never moves money twice.
  const key = `${orderId}:address:v${order.version}`;
  const charges: Charge[] = [...order.charges];
  const refunds: Refund[] = [...order.refunds];
  if (delta > 0) {
    const res = await deps.payments.charge({
      amount: delta, currency: 'BRL', method: order.payment.method, token: order.payment.token,
      idempotencyKey: `${key}:charge`, description: `Delivery fee difference, order ${orderId}`,
    });
    if (!res.approved) throw new PaymentDeclined(res.declineCode);
    charges.push({ chargeId: res.chargeId, amount: delta, idempotencyKey: `${key}:charge` });
  } else if (delta < 0) {
    for (const p of refundPlan(order, -delta)) {
      const idempotencyKey = `${key}:refund:${p.chargeId}`;
      const { refundId } = await deps.payments.refund({ chargeId: p.chargeId, amount: p.amount, idempotencyKey });
      refunds.push({ refundId, chargeId: p.chargeId, amount: p.amount, idempotencyKey });
    }
  }

  const updated: Order = { ...order, address, deliveryFee: quote.fee, distanceKm: quote.distanceKm, total, charges, refunds };
  let saved: Order;
  try {
    saved = await deps.orders.save(updated);
  } catch (err) {
    if (!(err instanceof ConcurrentUpdate)) throw err;
    // Someone changed the order meanwhile (e.g. it was dispatched): give back the difference we just took.
    const extra = charges.slice(order.charges.length)[0];
    if (extra) await deps.payments.refund({ chargeId: extra.chargeId, amount: extra.amount, idempotencyKey: `${key}:undo` });
    throw err;
  }
  await deps.events.publish(buildOrderNotification('ADDRESS_CHANGED', saved, deps.clock.now()));
  return saved;
}
