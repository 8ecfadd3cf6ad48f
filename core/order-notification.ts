// Builds the one SNS-ready event published for each order change: per-protocol texts plus filterable attributes.
import { type OrderEventName, renderOrderEvent } from './notification-texts.ts';
import type { Order } from './order.ts';

/** The structured body every subscriber (Telegram, Slack, metrics) receives as the `default` message. */
export interface OrderEventPayload {
  event: OrderEventName;
  orderId: string;
  customerId: string;
  status: string;
  reason?: string;
  lang: string;
  text: string;
  at: string;
  telegramChatId?: number;
  total: number;
  /** Who made the order's latest status change ("customer", a staff id): a chat skips what it confirmed itself. */
  by?: string;
}

/** Shaped exactly like SNS Publish parameters, so the workflow can publish it with a direct integration. */
export interface OrderNotification {
  Message: string;
  MessageStructure: 'json';
  MessageAttributes: Record<'event' | 'orderId' | 'customerId', { DataType: 'String'; StringValue: string }>;
}

export function buildOrderNotification(event: OrderEventName, order: Order, at: Date): OrderNotification {
  const text = renderOrderEvent(event, order, order.customer.lang);
  const payload: OrderEventPayload = {
    event,
    orderId: order.orderId,
    customerId: order.customer.id,
    status: order.status,
    lang: order.customer.lang,
    text,
    at: at.toISOString(),
    total: order.total,
  };
  if (order.reason) payload.reason = order.reason;
  const by = order.history.at(-1)?.by;
  if (by) payload.by = by;
  if (order.customer.telegramChatId !== undefined) payload.telegramChatId = order.customer.telegramChatId;
  return {
    // Per-protocol bodies: e-mail and SMS subscribers get the sentence, everything else the JSON payload.
    Message: JSON.stringify({ default: JSON.stringify(payload), email: text, sms: text }),
    MessageStructure: 'json',
    MessageAttributes: {
      event: { DataType: 'String', StringValue: event },
      orderId: { DataType: 'String', StringValue: order.orderId },
      customerId: { DataType: 'String', StringValue: order.customer.id },
    },
  };
}

export function parseNotification(n: OrderNotification): { payload: OrderEventPayload; sms: string; email: string } {
  const bodies = JSON.parse(n.Message) as { default: string; email: string; sms: string };
  return { payload: JSON.parse(bodies.default) as OrderEventPayload, sms: bodies.sms, email: bodies.email };
}
