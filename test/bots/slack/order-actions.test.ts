// Orders from Slack: the card's buttons advance a delivery to DELIVERED and cancel with a refund, members only; /pedido
// and /order show the card.
import { afterEach, describe, expect, it } from 'vitest';
import { formatMoney } from '../../../core/lang.ts';
import { SUPPORT_CHANNEL } from '../../support/fake-slack-api.ts';
import { blockActionBody, commandRequest, interactionRequest } from '../../support/slack-requests.ts';
import {
  buttonsOf,
  cardText,
  ephemeralsTo,
  feedOf,
  inProgress,
  placeConfirmedOrder,
  pressOrderButton,
  responseUrl,
} from './order-feed-helpers.ts';
import { ANA, BRUNO, OUTSIDER, type SlackHarness, startSlackHarness } from './slack-harness.ts';

let h: SlackHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const order = (s: SlackHarness, id: string) => s.stack.deps.orders.get(id).then((o) => o!);

async function command(s: SlackHarness, user: string, name: string, text: string) {
  const { id, url } = responseUrl(s);
  expect((await s.send(commandRequest(user, name, text, url))).status).toBe(200);
  const responses = s.slack.callsOf('respond').filter((c) => c.params.id === id);
  expect(responses).toHaveLength(1);
  return responses[0]!.params;
}

describe('Slack order actions', () => {
  it('advances a delivery to DELIVERED with three presses: workflow completed, each stage once in the thread, Ana in the history', async () => {
    h = await startSlackHarness();
    const placed = await placeConfirmedOrder(h);

    await pressOrderButton(h, ANA, placed.orderId, { actionPrefix: 'order_advance:' });
    expect((await order(h, placed.orderId)).status).toBe('PREPARING');
    expect(buttonsOf((await feedOf(h, placed.orderId)).card).map((b) => b.label)).toEqual([
      'Out for delivery',
      'Cancel and refund',
    ]);
    await pressOrderButton(h, ANA, placed.orderId, { actionPrefix: 'order_advance:' });
    expect((await order(h, placed.orderId)).status).toBe('OUT_FOR_DELIVERY');
    expect(buttonsOf((await feedOf(h, placed.orderId)).card).map((b) => b.label)).toEqual(['Mark delivered']);
    await pressOrderButton(h, ANA, placed.orderId, { actionPrefix: 'order_advance:' });

    expect(await h.stack.engine.outcome(`order-${placed.orderId}`)).toMatchObject({ status: 'SUCCEEDED' });
    const delivered = await order(h, placed.orderId);
    expect(delivered.status).toBe('DELIVERED');
    expect(delivered.history.filter((e) => e.by).map((e) => [e.status, e.by])).toEqual([
      ['PREPARING', 'slack:Ana'],
      ['OUT_FOR_DELIVERY', 'slack:Ana'],
      ['DELIVERED', 'slack:Ana'],
    ]);
    const { card, replies } = await feedOf(h, placed.orderId);
    expect(replies.map((r) => r.text)).toEqual([
      expect.stringMatching(/^✅ Confirmed/),
      '👩‍🍳 *Preparing* (by Ana).',
      '🛵 *Out for delivery* (by Ana).',
      '📦 *Delivered* (by Ana).',
    ]);
    expect(cardText(card)).toContain('*Delivered*');
    expect(buttonsOf(card)).toEqual([]);
    expect(ephemeralsTo(h, ANA)).toEqual([]);
    expect((await inProgress(h)).map((o) => o.orderId)).not.toContain(placed.orderId);
  });

  it('cancels with a refund after the confirmation dialog: order CANCELLED, refund recorded, Bruno in the history', async () => {
    h = await startSlackHarness();
    const placed = await placeConfirmedOrder(h);
    await pressOrderButton(h, BRUNO, placed.orderId, { actionPrefix: 'order_cancel' });

    const cancelled = await order(h, placed.orderId);
    expect(cancelled.status).toBe('CANCELLED');
    expect(cancelled.refunds.map((r) => r.amount)).toEqual([cancelled.total]);
    expect(cancelled.history.at(-1)).toMatchObject({ status: 'CANCELLED', by: 'slack:Bruno' });
    expect(await h.stack.engine.outcome(`order-${placed.orderId}`)).toMatchObject({ status: 'SUCCEEDED' });
    const { card, replies } = await feedOf(h, placed.orderId);
    expect(replies.map((r) => r.text).at(-1)).toBe(
      `❌ Cancelled by Bruno. Refunded ${formatMoney(cancelled.total, 'en')}.`,
    );
    expect(replies.filter((r) => r.text.startsWith('❌'))).toHaveLength(1);
    expect(cardText(card)).toContain('*Cancelled*');
    expect(cardText(card)).toContain(`Refunded ${formatMoney(cancelled.total, 'en')}`);
    expect(buttonsOf(card)).toEqual([]);

    // The same (now stale) button again: told it was already cancelled, and nothing is refunded twice.
    await pressOrderButton(h, BRUNO, placed.orderId, { actionId: 'order_cancel' });
    expect(ephemeralsTo(h, BRUNO)).toEqual([`Order ${placed.orderId} was already cancelled.`]);
    expect((await order(h, placed.orderId)).refunds).toHaveLength(1);
  });

  // Regression (issue 9): cancelling cash order J7ST97, the dialog said "The customer gets R$76.12 back" and the card
  // "Refunded R$76.12"; nothing had been charged.
  it('cancels a cash order saying nothing was charged: no refund in the dialog, the thread or the card', async () => {
    h = await startSlackHarness();
    const placed = await placeConfirmedOrder(h, { payment: { method: 'cash' } });
    const [cancel] = buttonsOf((await feedOf(h, placed.orderId)).card).filter((b) => b.action_id === 'order_cancel');
    expect(cancel!.label).toBe('Cancel order');
    expect(JSON.stringify(cancel!.confirm)).toContain('Cash on delivery: nothing was charged, so nothing is refunded.');
    expect(JSON.stringify(cancel!.confirm)).not.toMatch(/gets .* back/);

    await pressOrderButton(h, BRUNO, placed.orderId, { actionPrefix: 'order_cancel' });

    const cancelled = await order(h, placed.orderId);
    expect(cancelled.status).toBe('CANCELLED');
    expect(cancelled.refunds).toEqual([]);
    const { card, replies } = await feedOf(h, placed.orderId);
    expect(replies.map((r) => r.text).at(-1)).toBe(
      '❌ Cancelled by Bruno. Cash on delivery: nothing had been charged.',
    );
    expect(cardText(card)).not.toContain('Refunded');
  });

  it('refuses someone outside the support channel: an ephemeral refusal, and the order does not change', async () => {
    h = await startSlackHarness();
    const placed = await placeConfirmedOrder(h);
    const before = await order(h, placed.orderId);
    const thread = await feedOf(h, placed.orderId);

    await pressOrderButton(h, OUTSIDER, placed.orderId, { actionPrefix: 'order_advance:' });
    await pressOrderButton(h, OUTSIDER, placed.orderId, { actionPrefix: 'order_cancel' });

    expect(ephemeralsTo(h, OUTSIDER)).toEqual([
      'Only members of the support channel can act on orders. Ask to be added to the channel.',
      'Only members of the support channel can act on orders. Ask to be added to the channel.',
    ]);
    expect(h.slack.callsOf('chat.postEphemeral').every((c) => c.params.channel === SUPPORT_CHANNEL)).toBe(true);
    const after = await order(h, placed.orderId);
    expect(after.status).toBe('CONFIRMED');
    expect(after.history).toEqual(before.history);
    expect(after.taskToken).toBe(before.taskToken);
    expect((await feedOf(h, placed.orderId)).replies).toHaveLength(thread.replies.length);
  });

  it('a stale button never skips a stage, and a cancel too late is refused, each with an ephemeral note', async () => {
    h = await startSlackHarness();
    const placed = await placeConfirmedOrder(h);
    await pressOrderButton(h, ANA, placed.orderId, { actionPrefix: 'order_advance:' });
    // Bruno still sees the first card: "Start preparing".
    await pressOrderButton(h, BRUNO, placed.orderId, { actionId: 'order_advance:PREPARING' });
    expect(ephemeralsTo(h, BRUNO)).toEqual([
      `That button was out of date: order ${placed.orderId} is already *Preparing*. The card is up to date now.`,
    ]);
    const preparing = await order(h, placed.orderId);
    expect(preparing.status).toBe('PREPARING');
    expect(preparing.history.filter((e) => e.status === 'PREPARING')).toHaveLength(1);

    await pressOrderButton(h, ANA, placed.orderId, { actionPrefix: 'order_advance:' });
    await pressOrderButton(h, BRUNO, placed.orderId, { actionId: 'order_cancel' });
    expect(ephemeralsTo(h, BRUNO).at(-1)).toBe(
      `Order ${placed.orderId} can no longer be cancelled: it is *Out for delivery*.`,
    );
    expect((await order(h, placed.orderId)).status).toBe('OUT_FOR_DELIVERY');
    expect((await order(h, placed.orderId)).refunds).toEqual([]);
  });

  it('/pedido and /order: the card to the asker only; unknown, malformed and non-member answered clearly', async () => {
    h = await startSlackHarness();
    const placed = await placeConfirmedOrder(h);
    const { thread } = await feedOf(h, placed.orderId);

    const unknown = await command(h, ANA, '/pedido', 'ZZZZZZ');
    expect(unknown).toMatchObject({ response_type: 'ephemeral', text: 'No order ZZZZZZ was found.' });
    const malformed = await command(h, ANA, '/order', 'hello there');
    expect(malformed).toMatchObject({
      response_type: 'ephemeral',
      text: '"hello there" is not an order id. Try `/order Q4M8XZ` (6 letters and digits).',
    });
    expect(await command(h, ANA, '/pedido', '')).toMatchObject({ text: 'Which order? Try `/pedido Q4M8XZ`.' });
    const outsider = await command(h, OUTSIDER, '/pedido', placed.orderId);
    expect(outsider).toMatchObject({
      response_type: 'ephemeral',
      text: expect.stringMatching(/^Only members of the support channel/),
    });
    expect(JSON.stringify(outsider)).not.toContain('Pizza');

    const shown = await command(h, BRUNO, '/order', `#${placed.orderId.toLowerCase()}`);
    expect(shown.response_type).toBe('ephemeral');
    const blocks = shown as { blocks?: unknown[] };
    expect(cardText(blocks)).toContain(`Order ${placed.orderId}`);
    expect(cardText(blocks)).toContain(`<${thread.permalink}|Open the order thread>`);
    expect(buttonsOf(blocks).map((b) => b.action_id)).toEqual(['order_advance:PREPARING', 'order_cancel']);
  });

  it('a press on the ephemeral /pedido card acts and replaces that card through its response URL', async () => {
    h = await startSlackHarness();
    const placed = await placeConfirmedOrder(h);
    const { id, url } = responseUrl(h);
    const body = blockActionBody(
      ANA,
      { action_id: 'order_advance:PREPARING', value: `order:${placed.orderId}` },
      { ts: '1700000999.000100' },
      url,
    );
    body.container = { ...(body.container as object), is_ephemeral: true };
    await h.send(interactionRequest(body));

    expect((await order(h, placed.orderId)).status).toBe('PREPARING');
    const replaced = h.slack.callsOf('respond').find((c) => c.params.id === id);
    expect(replaced?.params).toMatchObject({ replace_original: true, response_type: 'ephemeral' });
    expect(buttonsOf(replaced!.params as { blocks?: unknown[] }).map((b) => b.label)).toEqual([
      'Out for delivery',
      'Cancel and refund',
    ]);
    // The feed card follows too.
    expect(cardText((await feedOf(h, placed.orderId)).card)).toContain('*Preparing*');
  });
});
