// The order workflow's Lambda steps: each takes the state input, does one thing to the order, and is safe to retry.
import { compensate } from '../core/compensation.ts';
import type { StageAdvance } from '../core/advance-order.ts';
import { quoteDeliveryFee, type FeeQuote } from '../core/delivery-fee.ts';
import type { OrderDeps } from '../core/deps.ts';
import { OrderNoLongerPending, OrderNotFound, PaymentDeclined } from '../core/errors.ts';
import type { OrderEventName } from '../core/notification-texts.ts';
import { buildOrderNotification, type OrderNotification } from '../core/order-notification.ts';
import { mutateOrder } from '../core/order-mutation.ts';
import { isTerminal, NEXT_STAGE, transition, type MissingLine, type Order, type OrderStatus } from '../core/order.ts';

export interface OrderRef { orderId: string }

async function load(deps: OrderDeps, orderId: string): Promise<Order> {
  const order = await deps.orders.get(orderId);
  if (!order) throw new OrderNotFound(orderId);
  return order;
}

function requireReceived(o: Order): void {
  if (o.status !== 'RECEIVED') throw new OrderNoLongerPending(o.orderId, o.status);
}

export function createOrderTasks(deps: OrderDeps) {
  return {
    /** Holds every line's stock for the order, all or nothing; reports what is short. */
    async reserveStock({ orderId }: OrderRef): Promise<{ available: boolean; missing: MissingLine[] }> {
      const order = await load(deps, orderId);
      requireReceived(order);
      const held: string[] = [];
      let short: string | undefined;
      for (const line of order.items) {
        if (!(await deps.catalog.hold(line.sku, orderId, line.qty))) { short = line.sku; break; }
        held.push(line.sku);
      }
      if (short === undefined) return { available: true, missing: [] };

      for (const sku of held) await deps.catalog.release(sku, orderId);
      const stock = new Map((await deps.catalog.listProducts()).map((p) => [p.sku, p.stock]));
      const missing = order.items
        .filter((l) => l.sku === short || (stock.get(l.sku) ?? 0) < l.qty)
        .map((l) => ({ sku: l.sku, requested: l.qty, available: Math.max(0, stock.get(l.sku) ?? 0) }));
      await mutateOrder(deps, orderId, (o) => ({ ...o, missing }));
      return { available: false, missing };
    },

    /** Prices the delivery from the store to the order's location and stores fee and total on the order. */
    async computeDeliveryFee({ orderId }: OrderRef): Promise<FeeQuote> {
      const store = await deps.catalog.getStore();
      let quote!: FeeQuote;
      await mutateOrder(deps, orderId, (o) => {
        requireReceived(o);
        quote = quoteDeliveryFee(store, o.address);
        return { ...o, distanceKm: quote.distanceKm, deliveryFee: quote.fee, total: o.subtotal + quote.fee };
      });
      return quote;
    },

    /** Charges the total once (idempotency key per order). A decline throws PaymentDeclined for the Catch to handle. */
    async chargePayment({ orderId }: OrderRef): Promise<{ chargeId: string }> {
      const order = await load(deps, orderId);
      requireReceived(order);
      if (order.charges[0]) return { chargeId: order.charges[0].chargeId };
      const idempotencyKey = `${orderId}:charge`;
      const res = await deps.payments.charge({
        amount: order.total, currency: 'BRL', method: order.payment.method, token: order.payment.token,
        idempotencyKey, description: `Order ${orderId}`,
      });
      if (!res.approved) throw new PaymentDeclined(res.declineCode);
      const charge = { chargeId: res.chargeId, amount: order.total, idempotencyKey };
      try {
        await mutateOrder(deps, orderId, (o) => {
          requireReceived(o);
          return o.charges.some((c) => c.chargeId === charge.chargeId) ? o : { ...o, charges: [...o.charges, charge] };
        });
      } catch (err) {
        if (!(err instanceof OrderNoLongerPending)) throw err;
        // Cancelled while we were charging: record the charge so compensation refunds it, then let the Catch run.
        await mutateOrder(deps, orderId, (o) => ({ ...o, charges: [...o.charges, charge] }));
        throw err;
      }
      return { chargeId: res.chargeId };
    },

    async confirmOrder({ orderId }: OrderRef): Promise<{ notification: OrderNotification }> {
      const { after } = await mutateOrder(deps, orderId, (o) => {
        if (o.status === 'CONFIRMED') return o;
        requireReceived(o);
        return transition(o, 'CONFIRMED', deps.clock.now());
      });
      return { notification: buildOrderNotification('CONFIRMED', after, deps.clock.now()) };
    },

    /**
     * Ends an order that cannot go on (unavailable, out of area, declined, failed): releases stock, refunds,
     * and sets the terminal status. If the order already ended another way (e.g. cancelled), it notifies nothing.
     */
    async closeOrder({ orderId, status, reason }: OrderRef & { status: OrderStatus; reason: string }): Promise<{ notification: OrderNotification | null }> {
      await compensate(deps, orderId);
      const { before, after } = await mutateOrder(deps, orderId, (o) => (isTerminal(o.status) ? o : transition(o, status, deps.clock.now(), { reason })));
      if (isTerminal(before.status) && before.status !== status) return { notification: null };
      return { notification: buildOrderNotification(status as OrderEventName, after, deps.clock.now()) };
    },

    /** Stores the callback token of the stage now awaited, so staff actions can complete it. */
    async awaitStage({ orderId, taskToken }: OrderRef & { taskToken: string }): Promise<{ awaiting: OrderStatus }> {
      const { after } = await mutateOrder(deps, orderId, (o) => {
        if (!NEXT_STAGE[o.status]) throw new OrderNoLongerPending(o.orderId, o.status);
        return { ...o, taskToken };
      });
      return { awaiting: NEXT_STAGE[after.status]! };
    },

    /** Applies the stage staff asked for; at dispatch the held stock becomes a sale. */
    async applyStage({ orderId, advance }: OrderRef & { advance: StageAdvance }): Promise<{ status: OrderStatus; notification: OrderNotification }> {
      const { after } = await mutateOrder(deps, orderId, (o) => {
        if (o.status === advance.to) return o;
        if (NEXT_STAGE[o.status] !== advance.to) throw new OrderNoLongerPending(o.orderId, o.status);
        const next = transition(o, advance.to, deps.clock.now(), { by: advance.by });
        delete next.taskToken;
        next.overdueAlerts = 0;
        return next;
      });
      if (after.status === 'OUT_FOR_DELIVERY') for (const l of after.items) await deps.catalog.commit(l.sku, orderId);
      return { status: after.status, notification: buildOrderNotification(advance.to as OrderEventName, after, deps.clock.now()) };
    },

    /** Nobody acted within the heartbeat: count it and raise a staff-facing STAGE_OVERDUE event. */
    async flagStageOverdue({ orderId }: OrderRef): Promise<{ overdueAlerts: number; notification: OrderNotification }> {
      const { after } = await mutateOrder(deps, orderId, (o) => {
        const next = { ...o, overdueAlerts: (o.overdueAlerts ?? 0) + 1 };
        delete next.taskToken;
        return next;
      });
      return { overdueAlerts: after.overdueAlerts!, notification: buildOrderNotification('STAGE_OVERDUE', after, deps.clock.now()) };
    },
  };
}

export type OrderTasks = ReturnType<typeof createOrderTasks>;
export type OrderTaskName = keyof OrderTasks;
