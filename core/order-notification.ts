// Builds the one SNS-ready event published for each order change: per-protocol texts plus filterable attributes.
import type { Store } from './catalog.ts';
import { estimateDelivery } from './delivery-eta.ts';
import { ETA_EVENTS, type OrderEventName, type PushEta, renderOrderEvent } from './notification-texts.ts';
import type { Order, PaymentMethod } from './order.ts';
import type { PixInstructions } from './payment-instructions.ts';

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
  /** AWAITING_PAYMENT: how to pay (the chat shows the QR, the copy-and-paste code or the checkout button). */
  payment?: { method: 'pix' | 'card'; amount: number; expiresAt: string; pix?: PixInstructions; checkoutUrl?: string };
  /** The store's time zone, when the event was built with the store: times in the chat are the shop's local time. */
  timeZone?: string;
  /**
   * CONFIRMED: the whole order, so the chat can send the one confirmation of an order whose payment landed after it
   * was placed (Pix, hosted checkout) without reading the order back.
   */
  confirmation?: OrderConfirmation;
  /** How the order is paid: what a chat offers when a payment expires (a new Pix, or the card checkout again). */
  paymentMethod?: 'card' | 'pix' | 'cash';
  /** The order was placed in the chat, whose reply confirmed it (a web order linked to a chat was not). */
  placedInChat?: boolean;
  /** Who made the order's latest status change ("customer", a staff id): a chat skips what it confirmed itself. */
  by?: string;
}

/** What a confirmation shows: the items, the fee and total, where it goes, how it is paid, and the estimated arrival. */
export interface OrderConfirmation {
  lines: { qty: number; name: string; lineTotal: number }[];
  deliveryFee: number;
  total: number;
  address: string;
  complement?: string;
  reference?: string;
  payment: PaymentMethod;
  /** ISO time of the estimated arrival, when there is an estimate. */
  arrival?: string;
}

/** The confirmation of `order`, with the estimate `arrival` when there is one. */
export function confirmationOf(order: Order, arrival: Date | undefined): OrderConfirmation {
  return {
    lines: order.items.map((l) => ({ qty: l.qty, name: l.name, lineTotal: l.qty * l.price })),
    deliveryFee: order.deliveryFee,
    total: order.subtotal + order.deliveryFee,
    address: order.address.text,
    ...(order.address.complement ? { complement: order.address.complement } : {}),
    ...(order.address.reference ? { reference: order.address.reference } : {}),
    payment: order.payment.method,
    ...(arrival ? { arrival: arrival.toISOString() } : {}),
  };
}

/** Shaped exactly like SNS Publish parameters, so the workflow can publish it with a direct integration. */
export interface OrderNotification {
  Message: string;
  MessageStructure: 'json';
  MessageAttributes: Record<'event' | 'orderId' | 'customerId', { DataType: 'String'; StringValue: string }>;
}

/** The store's kitchen and clock, for the estimate a stage's push carries. */
export type EtaStore = Pick<Store, 'prepMinutes' | 'delayMinutes' | 'timezone'>;

/** The estimate at `at` for the stages that carry one (ETA_EVENTS), when the store is known. */
function etaOf(event: OrderEventName, order: Order, at: Date, store: EtaStore | undefined): PushEta | undefined {
  if (!store || !ETA_EVENTS.includes(event)) return undefined;
  const eta = estimateDelivery(order, at, store);
  return eta.kind === 'estimate' ? { arrival: eta.arrival, timeZone: store.timezone } : undefined;
}

/** `store`: given, the CONFIRMED, PREPARING and OUT_FOR_DELIVERY texts carry the updated estimate. */
export function buildOrderNotification(
  event: OrderEventName,
  order: Order,
  at: Date,
  store?: EtaStore,
): OrderNotification {
  const eta = etaOf(event, order, at, store);
  const text = renderOrderEvent(event, order, order.customer.lang, eta);
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
  if (order.placedInChat) payload.placedInChat = true;
  payload.paymentMethod = order.payment.method;
  if (store) payload.timeZone = store.timezone;
  if (event === 'CONFIRMED') payload.confirmation = confirmationOf(order, eta?.arrival);
  const waiting = order.awaitingPayment;
  if (event === 'AWAITING_PAYMENT' && waiting && order.payment.method !== 'cash') {
    payload.payment = {
      method: order.payment.method,
      amount: waiting.amount,
      expiresAt: waiting.expiresAt,
      ...(waiting.pix ? { pix: waiting.pix } : {}),
      ...(waiting.checkoutUrl ? { checkoutUrl: waiting.checkoutUrl } : {}),
    };
  }
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
