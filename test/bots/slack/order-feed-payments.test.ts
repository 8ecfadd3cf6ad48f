// The order feed while a Pix waits: the card says "Awaiting payment (Pix, expires …)" and offers cancel but no stage,
// the thread flags a Pix that expired unpaid (stock released) and a late payment refunded.

import { afterEach, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../../apps/local/local-stack.ts';
import { cancelOrder } from '../../../core/cancel-order.ts';
import { formatMoney } from '../../../core/lang.ts';
import type { Order, OrderStatus } from '../../../core/order.ts';
import { orderBody, placeOrder } from '../../support/api-client.ts';
import { buttonsOf, cardText, feedOf } from './order-feed-helpers.ts';
import { type SlackHarness, startSlackHarness } from './slack-harness.ts';

let h: SlackHarness | undefined;

/** The customer's bank sends the money for a Pix whose order already ended (and whose Pix was cancelled). */
const payLate = (payments: LocalStack['payments'], id: string) => payments.pay(id, { late: true });
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function waitFor(s: SlackHarness, orderId: string, status: OrderStatus): Promise<Order> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const order = await s.stack.deps.orders.get(orderId);
    if (order?.status === status) return order;
    if (Date.now() > deadline) throw new Error(`order ${orderId} is ${order?.status}, expected ${status}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Waits until the order's `event` was published (a status is saved before its event goes out). */
async function waitForEvent(s: SlackHarness, orderId: string, event: string): Promise<void> {
  const published = () =>
    s.stack.notifier.events.some((e) => e.payload.orderId === orderId && e.payload.event === event);
  const deadline = Date.now() + 10_000;
  while (!published()) {
    if (Date.now() > deadline) throw new Error(`no ${event} event for order ${orderId}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A Pix order placed over HTTP, left waiting for its payment, with the feed caught up. */
async function pixWaiting(s: SlackHarness): Promise<Order> {
  const placed = await placeOrder(
    s.stack,
    orderBody({ items: [{ sku: 'PIZZA-MARG', qty: 1 }], payment: { method: 'pix' } }),
  );
  const order = await waitFor(s, placed.orderId, 'AWAITING_PAYMENT');
  await waitForEvent(s, placed.orderId, 'AWAITING_PAYMENT');
  await s.settle();
  return order;
}

const expiresLabel = (iso: string) =>
  `<!date^${Math.floor(Date.parse(iso) / 1000)}^{time}|${new Date(iso).toISOString().slice(11, 16)} UTC>`;

describe('Slack order feed: payments that wait', () => {
  it('shows a waiting Pix on the card in words, with its expiry, and offers cancel but no stage', async () => {
    // Prepare
    h = await startSlackHarness({ payment: { pixPaySeconds: 0, pixExpiryMinutes: 15 } });

    // Act
    const order = await pixWaiting(h);
    const { card, replies } = await feedOf(h, order.orderId);

    // Assess
    const expires = expiresLabel(order.awaitingPayment!.expiresAt);
    expect(cardText(card)).toContain(`⏳ *Awaiting payment* (Pix, expires ${expires})`);
    const buttons = buttonsOf(card);
    expect(buttons.map((b) => [b.action_id, b.label])).toEqual([['order_cancel', 'Cancel order']]);
    expect(JSON.stringify(buttons[0]!.confirm)).toContain('a payment that still lands is refunded automatically');
    expect(replies.map((r) => r.text)).toEqual([
      `⏳ Waiting for the customer to pay ${formatMoney(order.awaitingPayment!.amount, 'en')} by Pix (expires ${expires}). Nothing to do yet.`,
    ]);
  });

  it('shows the waiting Pix in Portuguese too', async () => {
    // Prepare
    h = await startSlackHarness({ staffLang: 'pt-BR', payment: { pixPaySeconds: 0, pixExpiryMinutes: 15 } });

    // Act
    const order = await pixWaiting(h);
    const { card } = await feedOf(h, order.orderId);

    // Assess
    expect(cardText(card)).toContain(
      `⏳ *Aguardando pagamento* (Pix, expira ${expiresLabel(order.awaitingPayment!.expiresAt)})`,
    );
    expect(buttonsOf(card).map((b) => b.label)).toEqual(['Cancelar pedido']);
  });

  it('flags a Pix that expired unpaid to the channel, with the stock released', async () => {
    // Prepare
    h = await startSlackHarness({ payment: { pixPaySeconds: 0, pixExpiryMinutes: 15 } });
    const order = await pixWaiting(h);
    const held = (await h.stack.deps.catalog.listProducts()).find((p) => p.sku === 'PIZZA-MARG')!.stock;

    // Act: the provider lets it expire, and tells us by webhook
    await h.stack.payments.expire(order.awaitingPayment!.chargeId);
    const ended = await waitFor(h, order.orderId, 'PAYMENT_FAILED');
    await waitForEvent(h, order.orderId, 'PAYMENT_FAILED');
    await h.settle();
    const { card, replies } = await feedOf(h, order.orderId);

    // Assess
    expect(ended.reason).toBe('PAYMENT_EXPIRED');
    const flag = replies.at(-1)!;
    expect(flag.text).toBe('⌛ Pix expired unpaid — stock released. Nothing was charged.');
    expect(flag.reply_broadcast).toBe(true);
    expect(buttonsOf(card)).toEqual([]);
    const after = (await h.stack.deps.catalog.listProducts()).find((p) => p.sku === 'PIZZA-MARG')!.stock;
    expect(after).toBe(held! + 1);
  });

  it('flags a payment that landed after the order was cancelled, and its automatic refund', async () => {
    // Prepare: staff cancel the waiting order; the customer pays the Pix anyway
    h = await startSlackHarness({ payment: { pixPaySeconds: 0, pixExpiryMinutes: 15 } });
    const order = await pixWaiting(h);
    await cancelOrder(h.stack.deps, order.orderId, 'staff');
    await waitFor(h, order.orderId, 'CANCELLED');

    // Act
    await payLate(h.stack.payments, order.awaitingPayment!.chargeId);
    await waitForEvent(h, order.orderId, 'PAYMENT_REFUNDED');
    await h.settle();
    const refunded = (await h.stack.deps.orders.get(order.orderId))!;
    const { replies } = await feedOf(h, order.orderId);

    // Assess
    const amount = formatMoney(order.awaitingPayment!.amount, 'en');
    const late = replies.filter((r) => r.text.startsWith('↩️'));
    expect(late.map((r) => r.text)).toEqual([
      `↩️ A Pix payment of ${amount} landed after the order had ended, and was refunded automatically.`,
    ]);
    expect(late[0]!.reply_broadcast).toBe(true);
    expect(refunded.refunds.map((r) => [r.amount, r.reason])).toEqual([[order.awaitingPayment!.amount, 'closing']]);
  });
});
