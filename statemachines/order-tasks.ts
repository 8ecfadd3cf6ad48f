// The order workflow's Lambda steps: each takes the state input, does one thing to the order, and is safe to retry.
import type { StageAdvance } from '../core/advance-order.ts';
import { type FeeQuote, quoteDeliveryFee } from '../core/delivery-fee.ts';
import { DEFAULT_PIX_EXPIRY_MINUTES, type OrderDeps } from '../core/deps.ts';
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
  orderChargeOf,
  paidOnDelivery,
  transition,
} from '../core/order.ts';
import { mutateOrder } from '../core/order-mutation.ts';
import { buildOrderNotification, type OrderNotification } from '../core/order-notification.ts';
import { applyProviderPayment, tellWorkflow } from '../core/provider-payment.ts';
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
function requireAwaiting(o: Order): void {
  if (o.status !== 'AWAITING_PAYMENT' || !o.awaitingPayment) throw new OrderNoLongerPending(o.orderId, o.status);
}

/**
 * What the charge step hands the workflow: approved goes on to confirm; pending waits `timeoutSeconds` (what is left
 * of the charge's expiry) after publishing `notification`, the AWAITING_PAYMENT event with how to pay.
 */
export interface ChargeStep {
  chargeId: string | null;
  outcome: 'approved' | 'pending';
  timeoutSeconds: number;
  notification: OrderNotification | null;
}

/** Seconds left to pay, at least 1 (Step Functions refuses a zero timeout; an expired one then fires at once). */
export const secondsLeftToPay = (o: Order, now: Date) =>
  Math.max(1, Math.ceil((Date.parse(o.awaitingPayment!.expiresAt) - now.getTime()) / 1000));

export function createOrderTasks(deps: OrderDeps) {
  // The store is passed for its time zone: the chat shows the Pix expiry in the shop's local time.
  const awaiting = async (o: Order): Promise<ChargeStep> => ({
    chargeId: o.awaitingPayment!.chargeId,
    outcome: 'pending',
    timeoutSeconds: secondsLeftToPay(o, deps.clock.now()),
    notification: buildOrderNotification('AWAITING_PAYMENT', o, deps.clock.now(), await deps.catalog.getStore()),
  });
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
     * Cash is paid to the rider: nothing is charged. A decline throws PaymentDeclined for the Catch to handle. A Pix or
     * a card with no token comes back pending: the order turns AWAITING_PAYMENT, keeps how to pay it, and the workflow
     * waits for the provider for as long as the charge stays payable.
     */
    async chargePayment({ orderId }: OrderRef): Promise<ChargeStep> {
      const order = await load(deps, orderId);
      if (order.status === 'AWAITING_PAYMENT') return awaiting(order);
      requireReceived(order);
      if (paidOnDelivery(order)) return { chargeId: null, outcome: 'approved', timeoutSeconds: 0, notification: null };
      const charged = orderChargeOf(order);
      if (charged) return { chargeId: charged.chargeId, outcome: 'approved', timeoutSeconds: 0, notification: null };
      const key = `${orderId}:charge:${order.total}`;
      const minutes = deps.pixExpiryMinutes ?? DEFAULT_PIX_EXPIRY_MINUTES;
      await mutateOrder(deps, orderId, (o) => {
        requireReceived(o);
        if (o.charges.length > 0 || intentsOf(o).some((i) => i.reason === 'order') || o.awaitingPayment) return o;
        const now = deps.clock.now();
        return {
          ...o,
          paymentIntents: [
            ...intentsOf(o),
            {
              kind: 'charge',
              amount: o.total,
              reason: 'order',
              idempotencyKey: key,
              at: now.toISOString(),
              expiresAt: new Date(now.getTime() + minutes * 60_000).toISOString(),
            },
          ],
        };
      });
      const settled = await settleOrder(deps, orderId);
      const charge = orderChargeOf(settled);
      // Cancelled while we were charging: settling already refunded it (the order ended); the Catch closes the rest.
      requireReceived(settled);
      if (charge) return { chargeId: charge.chargeId, outcome: 'approved', timeoutSeconds: 0, notification: null };
      if (settled.awaitingPayment?.idempotencyKey === key) {
        const { after } = await mutateOrder(deps, orderId, (o) =>
          o.status === 'RECEIVED' ? transition(o, 'AWAITING_PAYMENT', deps.clock.now()) : o,
        );
        requireAwaiting(after);
        return awaiting(after);
      }
      if (settled.lastDecline?.idempotencyKey === key) throw new PaymentDeclined(settled.lastDecline.declineCode);
      throw new OrderNoLongerPending(orderId, settled.status);
    },

    /**
     * Stores the wait's callback token on the order, as the delivery stages do, so the provider's webhook can complete
     * it. A payment the webhook already recorded (it can land before the token is stored) completes the wait here.
     */
    async awaitPayment({ orderId, taskToken }: OrderRef & { taskToken: string }): Promise<{ waiting: boolean }> {
      let settledBefore: 'paid' | 'failed' | undefined;
      const { after } = await mutateOrder(deps, orderId, (o) => {
        settledBefore = undefined;
        requireAwaiting(o);
        if (orderChargeOf(o)) settledBefore = 'paid';
        else if (o.awaitingPayment && o.awaitingPayment.status !== 'pending') settledBefore = 'failed';
        return settledBefore ? o : { ...o, taskToken };
      });
      const waiting = after.awaitingPayment!;
      if (settledBefore)
        await tellWorkflow(deps, taskToken, {
          paymentId: waiting.chargeId,
          status: settledBefore === 'paid' ? 'approved' : waiting.status,
          ...(waiting.statusDetail ? { statusDetail: waiting.statusDetail } : {}),
        });
      return { waiting: !settledBefore };
    },

    /**
     * Nobody paid in time: cancels the payment at the provider, so it can no longer be paid. The provider may answer
     * that it was paid at the last moment: the money is then recorded and the order confirmed (`paid: true`).
     */
    async expirePayment({ orderId }: OrderRef): Promise<{ paid: boolean }> {
      const order = await load(deps, orderId);
      requireAwaiting(order);
      if (orderChargeOf(order)) return { paid: true };
      const payment = await deps.payments.cancelPayment(order.awaitingPayment!.chargeId);
      await applyProviderPayment(deps, payment);
      const after = await load(deps, orderId);
      return { paid: orderChargeOf(after) !== undefined };
    },

    async confirmOrder({ orderId }: OrderRef): Promise<{ notification: OrderNotification }> {
      const { after } = await mutateOrder(deps, orderId, (o) => {
        if (o.status === 'CONFIRMED') return o;
        if (o.status !== 'AWAITING_PAYMENT') requireReceived(o);
        else if (!orderChargeOf(o)) throw new OrderNoLongerPending(o.orderId, o.status);
        const next = transition(o, 'CONFIRMED', deps.clock.now());
        delete next.taskToken;
        return next;
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
      if (current.status === 'RECEIVED' || current.status === 'AWAITING_PAYMENT' || endedUndelivered(current.status))
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
