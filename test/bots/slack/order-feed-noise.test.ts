// The order feed without noise: one card per order however its first events arrive, and no "delivery R$0.00" before
// the fee is priced.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORDERS_TEXTS } from '../../../bots/slack/orders-texts.ts';
import { buildOrderNotification, type OrderEventPayload } from '../../../core/order-notification.ts';
import { SUPPORT_CHANNEL } from '../../support/fake-slack-api.ts';
import { cardText, placeConfirmedOrder } from './order-feed-helpers.ts';
import { type SlackHarness, startSlackHarness } from './slack-harness.ts';

let h: SlackHarness;
beforeAll(async () => {
  h = await startSlackHarness();
});
afterAll(async () => {
  await h.close();
});

/** A copy of a placed order under a new id, as it is the moment it is received (no fee, no distance yet). */
async function receivedCopy(orderId: string, newId: string) {
  const repo = h.stack.deps.orders;
  const o = (await repo.get(orderId))!;
  const { distanceKm: _unpriced, ...rest } = o;
  const received = {
    ...rest,
    orderId: newId,
    status: 'RECEIVED' as const,
    deliveryFee: 0,
    total: o.subtotal,
    history: [],
    version: 0,
  };
  expect(await repo.create(received)).toBe(true);
  return (await repo.get(newId))!;
}

/** The event as the feed's queue item carries it (the JSON payload of the SNS message). */
const eventOf = (order: Awaited<ReturnType<typeof receivedCopy>>, at = new Date()): OrderEventPayload =>
  JSON.parse(JSON.parse(buildOrderNotification('RECEIVED', order, at).Message).default);

const rootsOf = (orderId: string) =>
  h.slack.messages.filter((m) => m.channel === SUPPORT_CHANNEL && !m.thread_ts && m.text.includes(orderId));

describe('order feed noise', () => {
  it('one card for an order whose first events are handled at the same time (a redelivery, two workers)', async () => {
    // Prepare
    const placed = await placeConfirmedOrder(h);
    const order = await receivedCopy(placed.orderId, 'NOISE1');
    const first = eventOf(order);
    const again = { ...first, at: new Date(Date.now() + 5).toISOString() };

    // Act
    const c = h.stack.slack!.console;
    await Promise.all([
      c.handle({ kind: 'order_event', payload: first }),
      c.handle({ kind: 'order_event', payload: again }),
    ]);

    // Assess: one "received" card, no reply for the repeat
    const roots = rootsOf('NOISE1');
    expect(roots).toHaveLength(1);
    expect(h.slack.thread(SUPPORT_CHANNEL, roots[0]!.ts)).toHaveLength(1);
  });

  it('the first card says the delivery fee is being calculated, never "delivery R$0.00"', async () => {
    // Prepare
    const placed = await placeConfirmedOrder(h);
    const order = await receivedCopy(placed.orderId, 'NOISE2');

    // Act
    await h.stack.slack!.console.handle({
      kind: 'order_event',
      payload: eventOf(order),
    });

    // Assess
    const [card] = rootsOf('NOISE2');
    const text = cardText(card!);
    expect(text).toContain(ORDERS_TEXTS.en.card.totalFeePending('R$'.concat((order.subtotal / 100).toFixed(2))));
    expect(text).not.toMatch(/delivery R\$0[.,]00/);
    // Once priced, the card shows the fee (placeConfirmedOrder's own card)
    const [priced] = rootsOf(placed.orderId);
    expect(cardText(priced!)).toMatch(/\(delivery R\$\d+\.\d\d\)/);
  });
});
