// Block Kit for orders: the order card (feed root, /pedido answer) with only the buttons that still apply, and the
// dates and links it shows.
import { createHash } from 'node:crypto';
import type { types } from '@slack/bolt';
import { CUSTOMER_TEXT_LIMITS, quoteCustomerText } from '../../core/customer-text.ts';
import { formatMoney, type Lang } from '../../core/lang.ts';
import {
  NEXT_STAGE,
  type Order,
  type OrderStatus,
  paidAmount,
  paidOnDelivery,
  refundedAmount,
} from '../../core/order.ts';
import { type AdvanceTarget, ORDERS_TEXTS } from './orders-texts.ts';
import { clip, escapeMrkdwn } from './slack-text.ts';

export type Block = types.KnownBlock;
export interface SlackMessageContent {
  text: string;
  blocks: Block[];
}

/** Button action ids: `order_advance:<target stage>` (the stage the card offered, so a stale click is caught) and `order_cancel`. */
export const ADVANCE_ACTION_PREFIX = 'order_advance:';
export const ADVANCE_ACTION = /^order_advance:(PREPARING|OUT_FOR_DELIVERY|DELIVERED)$/;
export const CANCEL_ACTION = 'order_cancel';

/** The button value is the order's FIFO group (slack-edge.ts): every click on one order is handled in order with its events. */
export const orderButtonValue = (orderId: string) => `order:${orderId}`;
export function orderIdOfButton(value: string | undefined): string | undefined {
  return /^order:([A-Z0-9]{1,32})$/.exec(value ?? '')?.[1];
}

export const STATUS_EMOJI: Record<OrderStatus, string> = {
  RECEIVED: '📥',
  AWAITING_PAYMENT: '⏳',
  CONFIRMED: '✅',
  PREPARING: '👩‍🍳',
  OUT_FOR_DELIVERY: '🛵',
  DELIVERED: '📦',
  CANCELLED: '❌',
  UNAVAILABLE: '⚠️',
  PAYMENT_FAILED: '💳',
  REJECTED: '🚫',
};

/** Staff may cancel an order still waiting for its payment; there is no stage to advance it to (it waits for money). */
const CANCELLABLE: readonly OrderStatus[] = ['RECEIVED', 'AWAITING_PAYMENT', 'CONFIRMED', 'PREPARING'];

/** A date Slack shows in each reader's own time zone; the fallback (UTC) is for clients that cannot. */
export function slackDate(iso: string): string {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return escapeMrkdwn(iso);
  return `<!date^${Math.floor(ms / 1000)}^{date_short_pretty} {time}|${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC>`;
}

/** A time of day Slack shows in each reader's own time zone ("21:40"); the fallback is UTC. */
export function slackTime(iso: string): string {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return escapeMrkdwn(iso);
  return `<!date^${Math.floor(ms / 1000)}^{time}|${new Date(ms).toISOString().slice(11, 16)} UTC>`;
}

export const slackLink = (url: string, label: string) => `<${url.replace(/[<>|]/g, '')}|${escapeMrkdwn(label)}>`;

/** When the order entered its current status (the last history entry for it), else when it was placed. */
export function statusSince(order: Order): string {
  return [...order.history].reverse().find((h) => h.status === order.status)?.at ?? order.createdAt;
}

function statusLine(order: Order, lang: Lang): string {
  const t = ORDERS_TEXTS[lang];
  const reason = order.reason && order.status !== 'CANCELLED' ? (t.reason[order.reason] ?? order.reason) : undefined;
  const waiting = order.status === 'AWAITING_PAYMENT' ? order.awaitingPayment : undefined;
  const paying = waiting
    ? ` ${t.card.awaitingPayment(t.payment[order.payment.method], slackTime(waiting.expiresAt))}`
    : '';
  return `${STATUS_EMOJI[order.status]} *${t.status[order.status]}*${paying}${reason ? ` — ${escapeMrkdwn(reason)}` : ''}`;
}

/** The buttons that still apply to an order in this status: the next stage, and cancel (with Slack's confirmation dialog). */
export function orderButtons(order: Order, lang: Lang): Block | undefined {
  const t = ORDERS_TEXTS[lang];
  const money = (c: number) => formatMoney(c, lang);
  const value = orderButtonValue(order.orderId);
  const elements: types.Button[] = [];
  const next = NEXT_STAGE[order.status] as AdvanceTarget | undefined;
  if (next) {
    elements.push({
      type: 'button',
      action_id: `${ADVANCE_ACTION_PREFIX}${next}`,
      style: 'primary',
      value,
      text: { type: 'plain_text', text: t.advance[next] },
    });
  }
  if (CANCELLABLE.includes(order.status)) {
    const paid = paidAmount(order);
    const cash = paidOnDelivery(order);
    // Waiting for a Pix or a checkout: nothing to refund yet, so the button says cancel, not refund.
    const unpaidWait = order.status === 'AWAITING_PAYMENT' && paid === 0;
    const label = cash || unpaidWait ? t.cancel.cashButton : t.cancel.button;
    elements.push({
      type: 'button',
      action_id: CANCEL_ACTION,
      style: 'danger',
      value,
      text: { type: 'plain_text', text: label },
      confirm: {
        title: { type: 'plain_text', text: t.cancel.title },
        // Plain text (Slack's dialog does not render mrkdwn reliably), so the customer's name needs no escaping here.
        text: {
          type: 'plain_text',
          text: clip(
            `${t.card.title(order.orderId)} · ${quoteCustomerText(order.customer.name, CUSTOMER_TEXT_LIMITS.name)}\n${cash ? t.cancel.cash : paid > 0 ? t.cancel.paid(money(paid)) : unpaidWait ? t.cancel.awaiting : t.cancel.unpaid}`,
            300,
          ),
        },
        confirm: { type: 'plain_text', text: cash || unpaidWait ? t.cancel.cashButton : t.cancel.confirm },
        deny: { type: 'plain_text', text: t.cancel.deny },
        style: 'danger',
      },
    });
  }
  return elements.length ? { type: 'actions', block_id: 'order_actions', elements } : undefined;
}

/**
 * The order card: id, status, customer and phone, items, total, address with its complement and reference, the
 * customer's note, payment, where it was placed. `actions: false` leaves the buttons out; `permalink` adds a link to
 * the order's feed thread (for copies of the card outside the feed).
 *
 * The phone is on the card for everyone who sees it: the card is posted in the support channel, whose members are the
 * staff, and /pedido answers members only (ephemeral); nobody else is ever shown it.
 */
/** A map of the delivery point that opens in any phone's maps app. */
export const mapLink = (lat: number, lon: number): string =>
  `https://www.google.com/maps/search/?api=1&query=${lat.toFixed(6)},${lon.toFixed(6)}`;

export function orderCard(
  order: Order,
  lang: Lang,
  opts: { actions?: boolean; permalink?: string } = {},
): SlackMessageContent {
  const t = ORDERS_TEXTS[lang];
  const money = (c: number) => formatMoney(c, lang);
  const customer = escapeMrkdwn(quoteCustomerText(order.customer.name, CUSTOMER_TEXT_LIMITS.name));
  const items = order.items
    .map((l) => `• ${l.qty}× ${escapeMrkdwn(clip(l.name, 120))} — ${money(l.price * l.qty)}`)
    .join('\n');
  const distance = order.distanceKm !== undefined ? ` (${t.card.distance(order.distanceKm.toFixed(1))})` : '';
  // What the customer typed reaches staff quoted and escaped (core/customer-text.ts), all of it: the rider needs it.
  const typed = (text: string, max: number) => escapeMrkdwn(quoteCustomerText(text, max));
  const address = [
    `*${t.card.address}*\n${typed(order.address.text, CUSTOMER_TEXT_LIMITS.deliveryAddress)}${distance}`,
    // The exact point, as a map link: a shared location's label is a place name, and the rider needs the pin.
    slackLink(mapLink(order.address.lat, order.address.lon), `🗺️ ${t.card.map}`),
    ...(order.address.complement
      ? [`*${t.card.complement}:* ${typed(order.address.complement, CUSTOMER_TEXT_LIMITS.deliveryAddress)}`]
      : []),
    ...(order.address.reference
      ? [`*${t.card.reference}:* ${typed(order.address.reference, CUSTOMER_TEXT_LIMITS.deliveryAddress)}`]
      : []),
  ].join('\n');
  const context: string[] = [t.card.placed(slackDate(order.createdAt))];
  if (order.customer.telegramChatId !== undefined) context.push(`✈️ ${t.card.fromTelegram}`);
  const refunded = refundedAmount(order);
  if (refunded > 0) context.push(`↩️ ${t.card.refunded(money(refunded))}`);
  if ((order.overdueAlerts ?? 0) > 0 && NEXT_STAGE[order.status]) context.push(t.card.overdue(order.overdueAlerts!));
  if (opts.permalink) context.push(slackLink(opts.permalink, t.card.thread));

  const blocks: Block[] = [
    {
      type: 'header',
      text: { type: 'plain_text', text: clip(`${STATUS_EMOJI[order.status]} ${t.card.title(order.orderId)}`, 150) },
    },
    {
      type: 'section',
      fields: [
        { type: 'mrkdwn', text: `*${t.card.status}*\n${statusLine(order, lang)}` },
        {
          type: 'mrkdwn',
          text: `*${t.card.customer}*\n${customer}\n${t.card.phone(escapeMrkdwn(order.customer.phone))}`,
        },
        {
          type: 'mrkdwn',
          text: `*${t.card.total}*\n${
            feeKnown(order)
              ? t.card.totalDetail(money(order.total), money(order.deliveryFee))
              : t.card.totalFeePending(money(order.subtotal))
          }`,
        },
        {
          type: 'mrkdwn',
          text: `*${t.card.payment}*\n${t.payment[order.payment.method]}${order.changeFor ? `\n${t.card.changeFor(money(order.changeFor))}` : ''}`,
        },
      ],
    },
    { type: 'section', text: { type: 'mrkdwn', text: clip(`*${t.card.items}*\n${items}`, 2900) } },
    { type: 'section', text: { type: 'mrkdwn', text: clip(address, 2900) } },
    ...(order.note
      ? [
          {
            type: 'section',
            text: {
              type: 'mrkdwn',
              text: clip(`📝 *${t.card.note}*\n${typed(order.note, CUSTOMER_TEXT_LIMITS.message)}`, 2900),
            },
          } satisfies Block,
        ]
      : []),
    { type: 'context', elements: context.map((text) => ({ type: 'mrkdwn' as const, text })) },
  ];
  const buttons = opts.actions === false ? undefined : orderButtons(order, lang);
  if (buttons) blocks.push(buttons);
  // The notification and screen-reader text; Slack shows the blocks.
  const text = t.card.summary(
    order.orderId,
    t.status[order.status],
    customer,
    feeKnown(order) ? money(order.total) : t.card.totalFeePending(money(order.subtotal)),
  );
  return { text, blocks };
}

/**
 * Whether the delivery fee is priced yet: a RECEIVED order has not had its distance measured, and its fee of 0 means
 * "not known", not "free". Once priced (a distance, a fee, or any later status) the card shows it.
 */
const feeKnown = (o: Order) => o.status !== 'RECEIVED' || o.distanceKm !== undefined || o.deliveryFee > 0;

/** What the card shows, as a short fingerprint: an unchanged card is not edited again. */
export function cardFingerprint(card: SlackMessageContent): string {
  return createHash('sha256').update(JSON.stringify(card)).digest('base64url').slice(0, 22);
}
