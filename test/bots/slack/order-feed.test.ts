// The order feed: one card per order in the support channel, later events as replies in its thread, the card kept
// current, failures broadcast.
import { afterEach, describe, expect, it } from 'vitest';
import { readRecord, threadSubjectKey } from '../../../bots/slack/slack-records.ts';
import { formatMoney } from '../../../core/lang.ts';
import { call, orderBody, placeOrder, waitForAwaitingStaff, waitForStatus } from '../../support/api-client.ts';
import { SUPPORT_CHANNEL } from '../../support/fake-slack-api.ts';
import { buttonsOf, cardText, feedOf, inProgress, mrkdwnTexts, placeConfirmedOrder } from './order-feed-helpers.ts';
import { type SlackHarness, startSlackHarness } from './slack-harness.ts';

let h: SlackHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const rootsFor = (s: SlackHarness, orderId: string) =>
  s.slack.messages.filter((m) => !m.thread_ts && m.text.includes(orderId));

describe('Slack order feed', () => {
  it('posts one card per order with the key facts, then threads later events and keeps the card current', async () => {
    h = await startSlackHarness();
    const placed = await placeConfirmedOrder(
      h,
      {
        customer: { name: 'Carla <!channel> Dias', phone: '+5521911112222' },
        items: [
          { sku: 'PIZZA-MARG', qty: 2 },
          { sku: 'GUARANA-350', qty: 1 },
        ],
      },
      { fromChat: 4242 },
    );
    const order = (await h.stack.deps.orders.get(placed.orderId))!;
    const { thread, card, replies } = await feedOf(h, placed.orderId);

    expect(rootsFor(h, placed.orderId)).toHaveLength(1);
    expect(thread.channel).toBe(SUPPORT_CHANNEL);
    const text = cardText(card);
    expect(text).toContain(`Order ${placed.orderId}`);
    expect(text).toContain('*Confirmed*');
    // Customer text is escaped: a name cannot ping the channel.
    expect(text).toContain('Carla &lt;!channel&gt; Dias');
    expect(mrkdwnTexts(card.blocks).join('\n')).not.toContain('<!channel>');
    expect(card.text).not.toContain('<!channel>');
    expect(text).toContain(`2× Pizza margherita (8 fatias) — ${formatMoney(2 * 5490, 'en')}`);
    expect(text).toContain(formatMoney(order.total, 'en'));
    expect(text).toContain('Rua Barata Ribeiro 200, Copacabana');
    expect(text).toContain('Card');
    expect(text).toContain('Placed from Telegram');
    // RECEIVED posted the card; CONFIRMED is a reply, and the card was edited to the new status and buttons.
    expect(card.edits).toBeGreaterThanOrEqual(1);
    expect(replies.map((r) => r.text)).toEqual([
      `✅ Confirmed: ${formatMoney(order.total, 'en')}, Card. Next: start preparing.`,
    ]);
    expect(replies[0]!.reply_broadcast).toBeUndefined();
    const buttons = buttonsOf(card);
    expect(buttons.map((b) => [b.action_id, b.label, b.value])).toEqual([
      ['order_advance:PREPARING', 'Start preparing', `order:${placed.orderId}`],
      ['order_cancel', 'Cancel and refund', `order:${placed.orderId}`],
    ]);
    expect(buttons[1]!.confirm).toMatchObject({
      confirm: { text: 'Cancel and refund' },
      deny: { text: 'Keep the order' },
    });
    expect(JSON.stringify(buttons[1]!.confirm)).toContain(`gets ${formatMoney(order.total, 'en')} back`);
    expect(await readRecord(h.stack.sessions, threadSubjectKey(thread.channel, thread.ts))).toEqual({
      orderId: placed.orderId,
    });
    expect(thread.permalink).toMatch(/^https:\/\/fake\.slack\.com\/archives\/C0SUPPORT\/p\d+$/);

    // A stage moved through the API: a reply in the same thread saying who did it, and the card shows the next button.
    expect(
      (await call(h.stack, 'POST', `/api/orders/${placed.orderId}/advance`, { token: 'staff-secret' })).status,
    ).toBe(200);
    await h.settle();
    const after = await feedOf(h, placed.orderId);
    expect(rootsFor(h, placed.orderId)).toHaveLength(1);
    expect(after.replies.map((r) => r.text).at(-1)).toBe('👩‍🍳 *Preparing* (by staff (API)).');
    expect(cardText(after.card)).toContain('*Preparing*');
    expect(buttonsOf(after.card).map((b) => b.action_id)).toEqual(['order_advance:OUT_FOR_DELIVERY', 'order_cancel']);
    expect(await inProgress(h)).toEqual([
      expect.objectContaining({
        orderId: placed.orderId,
        status: 'PREPARING',
        customerName: 'Carla <!channel> Dias',
        permalink: thread.permalink,
      }),
    ]);
  });

  it('broadcasts a declined payment and missing stock to the channel, and the card keeps no buttons', async () => {
    h = await startSlackHarness();
    const declined = await placeOrder(
      h.stack,
      orderBody({ items: [{ sku: 'ACAI-300', qty: 1 }], payment: { method: 'card', token: 'tok_chargeDeclined' } }),
    );
    await waitForStatus(h.stack, declined.orderId, declined.accessToken, 'PAYMENT_FAILED');
    // MATE-500 has 2 in stock: the first order holds both, so the second is unavailable.
    await placeConfirmedOrder(h, {
      items: [{ sku: 'MATE-500', qty: 2 }],
      customer: { name: 'Davi', phone: '+5521922223333' },
    });
    const short = await placeOrder(
      h.stack,
      orderBody({ items: [{ sku: 'MATE-500', qty: 1 }], customer: { name: 'Eva', phone: '+5521933334444' } }),
    );
    await waitForStatus(h.stack, short.orderId, short.accessToken, 'UNAVAILABLE');
    // The status is saved before the stock is released and the closing event published: wait for the execution's end.
    await Promise.all([
      h.stack.engine.outcome(`order-${declined.orderId}`),
      h.stack.engine.outcome(`order-${short.orderId}`),
    ]);
    await h.settle();

    const failed = await feedOf(h, declined.orderId);
    expect(failed.replies).toHaveLength(1);
    expect(failed.replies[0]).toMatchObject({ reply_broadcast: true });
    expect(failed.replies[0]!.text).toMatch(/^⚠️ Payment declined \(R\$.*, Card\)\. Nothing was charged/);
    expect(cardText(failed.card)).toContain('*Payment failed* — payment declined');
    expect(buttonsOf(failed.card)).toEqual([]);

    const unavailable = await feedOf(h, short.orderId);
    expect(unavailable.replies.map((r) => [r.text, r.reply_broadcast])).toEqual([
      ['⚠️ Not placed, not enough stock: Mate gelado com limão 500 ml (asked 1, 0 left). Nothing was charged.', true],
    ]);
    expect(buttonsOf(unavailable.card)).toEqual([]);
    const index = await inProgress(h);
    expect(index.map((o) => o.orderId)).not.toContain(declined.orderId);
    expect(index.map((o) => o.orderId)).not.toContain(short.orderId);
  });

  it('handles a repeated event once: no second reply, no second card, no needless edit', async () => {
    h = await startSlackHarness();
    const placed = await placeConfirmedOrder(h);
    const before = await feedOf(h, placed.orderId);
    const updates = h.slack.callsOf('chat.update').length;
    const events = h.stack.notifier.eventsFor(placed.orderId).map((e) => e.payload);
    expect(events.map((e) => e.event)).toEqual(['RECEIVED', 'CONFIRMED']);

    // The same events again (an SNS re-delivery after the queue's dedupe window), straight into the console.
    for (const payload of events) await h.stack.slack!.console.handle({ kind: 'order_event', payload });

    const after = await feedOf(h, placed.orderId);
    expect(rootsFor(h, placed.orderId)).toHaveLength(1);
    expect(after.replies.map((r) => r.ts)).toEqual(before.replies.map((r) => r.ts));
    expect(h.slack.callsOf('chat.update')).toHaveLength(updates);
  });

  it('says in the thread, to the whole channel, when an order is stuck past the heartbeat', async () => {
    h = await startSlackHarness({ heartbeatMs: 400 });
    const placed = await placeConfirmedOrder(h);
    await new Promise<void>((resolve) => {
      if (h!.stack.notifier.eventsFor(placed.orderId).some((e) => e.payload.event === 'STAGE_OVERDUE')) resolve();
      else
        h!.stack.notifier.onEvent((e) => {
          if (e.payload.event === 'STAGE_OVERDUE') resolve();
        });
    });
    await h.settle();
    const { card, replies } = await feedOf(h, placed.orderId);
    const overdue = replies.filter((r) => r.text.startsWith('⏰'));
    expect(overdue.length).toBeGreaterThanOrEqual(1);
    expect(overdue[0]).toMatchObject({
      reply_broadcast: true,
      text: '⏰ Still *Confirmed*, past the expected time (alert 1). Can someone move it on?',
    });
    expect(cardText(card)).toContain('⏰ Past the expected time in this stage');
  });

  it('speaks Portuguese to staff when SLACK_STAFF_LANG is pt-BR', async () => {
    h = await startSlackHarness({ staffLang: 'pt-BR' });
    const placed = await placeConfirmedOrder(h, { payment: { method: 'pix' } });
    const order = (await h.stack.deps.orders.get(placed.orderId))!;
    const { card, replies } = await feedOf(h, placed.orderId);
    const text = cardText(card);
    expect(text).toContain(`Pedido ${placed.orderId}`);
    expect(text).toContain('*Situação*');
    expect(text).toContain('*Confirmado*');
    expect(text).toContain(formatMoney(order.total, 'pt-BR'));
    expect(buttonsOf(card).map((b) => b.label)).toEqual(['Começar preparo', 'Cancelar e estornar']);
    // A Pix waits for its payment first (paid at once in tests): the thread says so, then the confirmation.
    expect(replies.map((r) => r.text)).toEqual([
      expect.stringMatching(/^⏳ Aguardando o cliente pagar R\$\s\d+,\d\d com Pix \(expira <!date\^/),
      `✅ Confirmado: ${formatMoney(order.total, 'pt-BR')}, Pix. Próximo passo: começar o preparo.`,
    ]);
    await waitForAwaitingStaff(h.stack, placed.orderId);
  });
});
