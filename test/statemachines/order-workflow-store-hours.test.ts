// Open, closed and paused, enforced twice: POST /api/orders refuses early (409 with when the shop opens or until when it
// is paused), and the workflow checks again before holding any stock. The demo with its real hours, on a set clock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../apps/local/local-stack.ts';
import { call, orderBody, placeOrder, stockOf, waitForStatus } from '../support/api-client.ts';
import { DEMO_WITH_HOURS } from '../support/demo-store.ts';

const STAFF = 'staff-token-for-tests';
/** A wall-clock time in Rio (UTC-3 all year) on Monday 2 March 2026. */
const rio = (hhmm: string) => new Date(`2026-03-02T${hhmm}:00-03:00`);
let now = rio('12:00');
let stack: LocalStack;
let phones = 0;

beforeAll(async () => {
  stack = await startLocalStack({
    catalog: DEMO_WITH_HOURS,
    port: 0,
    staffToken: STAFF,
    retryIntervalMs: 5,
    clock: { now: () => now },
  });
});
afterAll(async () => {
  await stack?.stop();
});

/** Each order from its own customer, so "no order was stored" can be checked per customer. */
const customer = () => ({ name: 'Ana Souza', phone: `+55219876543${String(phones++).padStart(2, '0')}` });
const post = (body: unknown, headers: Record<string, string> = {}) =>
  call(stack, 'POST', '/api/orders', { body, headers });
const ordersOf = async (phone: string) => {
  const all = [];
  for await (const page of stack.deps.orders.listAll()) all.push(...page.filter((o) => o.customer.phone === phone));
  return all;
};
const events = (orderId: string) => stack.notifier.eventsFor(orderId).map((e) => e.payload.event);
/** Moves the clock the moment the order is stored: the API saw one instant, the workflow sees the next. */
function moveClockOnceReceived(to: Date): void {
  const stop = stack.notifier.onEvent((e) => {
    if (e.payload.event !== 'RECEIVED') return;
    now = to;
    stop();
  });
}

describe('POST /api/orders while the shop does not take orders', () => {
  it("refuses at 05:30 in Rio (the issue's case) with 409 STORE_CLOSED and when it opens, storing, holding and charging nothing", async () => {
    // Prepare
    now = rio('05:30');
    const body = orderBody({ customer: customer(), items: [{ sku: 'ACAI-300', qty: 1 }] });
    const [stock, charges, published] = [
      await stockOf(stack, 'ACAI-300'),
      stack.payments.counters.charges,
      stack.notifier.events.length,
    ];

    // Act
    const pt = await post(body);
    const en = await post(body, { 'accept-language': 'en' });

    // Assess: 11:00 in Rio, the same day
    expect(pt).toEqual({
      status: 409,
      body: {
        error: {
          code: 'STORE_CLOSED',
          message: 'Estamos fechados agora e não recebemos pedidos.',
          opensAt: '2026-03-02T14:00:00.000Z',
        },
      },
    });
    expect(en.body.error).toMatchObject({ message: 'We are closed right now and not taking orders.' });
    expect(await ordersOf(body.customer!.phone as string)).toEqual([]);
    expect(await stockOf(stack, 'ACAI-300')).toBe(stock);
    expect(stack.payments.counters.charges).toBe(charges);
    expect(stack.notifier.events.length).toBe(published);
  });

  it('refuses after closing time with the next morning as opensAt', async () => {
    // Prepare
    now = rio('23:15');

    // Act
    const reply = await post(orderBody({ customer: customer(), items: [{ sku: 'ACAI-300', qty: 1 }] }));

    // Assess: Tuesday 11:00 in Rio
    expect(reply.status).toBe(409);
    expect(reply.body.error).toMatchObject({ code: 'STORE_CLOSED', opensAt: '2026-03-03T14:00:00.000Z' });
  });

  it('refuses while staff paused orders with 409 STORE_PAUSED and pausedUntil, and takes orders again on resume', async () => {
    // Prepare
    now = rio('12:00');
    const pause = await call(stack, 'POST', '/api/store/pause', { token: STAFF, body: { minutes: 30 } });

    // Act
    const paused = await post(orderBody({ customer: customer(), items: [{ sku: 'ACAI-300', qty: 1 }] }));
    const catalog = await call(stack, 'GET', '/api/catalog');
    const resume = await call(stack, 'POST', '/api/store/resume', { token: STAFF });
    const placed = await placeOrder(stack, orderBody({ customer: customer(), items: [{ sku: 'ACAI-300', qty: 1 }] }));

    // Assess
    expect(pause.status).toBe(200);
    expect(pause.body.store).toMatchObject({ open: false, pausedUntil: '2026-03-02T15:30:00.000Z' });
    expect(paused).toEqual({
      status: 409,
      body: {
        error: {
          code: 'STORE_PAUSED',
          message: 'Pausamos os pedidos por alguns minutos. Tente de novo daqui a pouco.',
          pausedUntil: '2026-03-02T15:30:00.000Z',
        },
      },
    });
    expect(catalog.body.store).toMatchObject({ open: false, pausedUntil: '2026-03-02T15:30:00.000Z' });
    expect(resume.body.store.open).toBe(true);
    expect(resume.body.store).not.toHaveProperty('pausedUntil');
    await waitForStatus(stack, placed.orderId, placed.accessToken, 'CONFIRMED');
  });

  it('takes orders again once a pause has run out, with nobody resuming it', async () => {
    // Prepare
    now = rio('12:00');
    await call(stack, 'POST', '/api/store/pause', { token: STAFF, body: { minutes: 15 } });
    now = rio('12:15');

    // Act
    const reply = await post(orderBody({ customer: customer(), items: [{ sku: 'ACAI-300', qty: 1 }] }));

    // Assess
    expect(reply.status).toBe(202);
    await waitForStatus(stack, reply.body.orderId, reply.body.accessToken, 'CONFIRMED');
  });
});

describe('the workflow checks again before holding stock', () => {
  it('rejects an order the API took at 22:59 whose workflow runs at 23:00: STORE_CLOSED, nothing held or charged, the customer told', async () => {
    // Prepare
    now = rio('22:59');
    moveClockOnceReceived(rio('23:00'));
    const [stock, charges] = [await stockOf(stack, 'PIZZA-MARG'), stack.payments.counters.charges];

    // Act
    const placed = await placeOrder(
      stack,
      orderBody({
        customer: customer(),
        items: [{ sku: 'PIZZA-MARG', qty: 2 }],
        payment: { method: 'card', token: 'tok_visa' },
      }),
    );
    const order = await waitForStatus(stack, placed.orderId, placed.accessToken, ['REJECTED', 'CONFIRMED']);
    const outcome = await stack.engine.outcome(`order-${placed.orderId}`);

    // Assess
    expect(order).toMatchObject({ status: 'REJECTED', reason: 'STORE_CLOSED', deliveryFee: 0 });
    expect(order.history.map((h: { status: string }) => h.status)).toEqual(['RECEIVED', 'REJECTED']);
    expect(await stockOf(stack, 'PIZZA-MARG')).toBe(stock);
    expect((await stack.deps.catalog.listHolds()).filter((h) => h.orderId === placed.orderId)).toEqual([]);
    expect(stack.payments.counters.charges).toBe(charges);
    expect(events(placed.orderId)).toEqual(['RECEIVED', 'REJECTED']);
    expect(stack.notifier.eventsFor(placed.orderId).at(-1)!.deliveries[0]!.text).toBe(
      `Desculpe, não deu para aceitar o pedido ${placed.orderId}: estamos fechados agora. Nada foi cobrado.`,
    );
    expect(outcome.status).toBe('SUCCEEDED');
  });

  it('rejects with STORE_PAUSED an order whose workflow runs inside a pause the API did not see', async () => {
    // Prepare: a pause 12:00-12:10; the API sees 12:20 (over), the workflow 12:05 (the instant before staff paused,
    // as an order placed just then would)
    now = rio('12:00');
    await call(stack, 'POST', '/api/store/pause', { token: STAFF, body: { minutes: 10 } });
    now = rio('12:20');
    moveClockOnceReceived(rio('12:05'));

    // Act
    const placed = await placeOrder(
      stack,
      orderBody({ customer: customer(), items: [{ sku: 'ACAI-300', qty: 1 }], payment: { method: 'pix' } }),
    );
    const order = await waitForStatus(stack, placed.orderId, placed.accessToken, ['REJECTED', 'CONFIRMED']);
    await stack.engine.outcome(`order-${placed.orderId}`);

    // Assess
    expect(order).toMatchObject({ status: 'REJECTED', reason: 'STORE_PAUSED' });
    expect(stack.notifier.eventsFor(placed.orderId).at(-1)!.deliveries[0]!.text).toMatch(
      /pausamos os pedidos por alguns minutos\. Nada foi cobrado\. Tente de novo daqui a pouco\.$/,
    );
    // The pause is still stored: lift it, as the next tests move the clock back before 12:10.
    await call(stack, 'POST', '/api/store/resume', { token: STAFF });
  });
});

describe('Idempotency-Key across opening hours', () => {
  it('gives back the key of a refused request: the retry once open is a new order, with its token', async () => {
    // Prepare
    const body = orderBody({ customer: customer(), items: [{ sku: 'ACAI-300', qty: 1 }] });
    const headers = { 'idempotency-key': 'checkout-before-opening' };
    now = rio('10:58');
    const refused = await post(body, headers);
    now = rio('11:01');

    // Act
    const retried = await post(body, headers);

    // Assess
    expect(refused.status).toBe(409);
    expect(retried.status).toBe(202);
    expect(retried.body).toEqual({ orderId: expect.any(String), status: 'RECEIVED', accessToken: expect.any(String) });
    await waitForStatus(stack, retried.body.orderId, retried.body.accessToken, 'CONFIRMED');
  });

  it('still answers the replay of an order placed while open after the shop closed, with that order', async () => {
    // Prepare
    const body = orderBody({ customer: customer(), items: [{ sku: 'ACAI-300', qty: 1 }] });
    const headers = { 'idempotency-key': 'checkout-at-closing' };
    now = rio('22:58');
    const first = await placeOrder(stack, body, headers);
    await waitForStatus(stack, first.orderId, first.accessToken, 'CONFIRMED');
    now = rio('23:05');

    // Act
    const replay = await post(body, headers);

    // Assess
    expect(replay.status).toBe(202);
    expect(replay.body).toMatchObject({ orderId: first.orderId });
  });
});
