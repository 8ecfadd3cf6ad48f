// The order feed in the support channel: one card per order, each later event a reply in its thread, and the card kept
// to the order's current state.
import { setTimeout as sleep } from 'node:timers/promises';
import { CUSTOMER_TEXT_LIMITS, quoteCustomerText } from '../../core/customer-text.ts';
import { formatMoney, type Lang } from '../../core/lang.ts';
import { closingMoney, type Order, type OrderStatus, PAYMENT_EXPIRED, refundedFor } from '../../core/order.ts';
import type { OrderEventPayload } from '../../core/order-notification.ts';
import { slackErrorCode } from '../streaming/slack-surface.ts';
import { refreshDeskOrder } from './desk-orders.ts';
import { homeChanged } from './home-refresh.ts';
import { cardFingerprint, orderCard, STATUS_EMOJI, slackTime } from './order-card.ts';
import { actorOf, ORDERS_TEXTS } from './orders-texts.ts';
import type { SlackContext } from './slack-context.ts';
import {
  type OrderThread,
  orderThreadKey,
  readRecord,
  type ThreadSubject,
  threadSubjectKey,
  updateRecord,
} from './slack-records.ts';
import { escapeMrkdwn } from './slack-text.ts';

/** How many handled events an order's thread remembers (an order has a handful, plus at most 48 overdue alerts). */
const SEEN_EVENTS_KEPT = 64;
/** Events the whole channel should see, not only whoever follows the thread (a late payment refunded among them). */
const BROADCAST_EVENTS: readonly string[] = ['PAYMENT_FAILED', 'UNAVAILABLE', 'STAGE_OVERDUE', 'PAYMENT_REFUNDED'];

/**
 * Handles one order event. The first one posts the order card (the thread root); each later one is a short reply in
 * its thread (broadcast to the channel for payment failures, missing stock and overdue stages), and the card is edited
 * to show the order as it is now. A repeated event (same event and time) posts nothing again.
 */
export async function postOrderEvent(ctx: SlackContext, payload: OrderEventPayload): Promise<void> {
  const { sessions, log } = ctx.deps;
  // App Home lists the orders in progress by stage: its viewers get it again once this event is handled.
  homeChanged(ctx);
  const order = await ctx.deps.orders.orders.get(payload.orderId);
  if (!order) {
    log.warn('slack: an order event for an order that does not exist', {
      orderId: payload.orderId,
      event: payload.event,
    });
    return;
  }
  const eventKey = `${payload.event}@${payload.at}`;
  let thread = await readRecord<OrderThread>(sessions, orderThreadKey(order.orderId));
  if (!thread?.ts) {
    const card = await postOrderCard(ctx, order, eventKey);
    if (card.posted) {
      await refreshEscalation(ctx, order);
      return;
    }
    // Another handler posted the card meanwhile: this event is a later one in its thread.
    thread = card.thread;
  }
  if (!thread.seen?.includes(eventKey)) {
    const reply = eventReply(payload, order, ctx.t);
    if (reply) {
      await ctx.client.chat.postMessage({
        channel: thread.channel,
        thread_ts: thread.ts,
        text: reply,
        unfurl_links: false,
        unfurl_media: false,
        reply_broadcast: BROADCAST_EVENTS.includes(payload.event),
      });
    }
    // Remembered right after the reply: if what follows fails and the event comes again, the reply is not repeated.
    const known = thread;
    thread = await updateRecord<OrderThread>(sessions, orderThreadKey(order.orderId), (current) => {
      const base = current ?? known;
      return { ...base, seen: [...(base.seen ?? []), eventKey].slice(-SEEN_EVENTS_KEPT) };
    });
  }
  // Last: a failure here retries the event, and the steps above are already idempotent. (App Home needs nothing from
  // the feed: it reads the orders in progress from the order index by status.)
  await refreshOrderCard(ctx, order, thread);
  await refreshEscalation(ctx, order);
}

/** The customer's open escalation card follows the order too; a failure there is the card's, not the event's. */
async function refreshEscalation(ctx: SlackContext, order: Order): Promise<void> {
  try {
    await refreshDeskOrder(ctx, order);
  } catch (err) {
    ctx.deps.log.warn('slack: the escalation card could not follow its order', { orderId: order.orderId, error: err });
  }
}

/** How long a handler's claim to post an order's card holds (one Slack call and its quick retries). */
const CARD_CLAIM_MS = 30_000;
/** How often a handler that lost the claim looks for the card the winner posts. */
const CARD_CLAIM_POLL_MS = 100;

/**
 * Posts the card that becomes the order's thread, and remembers it (and the thread's subject, for the other features).
 * The thread record is claimed first (ts '' until the card is posted), so two handlers of the order's first events (a
 * redelivery, two workers) post one card: the other waits for it and returns it with `posted: false`.
 */
async function postOrderCard(
  ctx: SlackContext,
  order: Order,
  eventKey: string,
): Promise<{ posted: boolean; thread: OrderThread }> {
  const { sessions, log, supportChannel } = ctx.deps;
  const key = orderThreadKey(order.orderId);
  for (;;) {
    const now = Date.now();
    let mine = false;
    const claim = await updateRecord<OrderThread>(sessions, key, (current) => {
      const held = current && (current.ts || Date.parse(current.postingUntil ?? '') > now);
      mine = !held;
      return held
        ? current
        : {
            channel: supportChannel,
            ts: '',
            seen: [eventKey],
            postingUntil: new Date(now + CARD_CLAIM_MS).toISOString(),
          };
    });
    if (claim.ts) return { posted: false, thread: claim };
    if (mine) break;
    await sleep(CARD_CLAIM_POLL_MS);
  }
  const card = orderCard(order, ctx.t);
  const posted = await ctx.client.chat.postMessage({
    channel: supportChannel,
    text: card.text,
    blocks: card.blocks,
    unfurl_links: false,
    unfurl_media: false,
  });
  const channel = posted.channel ?? supportChannel;
  const ts = posted.ts!;
  let permalink: string | undefined;
  try {
    permalink = (await ctx.client.chat.getPermalink({ channel, message_ts: ts })).permalink;
  } catch (err) {
    log.warn('slack: no permalink for an order card', {
      orderId: order.orderId,
      code: slackErrorCode(err),
      error: err,
    });
  }
  const thread = await updateRecord<OrderThread>(sessions, key, (current) => {
    if (current?.ts) return current;
    const { postingUntil: _posted, ...rest } = current ?? { channel, ts, seen: [eventKey] };
    return { ...rest, channel, ts, card: cardFingerprint(card), ...(permalink ? { permalink } : {}) };
  });
  await updateRecord<ThreadSubject>(sessions, threadSubjectKey(channel, ts), () => ({ orderId: order.orderId }));
  if (thread.ts !== ts)
    log.warn('slack: an order got two cards (its claim expired while the card was posted)', { orderId: order.orderId });
  return { posted: true, thread };
}

/**
 * Edits the order's feed card to show `order` as it is, unless it already does. Returns the thread record (with the
 * card's new fingerprint). A card someone deleted is left alone.
 */
export async function refreshOrderCard(
  ctx: SlackContext,
  order: Order,
  known?: OrderThread,
): Promise<OrderThread | undefined> {
  const { sessions, log } = ctx.deps;
  const thread = known ?? (await readRecord<OrderThread>(sessions, orderThreadKey(order.orderId)));
  // No card yet, or one being posted right now (its handler posts it as the order is then).
  if (!thread?.ts) return undefined;
  const card = orderCard(order, ctx.t);
  const fingerprint = cardFingerprint(card);
  if (thread.card === fingerprint) return thread;
  try {
    await ctx.client.chat.update({ channel: thread.channel, ts: thread.ts, text: card.text, blocks: card.blocks });
  } catch (err) {
    if (slackErrorCode(err) !== 'message_not_found') throw err;
    log.warn('slack: the order card was deleted; not edited', { orderId: order.orderId });
    return thread;
  }
  return updateRecord<OrderThread>(sessions, orderThreadKey(order.orderId), (current) => ({
    ...(current ?? thread),
    card: fingerprint,
  }));
}

/** Who moved the order into `status`, from its history (the latest entry for that status). */
function byWhom(order: Order, status: string, lang: Lang): string | undefined {
  const by = [...order.history].reverse().find((h) => h.status === status)?.by;
  return by ? escapeMrkdwn(ORDERS_TEXTS[lang].actor(actorOf(by))) : undefined;
}

/** The thread reply for an event after the card, in mrkdwn; undefined when there is nothing to add. */
export function eventReply(payload: OrderEventPayload, order: Order, lang: Lang): string | undefined {
  const t = ORDERS_TEXTS[lang];
  const money = (c: number) => formatMoney(c, lang);
  const closing = closingMoney(order);
  const moneyBack =
    closing.kind === 'refunded'
      ? t.moneyBack.refunded(money(closing.amount))
      : closing.kind === 'refunding'
        ? t.moneyBack.refunding(money(closing.amount))
        : closing.kind === 'uncertain'
          ? t.moneyBack.uncertain
          : closing.cash
            ? t.moneyBack.cash
            : t.moneyBack.none;
  const payment = t.payment[order.payment.method];
  switch (payload.event) {
    case 'RECEIVED':
      return undefined;
    case 'CONFIRMED':
      return t.events.confirmed(money(order.total), payment);
    case 'PREPARING':
    case 'OUT_FOR_DELIVERY':
    case 'DELIVERED':
      return t.events.stage(
        `${STATUS_EMOJI[payload.event]} *${t.status[payload.event]}*`,
        byWhom(order, payload.event, lang),
      );
    case 'CANCELLED':
      return t.events.cancelled(byWhom(order, 'CANCELLED', lang), moneyBack);
    case 'UNAVAILABLE': {
      const missing = (order.missing ?? []).map((m) => {
        const name = order.items.find((l) => l.sku === m.sku)?.name ?? m.sku;
        return t.events.missingLine(escapeMrkdwn(name), m.requested, m.available);
      });
      return t.events.unavailable(missing.join(', ') || '—');
    }
    case 'AWAITING_PAYMENT': {
      const waiting = payload.payment ?? order.awaitingPayment;
      return waiting
        ? t.events.awaitingPayment(money(waiting.amount), payment, slackTime(waiting.expiresAt))
        : undefined;
    }
    case 'PAYMENT_FAILED':
      return payload.reason === PAYMENT_EXPIRED
        ? t.events.paymentExpired(order.payment.method === 'pix')
        : t.events.paymentFailed(money(order.total), payment);
    case 'PAYMENT_REFUNDED':
      return t.events.lateRefund(money(refundedFor(order, 'closing')), payment);
    case 'REJECTED':
      return order.reason === 'OUT_OF_DELIVERY_AREA' && order.distanceKm !== undefined
        ? t.events.rejectedOutOfArea(order.distanceKm.toFixed(1))
        : t.events.rejected(t.reason[order.reason ?? ''] ?? escapeMrkdwn(order.reason ?? '?'), moneyBack);
    case 'ADDRESS_CHANGED':
      return t.events.addressChanged(
        escapeMrkdwn(quoteCustomerText(order.address.text, CUSTOMER_TEXT_LIMITS.deliveryAddress)),
        money(order.deliveryFee),
        money(order.total),
      );
    case 'STAGE_OVERDUE': {
      // Someone moved it on since the alert: nothing to raise any more.
      if (order.status !== payload.status) return undefined;
      return t.events.overdue(t.status[order.status as OrderStatus], Math.max(1, order.overdueAlerts ?? 1));
    }
    default:
      return undefined;
  }
}
