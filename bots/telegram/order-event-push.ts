// Pushes each customer-facing order event into the customer's Telegram chat, in the text already written for them.
import type { Api } from 'grammy';
import type { Logger } from '../../core/logger.ts';
import { CUSTOMER_EVENTS } from '../../core/notification-texts.ts';
import type { OrderEventPayload } from '../../core/order-notification.ts';

/**
 * Events the chat already confirmed in its own reply, so a push would say it twice: the checkout's confirmation covers
 * RECEIVED and CONFIRMED (a failure still comes as its own event), and the chat's "yes" to an address change or a
 * cancel is answered there (a cancel by staff is still pushed).
 */
const confirmedInChat = (event: OrderEventPayload): boolean =>
  event.event === 'RECEIVED' ||
  event.event === 'CONFIRMED' ||
  event.event === 'ADDRESS_CHANGED' ||
  (event.event === 'CANCELLED' && event.by === 'customer');

/** Only customer-facing events of orders placed from a Telegram chat go to a chat, and none the chat already said. */
export const isForChat = (event: OrderEventPayload): event is OrderEventPayload & { telegramChatId: number } =>
  event.telegramChatId !== undefined && CUSTOMER_EVENTS.includes(event.event) && !confirmedInChat(event);

/** Best effort by design: the same event also went out by SMS and e-mail, so a blocked bot never fails the order. */
export async function pushOrderEventToChat(api: Api, event: OrderEventPayload, log: Logger): Promise<boolean> {
  if (!isForChat(event)) return false;
  try {
    await api.sendMessage(event.telegramChatId, event.text);
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
