// The escalation card kept live with the customer's order: an order event redraws the card of that customer's open
// conversation, so staff never read a status that is no longer true.
import type { Order } from '../../core/order.ts';
import { type ConversationDesk, isOpenDesk } from '../../core/staff-desk.ts';
import { changeDesk, readDesk } from './desk-store.ts';
import { redrawCard } from './desk-thread.ts';
import type { SlackContext } from './slack-context.ts';

/** The desk's order as `order` is now, or the desk itself when the card already shows it (or shows another order). */
function withOrder(d: ConversationDesk, order: Order): ConversationDesk {
  const o = d.order;
  // A card follows its own order; an order placed while with staff becomes the card's when it had none.
  if (o && o.orderId !== order.orderId) return d;
  if (o && o.status === order.status && o.total === order.total) return d;
  return { ...d, order: { orderId: order.orderId, status: order.status, total: order.total, more: o?.more ?? 0 } };
}

/**
 * After an order event: the open escalation of the order's chat, if any, shows the order's status now. One read of
 * the desk per event; a write and a card edit only when what it shows changed.
 */
export async function refreshDeskOrder(ctx: SlackContext, order: Order): Promise<void> {
  const chatId = order.customer.telegramChatId;
  if (chatId === undefined) return;
  const key = `telegram:${chatId}`;
  const desk = await readDesk(ctx, key);
  if (!isOpenDesk(desk) || !desk.ts || withOrder(desk, order) === desk) return;
  const changed = await changeDesk(ctx, key, (d) => (isOpenDesk(d) ? withOrder(d, order) : d));
  await redrawCard(ctx, changed);
}
