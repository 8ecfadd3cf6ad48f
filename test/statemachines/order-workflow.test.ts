// The order workflow end to end: the real ASL under the local interpreter, over dynalite, driven through the HTTP API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../apps/local/local-stack.ts';
import {
  BARRA,
  COPACABANA,
  call,
  getOrder,
  IPANEMA,
  NITEROI,
  orderBody,
  placeOrder,
  stockOf,
  waitForAwaitingStaff,
  waitForStatus,
} from '../support/api-client.ts';
import { DEMO_PACKAGE } from '../support/demo-store.ts';

const STAFF = 'staff-token-for-tests';
let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack({ catalog: DEMO_PACKAGE, port: 0, staffToken: STAFF, retryIntervalMs: 5 });
});
afterAll(async () => {
  await stack?.stop();
});

const advance = (orderId: string) => call(stack, 'POST', `/api/orders/${orderId}/advance`, { token: STAFF });
/** Waits for the execution to end: the closing notification is its last step, after the status write. */
const finished = (orderId: string) => stack.engine.outcome(`order-${orderId}`);
const events = (orderId: string) => stack.notifier.eventsFor(orderId).map((e) => e.payload.event);

describe('happy path', () => {
  it('takes a card order to CONFIRMED with the delivery fee priced from the location, charged once', async () => {
    // Prepare
    const stockBefore = await stockOf(stack, 'ACAI-300');
    const chargesBefore = stack.payments.counters.charges;
    // Act
    const placed = await placeOrder(stack, orderBody({ items: [{ sku: 'ACAI-300', qty: 2 }] }));
    const order = await waitForStatus(stack, placed.orderId, placed.accessToken, 'CONFIRMED');
    // Assess: 0.79 km from the store → 500 + round(150 × 0.79) centavos
    expect(placed.status).toBe('RECEIVED');
    expect(order.subtotal).toBe(2 * 1890);
    expect(order.deliveryFee).toBeGreaterThan(500);
    expect(order.deliveryFee).toBeLessThan(500 + 150 * 2);
    expect(order.total).toBe(order.subtotal + order.deliveryFee);
    expect(order.history.map((h: { status: string }) => h.status)).toEqual(['RECEIVED', 'CONFIRMED']);
    expect(await stockOf(stack, 'ACAI-300')).toBe(stockBefore - 2);
    expect(stack.payments.counters.charges).toBe(chargesBefore + 1);
    expect(events(placed.orderId)).toEqual(['RECEIVED', 'CONFIRMED']);
  });

  it('publishes each change once with event/orderId/customerId attributes, SMS and e-mail in the customer language', async () => {
    const placed = await placeOrder(
      stack,
      orderBody({ items: [{ sku: 'GUARANA-350', qty: 1 }], payment: { method: 'pix' } }),
      { 'accept-language': 'en-US' },
    );
    await waitForStatus(stack, placed.orderId, placed.accessToken, 'CONFIRMED');
    // The workflow publishes right after the status write (NotifyConfirmed follows ConfirmOrder): wait for it.
    let confirmed = stack.notifier.eventsFor(placed.orderId).find((e) => e.payload.event === 'CONFIRMED');
    for (let i = 0; !confirmed && i < 100; i++) {
      await new Promise((r) => setTimeout(r, 20));
      confirmed = stack.notifier.eventsFor(placed.orderId).find((e) => e.payload.event === 'CONFIRMED');
    }
    if (!confirmed) throw new Error('no CONFIRMED event');
    expect(confirmed.attributes).toEqual({
      event: 'CONFIRMED',
      orderId: placed.orderId,
      customerId: expect.stringMatching(/^c_/),
    });
    expect(confirmed.deliveries.map((d) => d.channel)).toEqual(['sms', 'email']);
    expect(confirmed.deliveries[0]!.to).toBe('+5521987654321');
    expect(confirmed.deliveries[0]!.text).toMatch(new RegExp(`^Order ${placed.orderId} confirmed! Total R\\$`));
  });

  it('follows the delivery through staff callbacks to DELIVERED, and the execution succeeds', async () => {
    const placed = await placeOrder(
      stack,
      orderBody({ items: [{ sku: 'BRIGADEIRO-4', qty: 1 }], payment: { method: 'cash' } }),
    );
    await waitForStatus(stack, placed.orderId, placed.accessToken, 'CONFIRMED');

    const stages = [];
    for (let i = 0; i < 3; i++) {
      await waitForAwaitingStaff(stack, placed.orderId);
      const res = await advance(placed.orderId);
      expect(res.status).toBe(200);
      stages.push(res.body.status);
    }

    expect(stages).toEqual(['PREPARING', 'OUT_FOR_DELIVERY', 'DELIVERED']);
    const order = (await getOrder(stack, placed.orderId, placed.accessToken)).body;
    expect(order.history.map((h: { status: string }) => h.status)).toEqual([
      'RECEIVED',
      'CONFIRMED',
      'PREPARING',
      'OUT_FOR_DELIVERY',
      'DELIVERED',
    ]);
    expect(new Set(order.history.map((h: { at: string }) => Number.isNaN(Date.parse(h.at))))).toEqual(new Set([false]));
    expect(events(placed.orderId)).toEqual(['RECEIVED', 'CONFIRMED', 'PREPARING', 'OUT_FOR_DELIVERY', 'DELIVERED']);
    expect(await finished(placed.orderId)).toMatchObject({ status: 'SUCCEEDED' });
    expect((await advance(placed.orderId)).body.error.code).toBe('NO_STAGE_AWAITING');
  });

  it('moves one stage only when staff click advance twice at once', async () => {
    const placed = await placeOrder(
      stack,
      orderBody({ items: [{ sku: 'BRIGADEIRO-4', qty: 1 }], payment: { method: 'pix' } }),
    );
    await waitForStatus(stack, placed.orderId, placed.accessToken, 'CONFIRMED');
    await waitForAwaitingStaff(stack, placed.orderId);

    const [a, b] = await Promise.all([advance(placed.orderId), advance(placed.orderId)]);

    expect([a.status, b.status]).toEqual([200, 200]);
    expect([a.body.status, b.body.status]).toEqual(['PREPARING', 'PREPARING']);
    await waitForAwaitingStaff(stack, placed.orderId);
    expect((await getOrder(stack, placed.orderId, placed.accessToken)).body.status).toBe('PREPARING');
  });
});

describe('orders that cannot go on', () => {
  it('reports UNAVAILABLE when a line is short, charging nothing', async () => {
    const chargesBefore = stack.payments.counters.charges;
    const placed = await placeOrder(stack, orderBody({ items: [{ sku: 'MATE-500', qty: 3 }] }));
    const order = await waitForStatus(stack, placed.orderId, placed.accessToken, 'UNAVAILABLE');
    expect(order.reason).toBe('OUT_OF_STOCK');
    await finished(placed.orderId);
    expect(await stockOf(stack, 'MATE-500')).toBe(2);
    expect(stack.payments.counters.charges).toBe(chargesBefore);
    const text = stack.notifier.eventsFor(placed.orderId).find((e) => e.payload.event === 'UNAVAILABLE')!
      .deliveries[0]!.text;
    expect(text).toContain('Mate gelado');
    expect(text).toContain('Nada foi cobrado');
  });

  it('reserves nothing from a multi-item order with one short line', async () => {
    const [acai, pizza] = [await stockOf(stack, 'ACAI-500'), await stockOf(stack, 'PIZZA-FRANGO')];
    const placed = await placeOrder(
      stack,
      orderBody({
        items: [
          { sku: 'ACAI-500', qty: 2 },
          { sku: 'PIZZA-FRANGO', qty: pizza + 1 },
        ],
      }),
    );
    await waitForStatus(stack, placed.orderId, placed.accessToken, 'UNAVAILABLE');
    expect(await stockOf(stack, 'ACAI-500')).toBe(acai);
    expect(await stockOf(stack, 'PIZZA-FRANGO')).toBe(pizza);
    const stored = await stack.deps.orders.get(placed.orderId);
    expect(stored!.missing).toEqual([{ sku: 'PIZZA-FRANGO', requested: pizza + 1, available: pizza }]);
  });

  it('marks a declined card PAYMENT_FAILED and releases the held stock', async () => {
    const before = await stockOf(stack, 'PIZZA-CALA');
    const placed = await placeOrder(
      stack,
      orderBody({ items: [{ sku: 'PIZZA-CALA', qty: 2 }], payment: { method: 'card', token: 'tok_chargeDeclined' } }),
    );
    const order = await waitForStatus(stack, placed.orderId, placed.accessToken, 'PAYMENT_FAILED');
    expect(order.reason).toBe('PAYMENT_DECLINED');
    expect(await stockOf(stack, 'PIZZA-CALA')).toBe(before);
    expect(await finished(placed.orderId)).toMatchObject({ status: 'SUCCEEDED' });
    expect(events(placed.orderId)).toEqual(['RECEIVED', 'PAYMENT_FAILED']);
  });

  it('rejects an address outside the delivery radius with OUT_OF_DELIVERY_AREA, releasing stock', async () => {
    const before = await stockOf(stack, 'PIZZA-MARG');
    const placed = await placeOrder(stack, orderBody({ items: [{ sku: 'PIZZA-MARG', qty: 1 }], address: NITEROI }));
    const order = await waitForStatus(stack, placed.orderId, placed.accessToken, 'REJECTED');
    expect(order.reason).toBe('OUT_OF_DELIVERY_AREA');
    expect(order.deliveryFee).toBe(0);
    expect(await stockOf(stack, 'PIZZA-MARG')).toBe(before);
    await finished(placed.orderId);
    expect(stack.notifier.eventsFor(placed.orderId).at(-1)!.deliveries[0]!.text).toMatch(
      /fora da nossa área de entrega/,
    );
  });
});

describe('Idempotency-Key', () => {
  it('returns the same order for the same key, even for concurrent retries, and reserves once', async () => {
    const before = await stockOf(stack, 'ACAI-CUPU');
    const body = orderBody({
      customer: { name: 'Bia', phone: '+5521911112222' },
      items: [{ sku: 'ACAI-CUPU', qty: 1 }],
    });
    const headers = { 'idempotency-key': 'checkout-7f3a9c' };

    const first = await placeOrder(stack, body, headers);
    const retries = await Promise.all(Array.from({ length: 5 }, () => placeOrder(stack, body, headers)));

    // The same order each time; its token went to the first answer only (a replay cannot prove it sent the first).
    for (const r of retries) expect(r).toEqual({ orderId: first.orderId, status: expect.any(String) });
    await waitForStatus(stack, first.orderId, first.accessToken, 'CONFIRMED');
    const mine = await stack.deps.orders.listByCustomer((await stack.deps.orders.get(first.orderId))!.customer.id, 10);
    expect(mine.map((o) => o.orderId)).toEqual([first.orderId]);
    expect(await stockOf(stack, 'ACAI-CUPU')).toBe(before - 1);
  });
});

describe('address change', () => {
  it('re-prices before dispatch, charging or refunding the difference; refuses out of area (422) and after dispatch (409)', async () => {
    const placed = await placeOrder(stack, orderBody({ items: [{ sku: 'GUARANA-350', qty: 2 }] }));
    const confirmed = await waitForStatus(stack, placed.orderId, placed.accessToken, 'CONFIRMED');
    const change = (address: object) =>
      call(stack, 'POST', `/api/orders/${placed.orderId}/address`, { token: placed.accessToken, body: address });

    const farther = await change(IPANEMA);
    expect(farther.status).toBe(200);
    expect(farther.body.deliveryFee).toBeGreaterThan(confirmed.deliveryFee);
    expect(farther.body.total).toBe(farther.body.subtotal + farther.body.deliveryFee);
    expect(farther.body.address).toEqual(IPANEMA);
    let stored = (await stack.deps.orders.get(placed.orderId))!;
    expect(stored.charges.reduce((s, c) => s + c.amount, 0)).toBe(farther.body.total);

    const back = await change(COPACABANA);
    expect(back.body.total).toBe(confirmed.total);
    stored = (await stack.deps.orders.get(placed.orderId))!;
    const paid = stored.charges.reduce((s, c) => s + c.amount, 0) - stored.refunds.reduce((s, r) => s + r.amount, 0);
    expect(paid).toBe(confirmed.total);

    const far = await change(BARRA);
    expect(far.status).toBe(422);
    expect(far.body.error.code).toBe('OUT_OF_DELIVERY_AREA');

    await waitForAwaitingStaff(stack, placed.orderId);
    await advance(placed.orderId);
    await waitForAwaitingStaff(stack, placed.orderId);
    expect((await advance(placed.orderId)).body.status).toBe('OUT_FOR_DELIVERY');
    const late = await change(IPANEMA);
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('ADDRESS_CHANGE_NOT_ALLOWED');
    expect(events(placed.orderId).filter((e) => e === 'ADDRESS_CHANGED')).toHaveLength(2);
  });
});

describe('cancel', () => {
  it('refunds what was charged, puts stock back, ends the waiting workflow, and is safe to repeat', async () => {
    const before = await stockOf(stack, 'PIZZA-PORT');
    const placed = await placeOrder(stack, orderBody({ items: [{ sku: 'PIZZA-PORT', qty: 2 }] }));
    await waitForStatus(stack, placed.orderId, placed.accessToken, 'CONFIRMED');
    await waitForAwaitingStaff(stack, placed.orderId);
    const refundsBefore = stack.payments.counters.refunds;

    const res = await call(stack, 'POST', `/api/orders/${placed.orderId}/cancel`, { token: placed.accessToken });
    const again = await call(stack, 'POST', `/api/orders/${placed.orderId}/cancel`, { token: placed.accessToken });

    expect(res.status).toBe(200);
    expect(res.body.status).toBe('CANCELLED');
    expect(again.status).toBe(200);
    const stored = (await stack.deps.orders.get(placed.orderId))!;
    expect(stored.refunds.reduce((s, r) => s + r.amount, 0)).toBe(stored.total);
    expect(stack.payments.counters.refunds).toBe(refundsBefore + 1);
    expect(await stockOf(stack, 'PIZZA-PORT')).toBe(before);
    expect(await finished(placed.orderId)).toMatchObject({ status: 'SUCCEEDED' });
    expect(events(placed.orderId).filter((e) => e === 'CANCELLED')).toHaveLength(1);
    expect(stack.notifier.eventsFor(placed.orderId).at(-1)!.deliveries[0]!.text).toMatch(/Estornamos R\$/);
  });

  it('refuses once the order is out for delivery (409 ORDER_NOT_CANCELLABLE); staff may cancel before', async () => {
    const placed = await placeOrder(stack, orderBody({ items: [{ sku: 'GUARANA-350', qty: 1 }] }));
    await waitForStatus(stack, placed.orderId, placed.accessToken, 'CONFIRMED');
    for (let i = 0; i < 2; i++) {
      await waitForAwaitingStaff(stack, placed.orderId);
      await advance(placed.orderId);
    }
    const res = await call(stack, 'POST', `/api/orders/${placed.orderId}/cancel`, { token: STAFF });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('ORDER_NOT_CANCELLABLE');

    const other = await placeOrder(stack, orderBody({ items: [{ sku: 'GUARANA-350', qty: 1 }] }));
    await waitForStatus(stack, other.orderId, other.accessToken, 'CONFIRMED');
    expect((await call(stack, 'POST', `/api/orders/${other.orderId}/cancel`, { token: STAFF })).body.status).toBe(
      'CANCELLED',
    );
  });
});

describe('concurrency', () => {
  it('confirms exactly 10 of 50 concurrent buyers for 10 units, never overselling', async () => {
    // Prepare: the demo catalog has exactly 10 PIZZA-PORT, and the cancel test above put its 2 back.
    const sku = 'PIZZA-PORT';
    const stock = await stockOf(stack, sku);
    expect(stock).toBe(10);
    const buyers = Array.from({ length: 50 }, (_, i) =>
      orderBody({
        customer: { name: `Buyer ${i}`, phone: `+55219${String(10000000 + i)}` },
        items: [{ sku, qty: 1 }],
        payment: { method: 'pix' },
      }),
    );
    let minSeen = Infinity;
    const watcher = setInterval(async () => {
      minSeen = Math.min(minSeen, await stockOf(stack, sku));
    }, 5);

    const placed = await Promise.all(buyers.map((b) => placeOrder(stack, b)));
    const finals = await Promise.all(
      placed.map((p) => waitForStatus(stack, p.orderId, p.accessToken, ['CONFIRMED', 'UNAVAILABLE'], 30_000)),
    );
    clearInterval(watcher);

    const count = (s: string) => finals.filter((o) => o.status === s).length;
    expect(count('CONFIRMED')).toBe(10);
    expect(count('UNAVAILABLE')).toBe(40);
    expect(await stockOf(stack, sku)).toBe(0);
    expect(minSeen).toBeGreaterThanOrEqual(0);
  });
});
