// Finishes what an order's committed state still owes: the sale or release of its stock, its payment intents and the
// refund of an order that ended undelivered, then the events in its outbox. Safe to run any number of times,
// concurrently, and after a crash at any point.
import type { OrderDeps } from './deps.ts';
import { OrderNotFound } from './errors.ts';
import {
  assertAddressChangeAllowed,
  endedUndelivered,
  hasUnpublishedEvents,
  intentsOf,
  type Order,
  type OutboxEvent,
  type PaymentIntent,
  paidAmount,
  refundPlan,
  withOutboxEvent,
} from './order.ts';
import { mutateOrder } from './order-mutation.ts';
import { buildOrderNotification } from './order-notification.ts';
import type { ChargeResult } from './ports.ts';

/** A charge intent older than this has no sender still waiting on the provider (requests and task steps time out first). */
export const IN_FLIGHT_MS = 120_000;

export interface SettleOptions {
  /**
   * Nobody else can be sending this order's charges now: the local stack's start-up sweep (nothing else runs yet), or
   * the workflow closing an order after its charge step ended. Unknown charges are then resolved at once.
   */
  sendersGone?: boolean;
}

/**
 * Why this shape (a committed intent, then the provider call, then the record), with the timeline of a crash:
 * - crash before the intent is saved: nothing moved, nothing is owed;
 * - crash after the provider call, before the record: the intent is still on the order, and carrying it out again
 *   sends the same idempotency key, so the provider answers with the same operation instead of a second one;
 * - two settlers at once: both send the same key (one operation), and the record step adds it once (by key).
 * Money the provider moved is always recorded, even when the intent was resolved meanwhile by someone else.
 */
export async function settleOrder(deps: OrderDeps, orderId: string, opts: SettleOptions = {}): Promise<Order> {
  let order = await load(deps, orderId);
  // Stock first: it never depends on the money, so a provider that is down cannot keep units held.
  await settleStock(deps, order);
  order = await settleMoney(deps, order, opts);
  return publishOutbox(deps, order, opts.sendersGone ?? false);
}

async function load(deps: OrderDeps, orderId: string): Promise<Order> {
  const order = await deps.orders.get(orderId);
  if (!order) throw new OrderNotFound(orderId);
  return order;
}

/** Ended undelivered: the held units go back. Dispatched or delivered: they left for good. Both are idempotent. */
async function settleStock(deps: OrderDeps, order: Order): Promise<void> {
  if (endedUndelivered(order.status)) {
    for (const line of order.items) await deps.catalog.release(line.sku, order.orderId);
  } else if (order.status === 'OUT_FOR_DELIVERY' || order.status === 'DELIVERED') {
    for (const line of order.items) await deps.catalog.commit(line.sku, order.orderId);
  }
}

/** Carries out intents until none is left that can be acted on now (a charge another process is sending waits for it). */
async function settleMoney(deps: OrderDeps, start: Order, opts: SettleOptions): Promise<Order> {
  let order = start;
  for (;;) {
    order = await planClosingRefunds(deps, order);
    const intent = intentsOf(order).find(
      (i) => i.kind === 'refund' || !endedUndelivered(order.status) || senderGone(deps, i, opts),
    );
    if (intent) {
      order = await carryOut(deps, order, intent);
      continue;
    }
    // A charge on an ended order whose sender may still be waiting: it records the outcome itself when it lands.
    const waiting = intentsOf(order).find((i) => i.kind === 'charge');
    if (!waiting) return order;
    const known = await deps.payments.findCharge(order.orderId, waiting.idempotencyKey);
    if (!known) return order;
    order = await record(deps, order, waiting, known);
  }
}

const senderGone = (deps: OrderDeps, i: PaymentIntent, opts: SettleOptions) =>
  opts.sendersGone === true || deps.clock.now().getTime() - Date.parse(i.at) > IN_FLIGHT_MS;

/**
 * An order that ended undelivered gives back everything still paid. The refunds are committed as intents first; each
 * key names the charge and what was left of it, which is exactly the amount refunded.
 */
async function planClosingRefunds(deps: OrderDeps, order: Order): Promise<Order> {
  const due = (o: Order) =>
    endedUndelivered(o.status) && !intentsOf(o).some((i) => i.kind === 'refund') && paidAmount(o) > 0;
  if (!due(order)) return order;
  const { after } = await mutateOrder(deps, order.orderId, (o) => {
    if (!due(o)) return o;
    const at = deps.clock.now().toISOString();
    const refunds: PaymentIntent[] = refundPlan(o, paidAmount(o)).map((p) => ({
      kind: 'refund',
      amount: p.amount,
      chargeId: p.chargeId,
      reason: 'closing',
      at,
      idempotencyKey: `${o.orderId}:closing:${p.chargeId}:${p.remaining}`,
    }));
    return { ...o, paymentIntents: [...intentsOf(o), ...refunds] };
  });
  return after;
}

/**
 * Sends one intent to the provider (idempotent by key), then records its outcome. A charge on an order that ended and
 * whose sender is gone is looked up rather than sent: it is recorded if the provider has it, and dropped if not.
 */
async function carryOut(deps: OrderDeps, order: Order, intent: PaymentIntent): Promise<Order> {
  const key = intent.idempotencyKey;
  if (intent.kind === 'refund') {
    const { refundId } = await deps.payments.refund({
      orderId: order.orderId,
      chargeId: intent.chargeId!,
      amount: intent.amount,
      idempotencyKey: key,
    });
    const { after } = await mutateOrder(deps, order.orderId, (o) => {
      const recorded = o.refunds.some((r) => r.idempotencyKey === key);
      if (recorded && !intentsOf(o).some((i) => i.idempotencyKey === key)) return o;
      return {
        ...o,
        paymentIntents: withoutIntent(o, key),
        refunds: recorded
          ? o.refunds
          : [
              ...o.refunds,
              {
                refundId,
                chargeId: intent.chargeId!,
                amount: intent.amount,
                idempotencyKey: key,
                reason: intent.reason,
              },
            ],
      };
    });
    return after;
  }
  if (order.payment.method === 'cash') throw new Error(`Order ${order.orderId}: a cash order has a charge intent`);
  if (endedUndelivered(order.status)) {
    const known = await deps.payments.findCharge(order.orderId, key);
    if (known) return record(deps, order, intent, known);
    const { after } = await mutateOrder(deps, order.orderId, (o) => ({ ...o, paymentIntents: withoutIntent(o, key) }));
    return after;
  }
  const res = await deps.payments.charge({
    orderId: order.orderId,
    amount: intent.amount,
    currency: 'BRL',
    method: order.payment.method,
    token: order.payment.token,
    idempotencyKey: key,
    ...(intent.expiresAt ? { expiresAt: intent.expiresAt } : {}),
    payer: {
      name: order.customer.name,
      phone: order.customer.phone,
      ...(order.customer.email ? { email: order.customer.email } : {}),
    },
    description:
      intent.reason === 'order' ? `Order ${order.orderId}` : `Delivery fee difference, order ${order.orderId}`,
  });
  return record(deps, order, intent, res);
}

const withoutIntent = (o: Order, key: string): PaymentIntent[] => intentsOf(o).filter((i) => i.idempotencyKey !== key);

/**
 * Records a charge's outcome once. An approved charge is recorded even if its intent is gone: the money moved. A
 * pending one (a Pix, a hosted checkout) moved nothing yet: the order keeps what the customer needs to pay it, and the
 * provider's webhook records the money when it lands (core/provider-payment.ts).
 */
async function record(deps: OrderDeps, order: Order, intent: PaymentIntent, res: ChargeResult): Promise<Order> {
  const key = intent.idempotencyKey;
  const { after } = await mutateOrder(deps, order.orderId, (o) => {
    const pending = intentsOf(o).some((i) => i.idempotencyKey === key);
    const recorded = o.charges.some((c) => c.idempotencyKey === key);
    if (res.status === 'pending') {
      if (!pending || recorded) return o;
      const { status: _s, chargeId, ...instructions } = res;
      return {
        ...o,
        paymentIntents: withoutIntent(o, key),
        awaitingPayment: { ...instructions, chargeId, amount: intent.amount, idempotencyKey: key, status: 'pending' },
      };
    }
    if (recorded || (!pending && res.status !== 'approved'))
      return pending ? { ...o, paymentIntents: withoutIntent(o, key) } : o;
    const next: Order = { ...o, paymentIntents: withoutIntent(o, key) };
    if (res.status !== 'approved')
      return { ...next, lastDecline: { idempotencyKey: key, declineCode: res.declineCode } };
    next.charges = [
      ...o.charges,
      { chargeId: res.chargeId, amount: intent.amount, idempotencyKey: key, reason: intent.reason },
    ];
    if (intent.addressChange) return applyPaidAddressChange(next, intent, deps.clock.now().toISOString());
    return next;
  });
  return after;
}

/**
 * The fee difference of an address change was paid: apply the new address, unless the order moved on meanwhile.
 * Dispatched: the charge is undone. Ended: the closing refund gives it back with the rest.
 */
function applyPaidAddressChange(o: Order, intent: PaymentIntent, at: string): Order {
  const terms = intent.addressChange!;
  try {
    assertAddressChangeAllowed(o);
  } catch {
    if (endedUndelivered(o.status)) return o;
    const chargeId = o.charges[o.charges.length - 1]!.chargeId;
    return {
      ...o,
      paymentIntents: [
        ...intentsOf(o),
        {
          kind: 'refund',
          amount: intent.amount,
          chargeId,
          reason: 'undo',
          at,
          idempotencyKey: `${intent.idempotencyKey}:undo`,
        },
      ],
    };
  }
  return withOutboxEvent(
    { ...o, address: terms.address, deliveryFee: terms.deliveryFee, distanceKm: terms.distanceKm, total: terms.total },
    'ADDRESS_CHANGED',
  );
}

/** How long a settler may take to publish the events it claimed before another one may publish them instead. */
const OUTBOX_CLAIM_MS = 30_000;

/**
 * Events go out once the money is settled, so their texts say what really happened to it. A settler claims them first
 * (one conditional save moves them to `claimed`), so two settlers at once publish once; events added meanwhile are
 * published by the claimant when it is done. A crash after the claim leaves it to expire (then the event may go out
 * twice, never zero times); the start-up sweep, the only settler then, takes over at once.
 */
async function publishOutbox(deps: OrderDeps, order: Order, takeOverClaims: boolean): Promise<Order> {
  let current = order;
  while (hasUnpublishedEvents(current) && intentsOf(current).length === 0) {
    const now = deps.clock.now().getTime();
    let claim: OutboxEvent[] | undefined;
    const { after: claimedOrder } = await mutateOrder(deps, order.orderId, (o) => {
      claim = undefined;
      const box = o.outbox;
      if (!box || intentsOf(o).length > 0) return o;
      if (box.claimed && !takeOverClaims && Date.parse(box.claimed.until) > now) return o;
      const events = [...new Set([...(box.claimed?.events ?? []), ...box.events])];
      if (events.length === 0) return o;
      claim = events;
      return {
        ...o,
        outbox: { events: [], claimed: { events, until: new Date(now + OUTBOX_CLAIM_MS).toISOString() } },
      };
    });
    if (!claim) return claimedOrder; // another settler holds the claim and publishes
    for (const event of claim) await deps.events.publish(buildOrderNotification(event, claimedOrder, deps.clock.now()));
    ({ after: current } = await mutateOrder(deps, order.orderId, (o) => {
      if (!o.outbox) return o;
      const next = { ...o };
      if (o.outbox.events.length) next.outbox = { events: o.outbox.events };
      else delete next.outbox;
      return next;
    }));
    takeOverClaims = false;
  }
  return current;
}
