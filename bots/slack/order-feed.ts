// The order feed in the support channel: one card per order, later events in its thread (to be built).
import type { OrderEventPayload } from '../../core/order-notification.ts';
import type { SlackContext } from './slack-console.ts';

export async function postOrderEvent(ctx: SlackContext, payload: OrderEventPayload): Promise<void> {
  ctx.deps.log.info('slack: order feed not built yet', { orderId: payload.orderId });
}
