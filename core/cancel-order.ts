// Cancels an order before dispatch: commits CANCELLED (with its event), stops the waiting workflow, then settles:
// the stock goes back, what was paid is refunded, and the customer is told what really happened to the money.
import type { OrderDeps } from './deps.ts';
import { NoStageAwaiting } from './errors.ts';
import { assertCancellable, intentsOf, type Order, transition, withOutboxEvent } from './order.ts';
import { mutateOrder } from './order-mutation.ts';
import { applyProviderPayment } from './provider-payment.ts';
import { settleOrder } from './settle-order.ts';

export const ORDER_CANCELLED_ERROR = 'OrderCancelled';

/**
 * Everything after the CANCELLED save is owed by that save, not by this call: if the process dies right after it,
 * whoever settles the order next (a repeated cancel, the workflow's settle step on AWS, the local stack's start-up
 * sweep) refunds, releases and tells the customer. Cancelling an already-cancelled order is therefore a no-op that
 * finishes any unfinished work, so clients may retry.
 */
export async function cancelOrder(deps: OrderDeps, orderId: string, by: string): Promise<Order> {
  let taskToken: string | undefined;
  let unpaid: string | undefined;
  await mutateOrder(deps, orderId, (o) => {
    taskToken = undefined;
    unpaid = undefined;
    if (o.status === 'CANCELLED') return o;
    assertCancellable(o);
    taskToken = o.taskToken;
    if (o.status === 'AWAITING_PAYMENT' && o.awaitingPayment?.status === 'pending') unpaid = o.awaitingPayment.chargeId;
    const next = withOutboxEvent(
      transition(o, 'CANCELLED', deps.clock.now(), { by, reason: 'CANCELLED_BY_REQUEST' }),
      'CANCELLED',
    );
    delete next.taskToken;
    return next;
  });
  if (taskToken) {
    try {
      await deps.workflow.failTask(taskToken, ORDER_CANCELLED_ERROR, `Cancelled by ${by}`);
    } catch (err) {
      if (!(err instanceof NoStageAwaiting)) throw err;
    }
  }
  // A Pix nobody paid yet is cancelled at the provider, so it can no longer be paid. If it was paid just before, the
  // payment is recorded and the closing refund below gives it back; one paid after still reaches the webhook, which
  // records and refunds it the same way (core/provider-payment.ts).
  if (unpaid) {
    const payment = await deps.payments.cancelPayment(unpaid);
    await applyProviderPayment(deps, payment);
  }
  // A charge sent just before the cancel may still be landing; its sender records and refunds it. Give it a moment so
  // the answer can say what happened to the money, but never wait long: the refund is owed by the order either way.
  const deadline = Date.now() + SETTLE_WAIT_MS;
  for (;;) {
    const settled = await settleOrder(deps, orderId);
    if (intentsOf(settled).length === 0 || Date.now() >= deadline) return settled;
    await new Promise((r) => setTimeout(r, 50));
  }
}

const SETTLE_WAIT_MS = 2000;
