// Pushes each customer-facing order event into the customer's Telegram chat: the text already written for them, and
// for a payment that waits, how to pay (the Pix QR code and code, or the card's checkout button).
import type { Api } from 'grammy';
import type { InlineKeyboardMarkup } from 'grammy/types';
import type { Lang } from '../../core/lang.ts';
import type { Logger } from '../../core/logger.ts';
import { CUSTOMER_EVENTS } from '../../core/notification-texts.ts';
import { BY_CUSTOMER_IN_CHAT, PAYMENT_EXPIRED } from '../../core/order.ts';
import type { OrderEventPayload } from '../../core/order-notification.ts';
import { button, inline } from './keyboards.ts';
import { cardCheckoutView, expiredMarkup, FALLBACK_TIME_ZONE, sendPix } from './payment-views.ts';
import { TEXTS, type TelegramTexts } from './telegram-texts.ts';

/**
 * A cash order placed in the chat is confirmed by the checkout's own reply; Pix and card are confirmed only when their
 * payment lands, and an order placed on the web and linked to the chat was never confirmed here.
 */
const confirmedAtCheckout = (event: OrderEventPayload) =>
  event.placedInChat === true && (event.confirmation?.payment === 'cash' || !event.confirmation);

/**
 * Events the chat already confirmed in its own reply, so a push would say it twice: the checkout's reply covers
 * RECEIVED, and CONFIRMED of a cash order (a Pix or card order gets its one confirmation from CONFIRMED, when the
 * payment landed; a failure still comes as its own event), and the chat's "yes" to an address change or a cancel is
 * answered there (a cancel by staff is still pushed).
 */
const confirmedInChat = (event: OrderEventPayload): boolean =>
  event.event === 'RECEIVED' ||
  (event.event === 'CONFIRMED' && confirmedAtCheckout(event)) ||
  event.event === 'ADDRESS_CHANGED' ||
  (event.event === 'CANCELLED' && event.by === BY_CUSTOMER_IN_CHAT);

/** Only customer-facing events of orders placed from a Telegram chat go to a chat, and none the chat already said. */
export const isForChat = (event: OrderEventPayload): event is OrderEventPayload & { telegramChatId: number } =>
  event.telegramChatId !== undefined && CUSTOMER_EVENTS.includes(event.event) && !confirmedInChat(event);

const textsOf = (event: OrderEventPayload): TelegramTexts => TEXTS[event.lang as Lang] ?? TEXTS['pt-BR'];

const orderButtons = (t: TelegramTexts, orderId: string): InlineKeyboardMarkup =>
  inline([button(t.orderButton(orderId), { op: 'status', orderId }), button(t.buttonMyOrders, { op: 'orders' })]);

/** What one event shows in the chat. */
async function deliver(api: Api, event: OrderEventPayload & { telegramChatId: number }): Promise<void> {
  const t = textsOf(event);
  const chatId = event.telegramChatId;
  const timeZone = event.timeZone ?? FALLBACK_TIME_ZONE;
  const pay = event.payment;
  if (event.event === 'AWAITING_PAYMENT' && pay?.pix) {
    await sendPix(api, chatId, t, { orderId: event.orderId, amount: pay.amount, pix: pay.pix, timeZone });
    return;
  }
  if (event.event === 'AWAITING_PAYMENT' && pay?.checkoutUrl) {
    const view = cardCheckoutView(t, {
      orderId: event.orderId,
      amount: pay.amount,
      checkoutUrl: pay.checkoutUrl,
      expiresAt: pay.expiresAt,
      timeZone,
    });
    await api.sendMessage(chatId, view.text, { reply_markup: view.markup });
    return;
  }
  if (event.event === 'CONFIRMED' && event.confirmation) {
    const { arrival, ...c } = event.confirmation;
    const text = t.orderPlaced({
      ...c,
      orderId: event.orderId,
      ...(arrival ? { arrival: new Date(arrival) } : {}),
      timeZone,
      paid: true,
    });
    await api.sendMessage(chatId, text, { reply_markup: orderButtons(t, event.orderId) });
    return;
  }
  if (event.event === 'PAYMENT_FAILED' && event.reason === PAYMENT_EXPIRED) {
    await api.sendMessage(chatId, event.text, { reply_markup: expiredMarkup(t, event.orderId, event.paymentMethod) });
    return;
  }
  await api.sendMessage(chatId, event.text);
}

/** Best effort by design: the same event also went out by SMS and e-mail, so a blocked bot never fails the order. */
export async function pushOrderEventToChat(api: Api, event: OrderEventPayload, log: Logger): Promise<boolean> {
  if (!isForChat(event)) return false;
  try {
    await deliver(api, event);
    return true;
  } catch (err) {
    log.warn('could not push an order event to Telegram', {
      orderId: event.orderId,
      event: event.event,
      error: err,
    });
    return false;
  }
}
