// /start <token>: a customer who ordered in the app or on the web opens the order's one-time link, and this chat
// follows that order.
import { linkChatToOrder } from '../../core/chat-link.ts';
import { type BotContext, sendView } from './bot-context.ts';
import { mainMenuKeyboard } from './keyboards.ts';
import { statusView } from './order-intents.ts';
import { MAX_REMEMBERED_ORDERS } from './session.ts';

/**
 * Links the order to this chat (core decides, once per token), remembers it in the session like an order placed here,
 * and shows its status. A used, expired or unknown link is said plainly, with the main menu; nothing about the order.
 */
export async function onOrderLink(ctx: BotContext, token: string): Promise<void> {
  const { t } = ctx.conv;
  const result = await linkChatToOrder(ctx.deps.orders, token, ctx.conv.chatId);
  if (result.kind !== 'linked') {
    ctx.deps.log.info('telegram: order link refused', { chatKey: ctx.conv.key, outcome: result.kind });
    await sendView(ctx, { text: t.orderLinkRefused[result.kind], markup: mainMenuKeyboard(t) });
    return;
  }
  const { order } = result;
  await ctx.conv.update((s) => {
    s.orderIds = [order.orderId, ...s.orderIds.filter((id) => id !== order.orderId)].slice(0, MAX_REMEMBERED_ORDERS);
  });
  ctx.deps.log.info('telegram: order linked to the chat', { chatKey: ctx.conv.key, orderId: order.orderId });
  await sendView(ctx, { text: t.orderLinked(order.orderId) });
  await sendView(ctx, await statusView(ctx, order));
}
