// The buttons of a payment that waits: "Já paguei" (asks the provider, never takes the customer's word), "Ver Pix"
// (the QR code and code again), and "Gerar novo Pix" after one expired (the same order again, as a new Pix order).
import { errorMessage } from '../../core/error-messages.ts';
import { DomainError, ValidationError } from '../../core/errors.ts';
import { isTerminal, type Order, orderChargeOf } from '../../core/order.ts';
import { placeOrder } from '../../core/place-order.ts';
import { refreshPayment } from '../../core/provider-payment.ts';
import { type BotContext, sendView } from './bot-context.ts';
import { paymentsOf } from './checkout-views.ts';
import { errorSentence } from './error-sentences.ts';
import { button, inline, mainMenuKeyboard } from './keyboards.ts';
import { resolveOwnOrder, statusView } from './order-intents.ts';
import { cardCheckoutView, sendPix } from './payment-views.ts';
import { MAX_REMEMBERED_ORDERS } from './session.ts';
import { currentRefusal } from './store-state.ts';

/** This chat's order, or "not found" said in the chat (the same for a foreign id). */
async function ownOrder(ctx: BotContext, orderId: string): Promise<Order | undefined> {
  const r = await resolveOwnOrder(ctx, orderId);
  if (r.kind === 'found') return r.order;
  await sendView(ctx, { text: ctx.conv.t.orderNotFound(orderId), markup: mainMenuKeyboard(ctx.conv.t) });
  return undefined;
}

/**
 * "Já paguei": reads the payment back from the provider and applies it (core/provider-payment.ts). Paid, the
 * confirmation follows as its own message (the CONFIRMED push); not yet, the customer is told so and nothing changes.
 */
export async function onPaid(ctx: BotContext, orderId: string): Promise<string | undefined> {
  const { t } = ctx.conv;
  const order = await ownOrder(ctx, orderId);
  if (!order) return undefined;
  if (order.status !== 'AWAITING_PAYMENT')
    return orderChargeOf(order) ? t.paymentLanded : t.paymentNoLongerAwaited(orderId);
  const { order: after, outcome } = await refreshPayment(ctx.deps.orders, orderId);
  if (outcome === 'paid' || orderChargeOf(after)) return t.paymentLanded;
  if (outcome === 'pending' || after.status === 'AWAITING_PAYMENT') return t.paymentNotYet;
  return t.paymentNoLongerAwaited(orderId);
}

/** "Ver Pix": how to pay an order that still waits, sent again from the order; otherwise where the order stands. */
export async function onShowPix(ctx: BotContext, orderId: string): Promise<string | undefined> {
  const { t, chatId } = ctx.conv;
  const order = await ownOrder(ctx, orderId);
  if (!order) return undefined;
  const waiting = order.status === 'AWAITING_PAYMENT' ? order.awaitingPayment : undefined;
  const timeZone = (await ctx.deps.orders.catalog.getStore()).timezone;
  if (waiting?.pix) {
    await sendPix(ctx.api, chatId, t, { orderId, amount: waiting.amount, pix: waiting.pix, timeZone });
    return undefined;
  }
  if (waiting?.checkoutUrl) {
    await sendView(ctx, cardCheckoutView(t, { ...waiting, orderId, checkoutUrl: waiting.checkoutUrl, timeZone }));
    return undefined;
  }
  await sendView(ctx, await statusView(ctx, order));
  return t.paymentNoLongerAwaited(orderId);
}

/**
 * "Gerar novo Pix" on an order that ended unpaid: its items (at today's prices), address and note again, as a new Pix
 * order. The key is made from the old order, so a second tap replays the same new order instead of a third one.
 */
export async function onNewPix(ctx: BotContext, orderId: string): Promise<string | undefined> {
  const { t, lang, chatId } = ctx.conv;
  const old = await ownOrder(ctx, orderId);
  if (!old) return undefined;
  if (!isTerminal(old.status) || orderChargeOf(old)) {
    await sendView(ctx, await statusView(ctx, old));
    return undefined;
  }
  const refusal = await currentRefusal(ctx);
  if (refusal) {
    await sendView(ctx, { text: refusal, markup: mainMenuKeyboard(t) });
    return undefined;
  }
  // Again the way it was to be paid: a new Pix, or (an expired card checkout) a new checkout.
  const method = old.payment.method === 'card' ? 'card' : 'pix';
  if (!paymentsOf(await ctx.deps.orders.catalog.getStore()).includes(method)) return t.paymentNotAccepted;
  const body = {
    customer: { name: old.customer.name, phone: old.customer.phone },
    items: old.items.map((l) => ({ sku: l.sku, qty: l.qty })),
    address: old.address,
    ...(old.note ? { note: old.note } : {}),
    payment: { method },
  };
  let placed: Awaited<ReturnType<typeof placeOrder>>;
  try {
    placed = await placeOrder(ctx.deps.orders, body, {
      lang,
      idempotencyKey: `telegram:${chatId}:repix:${orderId}`,
      telegramChatId: chatId,
    });
  } catch (err) {
    if (err instanceof ValidationError) {
      await sendView(ctx, { text: errorMessage(err.code, lang, t.somethingWentWrong), markup: mainMenuKeyboard(t) });
      return undefined;
    }
    if (err instanceof DomainError) {
      await sendView(ctx, { text: errorSentence(t, err), markup: mainMenuKeyboard(t) });
      return undefined;
    }
    throw err;
  }
  const order = placed.order;
  await ctx.conv.update((s) => {
    s.orderIds = [order.orderId, ...s.orderIds.filter((id) => id !== order.orderId)].slice(0, MAX_REMEMBERED_ORDERS);
  });
  // A second tap: the new order exists already, and its Pix went out with it; show where it stands (with "Ver Pix").
  if (placed.replayed) {
    await sendView(ctx, await statusView(ctx, order));
    return undefined;
  }
  await sendView(ctx, {
    text: t.newPixPlaced(order.orderId, orderId),
    markup: inline([
      button(t.orderButton(order.orderId), { op: 'status', orderId: order.orderId }),
      button(t.buttonMyOrders, { op: 'orders' }),
    ]),
  });
  return undefined;
}
