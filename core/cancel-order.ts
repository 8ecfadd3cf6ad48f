// Cancels an order before dispatch: marks it CANCELLED, stops the waiting workflow, puts stock back and refunds.
import { compensate } from './compensation.ts';
import type { OrderDeps } from './deps.ts';
import { NoStageAwaiting } from './errors.ts';
import { buildOrderNotification } from './order-notification.ts';
import { mutateOrder } from './order-mutation.ts';
import { assertCancellable, transition, type Order } from './order.ts';

export const ORDER_CANCELLED_ERROR = 'OrderCancelled';

/** Cancelling an already-cancelled order is a no-op that re-runs any unfinished refund, so clients may retry. */
export async function cancelOrder(deps: OrderDeps, orderId: string, by: string): Promise<Order> {
  let taskToken: string | undefined;
  const { before } = await mutateOrder(deps, orderId, (o) => {
    if (o.status === 'CANCELLED') return o;
    assertCancellable(o);
    taskToken = o.taskToken;
    const next = transition(o, 'CANCELLED', deps.clock.now(), { by, reason: 'CANCELLED_BY_REQUEST' });
    delete next.taskToken;
    return next;
  });
  const settled = await compensate(deps, orderId);
  if (taskToken) {
    try {
      await deps.workflow.failTask(taskToken, ORDER_CANCELLED_ERROR, `Cancelled by ${by}`);
    } catch (err) {
      if (!(err instanceof NoStageAwaiting)) throw err;
    }
  }
  if (before.status !== 'CANCELLED') await deps.events.publish(buildOrderNotification('CANCELLED', settled, deps.clock.now()));
  return settled;
}
