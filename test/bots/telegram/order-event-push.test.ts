// Which order events reach a chat: what the chat itself already said is not repeated, and everything else is.
import { describe, expect, it } from 'vitest';
import { isForChat } from '../../../bots/telegram/order-event-push.ts';
import type { OrderEventName } from '../../../core/notification-texts.ts';
import { BY_CUSTOMER_IN_CHAT } from '../../../core/order.ts';
import type { OrderEventPayload } from '../../../core/order-notification.ts';

const confirmation = (payment: 'cash' | 'pix' | 'card') =>
  ({ payment }) as unknown as NonNullable<OrderEventPayload['confirmation']>;
const event = (name: OrderEventName, extra: Partial<OrderEventPayload> = {}): OrderEventPayload => ({
  event: name,
  orderId: 'ABC123',
  customerId: 'c_1',
  status: name,
  lang: 'pt-BR',
  text: `${name} text`,
  at: '2026-12-06T12:00:00.000Z',
  total: 1000,
  telegramChatId: 42,
  ...extra,
});

describe('isForChat', () => {
  it('skips the CONFIRMED of a cash order the chat placed (its checkout confirmed it), and sends the others', () => {
    expect(isForChat(event('CONFIRMED', { placedInChat: true, confirmation: confirmation('cash') }))).toBe(false);
    // Pix and card: the one confirmation comes when the payment lands.
    expect(isForChat(event('CONFIRMED', { placedInChat: true, confirmation: confirmation('pix') }))).toBe(true);
    // Placed on the web and linked to the chat later: this chat never confirmed it.
    expect(isForChat(event('CONFIRMED', { confirmation: confirmation('cash') }))).toBe(true);
  });

  it('skips a cancel the customer made in the chat, and tells the chat of one made on the web or by staff', () => {
    expect(isForChat(event('CANCELLED', { by: BY_CUSTOMER_IN_CHAT }))).toBe(false);
    expect(isForChat(event('CANCELLED', { by: 'customer' }))).toBe(true);
    expect(isForChat(event('CANCELLED', { by: 'slack:Ana' }))).toBe(true);
  });

  it('sends nothing to a chat an order never named, nor staff-only events', () => {
    expect(isForChat(event('PREPARING', { telegramChatId: undefined }))).toBe(false);
    expect(isForChat(event('STAGE_OVERDUE'))).toBe(false);
    expect(isForChat(event('RECEIVED'))).toBe(false);
    expect(isForChat(event('AWAITING_PAYMENT'))).toBe(true);
  });
});
