// Order buttons tell the truth when Slack throttles: the action's result is reported from what the use case did, the
// card's refresh is retried (honouring Retry-After), and a card still behind says so and catches up.
import { afterEach, describe, expect, it } from 'vitest';
import { ORDERS_TEXTS } from '../../../bots/slack/orders-texts.ts';
import type { RefundRequest } from '../../../core/ports.ts';
import {
  buttonsOf,
  cardText,
  ephemeralsTo,
  feedOf,
  placeConfirmedOrder,
  pressOrderButton,
} from './order-feed-helpers.ts';
import { ANA, BRUNO, type SlackHarness, startSlackHarness } from './slack-harness.ts';

const t = ORDERS_TEXTS.en.actions;
const tPt = ORDERS_TEXTS['pt-BR'].actions;
const RATE_LIMITED = (retryAfter: number) => ({ error: 'ratelimited', status: 429, retryAfter });

let h: SlackHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const order = (s: SlackHarness, id: string) => s.stack.deps.orders.get(id).then((o) => o!);
/** The chat.update calls on the card since `mark` (an index into the fake's calls), refused ones included. */
const cardUpdates = (s: SlackHarness, ts: string, mark: number) =>
  s.slack.calls.slice(mark).filter((c) => c.method === 'chat.update' && c.params.ts === ts);

describe('Slack order buttons under rate limits', () => {
  it('a press whose card refresh gets a 429 is not reported as a failure: the refresh waits out Retry-After and the card shows the new stage', async () => {
    // Prepare
    h = await startSlackHarness();
    const placed = await placeConfirmedOrder(h);
    const { thread } = await feedOf(h, placed.orderId);
    h.slack.failNext('chat.update', RATE_LIMITED(1));
    const mark = h.slack.calls.length;

    // Act
    await pressOrderButton(h, ANA, placed.orderId, { actionPrefix: 'order_advance:' });

    // Assess: moved once; no word of a failure; the refused edit was tried again no sooner than Slack asked
    const preparing = await order(h, placed.orderId);
    expect(preparing.status).toBe('PREPARING');
    expect(preparing.history.filter((e) => e.status === 'PREPARING')).toHaveLength(1);
    expect(ephemeralsTo(h, ANA)).toEqual([]);
    const [refused, retried] = cardUpdates(h, thread.ts, mark);
    expect(refused?.error).toBe('ratelimited');
    expect(retried?.error).toBeUndefined();
    expect(retried!.at - refused!.at).toBeGreaterThanOrEqual(1000);
    const { card } = await feedOf(h, placed.orderId);
    expect(cardText(card)).toContain('*Preparing*');
    expect(buttonsOf(card).map((b) => b.action_id)).toEqual(['order_advance:OUT_FOR_DELIVERY', 'order_cancel']);
  });

  it('a card Slack keeps refusing: the clicker is told the order moved and the card will catch up, and it does', async () => {
    // Prepare: Slack asks for a minute's pause, longer than a click may hold the order's queue
    h = await startSlackHarness({ staffLang: 'pt-BR' });
    const placed = await placeConfirmedOrder(h);
    h.slack.failNext('chat.update', RATE_LIMITED(60));

    // Act
    await pressOrderButton(h, ANA, placed.orderId, { actionPrefix: 'order_advance:' });

    // Assess: the truth, not "nothing was changed"; the order event's own refresh brought the card up to date
    expect((await order(h, placed.orderId)).status).toBe('PREPARING');
    expect(ephemeralsTo(h, ANA)).toEqual([tPt.movedCardLate(placed.orderId, 'Em preparo')]);
    expect(ephemeralsTo(h, ANA).join('\n')).not.toContain(tPt.failed(placed.orderId));
    expect(cardText((await feedOf(h, placed.orderId)).card)).toContain('*Em preparo*');
  });

  it('a cancel whose card refresh is refused is reported as done, once, with the refund', async () => {
    // Prepare
    h = await startSlackHarness();
    const placed = await placeConfirmedOrder(h);
    h.slack.failNext('chat.update', RATE_LIMITED(60));

    // Act
    await pressOrderButton(h, BRUNO, placed.orderId, { actionPrefix: 'order_cancel' });

    // Assess
    const cancelled = await order(h, placed.orderId);
    expect(cancelled.status).toBe('CANCELLED');
    expect(cancelled.refunds).toHaveLength(1);
    expect(ephemeralsTo(h, BRUNO)).toEqual([t.cancelledCardLate(placed.orderId)]);
    const { card, replies } = await feedOf(h, placed.orderId);
    expect(cardText(card)).toContain('*Cancelled*');
    expect(replies.filter((r) => r.text.startsWith('❌'))).toHaveLength(1);
  });

  it('when the use case fails after the order changed, the clicker is told what the order is now, not that nothing changed', async () => {
    // Prepare: the gateway refuses refunds, so the cancel fails after the order is marked cancelled
    h = await startSlackHarness({
      payments: (simulated) => ({
        charge: (req) => simulated.charge(req),
        refund: async (_req: RefundRequest) => {
          throw new Error('gateway unavailable');
        },
        findCharge: (orderId, key) => simulated.findCharge(orderId, key),
        getPayment: (id) => simulated.getPayment(id),
        cancelPayment: (id) => simulated.cancelPayment(id),
        listPayments: (since) => simulated.listPayments(since),
      }),
    });
    const placed = await placeConfirmedOrder(h);

    // Act
    await pressOrderButton(h, BRUNO, placed.orderId, { actionPrefix: 'order_cancel' });

    // Assess
    const now = await order(h, placed.orderId);
    expect(now.status).toBe('CANCELLED');
    expect(ephemeralsTo(h, BRUNO)).toEqual([t.changedThenFailed(placed.orderId, 'Cancelled')]);
  });
});
