// The order workflow's Lambda steps: each takes the state input, does one thing to the order, and is safe to retry.
import type { StageAdvance } from '../core/advance-order.ts';
import { type FeeQuote, quoteDeliveryFee } from '../core/delivery-fee.ts';
import type { OrderDeps } from '../core/deps.ts';
import { OrderNoLongerPending, OrderNotFound, PaymentDeclined } from '../core/errors.ts';
import type { OrderEventName } from '../core/notification-texts.ts';
import { type StoreState, storeStateAt } from '../core/opening-hours.ts';
import {
  endedUndelivered,
  intentsOf,
  isTerminal,
  type MissingLine,
  NEXT_STAGE,
  type Order,
  type OrderStatus,
  paidOnDelivery,
  transition,
} from '../core/order.ts';
import { mutateOrder } from '../core/order-mutation.ts';
import { buildOrderNotification, type OrderNotification } from '../core/order-notification.ts';
import { settleOrder } from '../core/settle-order.ts';

export interface OrderRef {
  orderId: string;
}

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
    /**
     * Whether the shop takes orders now (its hours in its time zone, and a pause staff set), before anything is held:
     * the API refused early, but an order placed just before a pause, or run again after a restart, is checked here.
     */
    async checkStoreOpen({ orderId }: OrderRef): Promise<{ state: StoreState['state'] }> {
      requireReceived(await load(deps, orderId));
      return { state: storeStateAt(await deps.catalog.getStore(), deps.clock.now()).state };
    },

    /** Holds every line's stock for the order, all or nothing; reports what is short. */
    async reserveStock({ orderId }: OrderRef): Promise<{ available: boolean; missing: MissingLine[] }> {
      const order = await load(deps, orderId);
      requireReceived(order);
      const held: string[] = [];
      let short: string | undefined;
      for (const line of order.items) {
        if (!(await deps.catalog.hold(line.sku, orderId, line.qty))) {
          short = line.sku;
          break;
        }
        held.push(line.sku);
      }
      if (short === undefined) return { available: true, missing: [] };

      for (const sku of held) await deps.catalog.release(sku, orderId);
      const stock = new Map((await deps.catalog.listProducts()).map((p) => [p.sku, p.stock]));
      // Units left per sku: none for an item gone from the menu, no limit for an untracked one.
      const left = (sku: string) => {
        const s = stock.get(sku);
        return s === undefined ? 0 : s === null ? Number.POSITIVE_INFINITY : Math.max(0, s);
      };
      const missing = order.items
        .filter((l) => l.sku === short || left(l.sku) < l.qty)
        .map((l) => ({ sku: l.sku, requested: l.qty, available: Math.min(left(l.sku), l.qty) }));
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

    /**
     * Charges the total once. The charge is committed on the order as an intent before the provider is called, and its
     * key names the order and the amount, so a retried or resumed step replays the same charge instead of a second one.
     * Cash is paid to the rider: nothing is charged. A decline throws PaymentDeclined for the Catch to handle.
     */
    async chargePayment({ orderId }: OrderRef): Promise<{ chargeId: string | null }> {
      const order = await load(deps, orderId);
      requireReceived(order);
      if (paidOnDelivery(order)) return { chargeId: null };
      const charged = order.charges.find((c) => c.reason === undefined || c.reason === 'order');
      if (charged) return { chargeId: charged.chargeId };
      const key = `${orderId}:charge:${order.total}`;
      await mutateOrder(deps, orderId, (o) => {
        requireReceived(o);
        if (o.charges.length > 0 || intentsOf(o).some((i) => i.reason === 'order')) return o;
        return {
          ...o,
          paymentIntents: [
            ...intentsOf(o),
            {
              kind: 'charge',
              amount: o.total,
              reason: 'order',
              idempotencyKey: key,
              at: deps.clock.now().toISOString(),
            },
          ],
        };
      });
      const settled = await settleOrder(deps, orderId);
      const charge = settled.charges.find((c) => c.reason === 'order');
      // Cancelled while we were charging: settling already refunded it (the order ended); the Catch closes the rest.
      requireReceived(settled);
      if (charge) return { chargeId: charge.chargeId };
      if (settled.lastDecline?.idempotencyKey === key) throw new PaymentDeclined(settled.lastDecline.declineCode);
      throw new OrderNoLongerPending(orderId, settled.status);
    },

    async confirmOrder({ orderId }: OrderRef): Promise<{ notification: OrderNotification }> {
      const { after } = await mutateOrder(deps, orderId, (o) => {
        if (o.status === 'CONFIRMED') return o;
        requireReceived(o);
        return transition(o, 'CONFIRMED', deps.clock.now());
      });
      const store = await deps.catalog.getStore();
      return { notification: buildOrderNotification('CONFIRMED', after, deps.clock.now(), store) };
    },

    /**
     * Ends an order that cannot go on (unavailable, out of area, declined, failed): commits the terminal status, then
     * settles (stock released, what was paid refunded). If the order already ended another way (e.g. cancelled), its
     * own event told the customer, so this one notifies nothing.
     */
    async closeOrder({
      orderId,
      status,
      reason,
    }: OrderRef & { status: OrderStatus; reason: string }): Promise<{ notification: OrderNotification | null }> {
      // The units go back before the status says the order ended, so nobody sees an ended order still holding stock
      // (a crash in between leaves a RECEIVED order with no holds, which the workflow simply reserves again).
      const current = await load(deps, orderId);
      if (current.status === 'RECEIVED' || endedUndelivered(current.status))
        for (const l of current.items) await deps.catalog.release(l.sku, orderId);
      const { before, after } = await mutateOrder(deps, orderId, (o) =>
        isTerminal(o.status) ? o : transition(o, status, deps.clock.now(), { reason }),
      );
      // The workflow's charge step has ended (this runs from its Catch), so no charge of this order is in flight.
      let settled = after;
      try {
        settled = await settleOrder(deps, orderId, { sendersGone: true });
      } catch (err) {
        // The provider is down: the stock is back and the refund stays committed on the order for the next settler.
        // The customer is told the refund is on its way (the text reads the pending intents), not that nothing moved.
        deps.log.warn('could not settle the money of a closed order yet', { orderId, error: err });
        settled = (await deps.orders.get(orderId)) ?? after;
      }
      if (isTerminal(before.status) && before.status !== status) return { notification: null };
      return { notification: buildOrderNotification(status as OrderEventName, settled, deps.clock.now()) };
    },

    /** Finishes what an order that ended elsewhere (a cancel) still owes; the workflow's durable backstop for it. */
    async settleOrder({ orderId }: OrderRef): Promise<{ status: OrderStatus }> {
      return { status: (await settleOrder(deps, orderId)).status };
    },

    /**
     * Stores the callback token of the stage now awaited, so staff actions can complete it. Returns when the stage
     * started waiting (its start, or the last overdue alert) and the heartbeat it was given: Step Functions counts the
     * heartbeat itself, and the local engine, whose interpreter ignores heartbeats, arms its own timer from these, so a
     * restarted local stack alerts on time rather than a whole heartbeat after the restart.
     */
    async awaitStage({
      orderId,
      taskToken,
      heartbeatSeconds,
    }: OrderRef & { taskToken: string; heartbeatSeconds?: number }): Promise<{
      awaiting: OrderStatus;
      waitingSince: string;
      heartbeatSeconds?: number;
    }> {
      const { after } = await mutateOrder(deps, orderId, (o) => {
        if (!NEXT_STAGE[o.status]) throw new OrderNoLongerPending(o.orderId, o.status);
        return { ...o, taskToken };
      });
      const stageStart = after.history[after.history.length - 1]!.at;
      const waitingSince = after.overdueAt && after.overdueAt > stageStart ? after.overdueAt : stageStart;
      return {
        awaiting: NEXT_STAGE[after.status]!,
        waitingSince,
        ...(heartbeatSeconds !== undefined ? { heartbeatSeconds } : {}),
      };
    },

    /** Applies the stage staff asked for; at dispatch the held stock becomes a sale. */
    async applyStage({
      orderId,
      advance,
    }: OrderRef & { advance: StageAdvance }): Promise<{ status: OrderStatus; notification: OrderNotification }> {
      const { after } = await mutateOrder(deps, orderId, (o) => {
        if (o.status === advance.to) return o;
        if (NEXT_STAGE[o.status] !== advance.to) throw new OrderNoLongerPending(o.orderId, o.status);
        const next = transition(o, advance.to, deps.clock.now(), { by: advance.by });
        delete next.taskToken;
        next.overdueAlerts = 0;
        delete next.overdueAt;
        return next;
      });
      if (after.status === 'OUT_FOR_DELIVERY') for (const l of after.items) await deps.catalog.commit(l.sku, orderId);
      // Anything an earlier request left unsettled (an address change whose process died) is finished here, best
      // effort: a failing refund must not fail the delivery. It stays committed on the order for the next settler.
      if (intentsOf(after).length > 0) {
        await settleOrder(deps, orderId).catch((err: unknown) =>
          deps.log.warn('could not settle the order at a stage', { orderId, error: err }),
        );
      }
      return {
        status: after.status,
        notification: buildOrderNotification(
          advance.to as OrderEventName,
          after,
          deps.clock.now(),
          await deps.catalog.getStore(),
        ),
      };
    },

    /** Nobody acted within the heartbeat: count it and raise a staff-facing STAGE_OVERDUE event. */
    async flagStageOverdue({ orderId }: OrderRef): Promise<{ overdueAlerts: number; notification: OrderNotification }> {
      const { after } = await mutateOrder(deps, orderId, (o) => {
        // The order ended while nobody had its token (a cancel that died before failing the callback): no alert.
        if (!NEXT_STAGE[o.status]) throw new OrderNoLongerPending(o.orderId, o.status);
        const next = { ...o, overdueAlerts: (o.overdueAlerts ?? 0) + 1, overdueAt: deps.clock.now().toISOString() };
        delete next.taskToken;
        return next;
      });
      return {
        overdueAlerts: after.overdueAlerts!,
        notification: buildOrderNotification('STAGE_OVERDUE', after, deps.clock.now()),
      };
    },
  };
}

export type OrderTasks = ReturnType<typeof createOrderTasks>;
export type OrderTaskName = keyof OrderTasks;
