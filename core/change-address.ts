// Changes the delivery address before dispatch: re-prices the delivery, commits the change with the money it needs to
// move, then settles (charges or refunds the difference).
import { quoteDeliveryFee } from './delivery-fee.ts';
import type { OrderDeps } from './deps.ts';
import {
  AddressChangeNeedsPayment,
  ConcurrentUpdate,
  OrderBeingProcessed,
  OrderNotFound,
  OutOfDeliveryArea,
  PaymentDeclined,
} from './errors.ts';
import {
  type Address,
  assertAddressChangeAllowed,
  intentsOf,
  type Order,
  type PaymentIntent,
  paidAmount,
  paidOnDelivery,
  refundPlan,
  withOutboxEvent,
} from './order.ts';
import { settleOrder } from './settle-order.ts';

const ATTEMPTS = 5;

/**
 * Money moves only after the change is committed: the save that changes the order (conditional on the version read)
 * also records what must be charged or refunded, under keys made from that version. Only one save can succeed per
 * version, so a key names exactly one committed change and one amount; a request that loses the race moved nothing.
 *
 * A lower fee applies at once and its refund follows. A higher fee is charged first and the new address applies when
 * the charge is approved; a decline leaves the order as it was and is reported as PaymentDeclined. An order paid by
 * Pix or a hosted checkout has nothing to charge the difference to: a higher fee is refused (AddressChangeNeedsPayment).
 */
export async function changeAddress(deps: OrderDeps, orderId: string, address: Address): Promise<Order> {
  const store = await deps.catalog.getStore();
  const quote = quoteDeliveryFee(store, address);

  for (let attempt = 1; ; attempt++) {
    const order = await deps.orders.get(orderId);
    if (!order) throw new OrderNotFound(orderId);
    if (order.status === 'RECEIVED') throw new OrderBeingProcessed();
    assertAddressChangeAllowed(order);
    if (!quote.inArea) throw new OutOfDeliveryArea(quote.distanceKm, store.deliveryRadiusKm);
    if (intentsOf(order).length > 0) {
      // An earlier change is still moving money: finish it (idempotent), then price this one against its outcome.
      await settleOrder(deps, orderId);
      if (attempt >= ATTEMPTS) throw new OrderBeingProcessed();
      continue;
    }

    const change = planChange(order, address, quote.fee, quote.distanceKm, deps.clock.now().toISOString());
    try {
      await deps.orders.save(change.order);
    } catch (err) {
      if (!(err instanceof ConcurrentUpdate) || attempt >= ATTEMPTS) throw err;
      continue;
    }
    const settled = await settleOrder(deps, orderId);
    if (change.chargeKey && settled.lastDecline?.idempotencyKey === change.chargeKey) {
      throw new PaymentDeclined(settled.lastDecline.declineCode);
    }
    return settled;
  }
}

/**
 * Whether a higher fee can be charged on its own: only a card order placed with a saved token (the API's cards). A Pix
 * or a hosted checkout was paid by the customer in their bank or on the provider's page, once, for that amount.
 */
export const canChargeDifference = (order: Pick<Order, 'payment'>): boolean =>
  order.payment.method === 'card' && !!order.payment.token;

/** The order as it should be saved for this change: applied now (fee not higher), or waiting for its charge. */
function planChange(
  order: Order,
  address: Address,
  deliveryFee: number,
  distanceKm: number,
  at: string,
): { order: Order; chargeKey?: string } {
  const total = order.subtotal + deliveryFee;
  const applied = withOutboxEvent({ ...order, address, deliveryFee, distanceKm, total }, 'ADDRESS_CHANGED');
  // Cash is paid on delivery: the rider collects the new total, and no money moves now.
  if (paidOnDelivery(order)) return { order: applied };

  const delta = total - paidAmount(order);
  const key = (kind: string, amount: number) => `${order.orderId}:address:v${order.version}:${kind}:${amount}`;
  if (delta > 0) {
    if (!canChargeDifference(order)) throw new AddressChangeNeedsPayment(delta, order.payment.method);
    const intent: PaymentIntent = {
      kind: 'charge',
      amount: delta,
      reason: 'address-change',
      at,
      idempotencyKey: key('charge', delta),
      addressChange: { address, deliveryFee, distanceKm, total },
    };
    return { order: { ...order, paymentIntents: [intent] }, chargeKey: intent.idempotencyKey };
  }
  const refunds: PaymentIntent[] = refundPlan(order, -delta).map((p) => ({
    kind: 'refund',
    amount: p.amount,
    chargeId: p.chargeId,
    reason: 'address-change',
    at,
    idempotencyKey: `${key('refund', p.amount)}:${p.chargeId}`,
  }));
  return { order: refunds.length ? { ...applied, paymentIntents: refunds } : applied };
}
