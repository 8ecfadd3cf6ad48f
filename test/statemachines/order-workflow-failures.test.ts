// The order workflow's failure paths: transient retries, compensation, heartbeat alerts, and cancel racing a charge.
import { afterEach, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../apps/local/local-stack.ts';
import { TransientError } from '../../core/errors.ts';
import type { ChargeRequest, PaymentGateway } from '../../core/ports.ts';
import { call, orderBody, placeOrder, stockOf, waitForAwaitingStaff, waitForStatus } from '../support/api-client.ts';
import { DEMO_PACKAGE } from '../support/demo-store.ts';

const STAFF = 'staff';
let stack: LocalStack | undefined;
afterEach(async () => {
  await stack?.stop();
  stack = undefined;
});

/** A gateway in front of the simulated one that misbehaves on demand: the kind of failure real providers have. */
function unreliable(
  inner: PaymentGateway,
  behaviour: (req: ChargeRequest, attempt: number) => Promise<void>,
): PaymentGateway {
  let attempt = 0;
  return {
    charge: async (req) => {
      await behaviour(req, ++attempt);
      return inner.charge(req);
    },
    refund: (req) => inner.refund(req),
    findCharge: (orderId, key) => inner.findCharge(orderId, key),
    getPayment: (id) => inner.getPayment(id),
    cancelPayment: (id) => inner.cancelPayment(id),
    listPayments: (since) => inner.listPayments(since),
  };
}

describe('order workflow failure paths', () => {
  it('retries a transient gateway failure and still charges exactly once', async () => {
    stack = await startLocalStack({
      catalog: DEMO_PACKAGE,
      port: 0,
      staffToken: STAFF,
      retryIntervalMs: 5,
      payments: (sim) =>
        unreliable(sim, async (_req, attempt) => {
          if (attempt <= 2) throw new TransientError('gateway timeout');
        }),
    });
    const placed = await placeOrder(stack, orderBody({ items: [{ sku: 'ACAI-300', qty: 1 }] }));
    const order = await waitForStatus(stack, placed.orderId, placed.accessToken, 'CONFIRMED');
    expect(order.status).toBe('CONFIRMED');
    expect(stack.payments.counters.charges).toBe(1);
    expect((await stack.deps.orders.get(placed.orderId))!.charges).toHaveLength(1);
  });

  it('compensates an unexpected failure: stock released, nothing kept, customer told, execution failed for the alarm', async () => {
    stack = await startLocalStack({
      catalog: DEMO_PACKAGE,
      port: 0,
      staffToken: STAFF,
      retryIntervalMs: 5,
      payments: (sim) =>
        unreliable(sim, async () => {
          throw new Error('provider returned HTTP 500');
        }),
    });
    const before = await stockOf(stack, 'PIZZA-MARG');
    const placed = await placeOrder(stack, orderBody({ items: [{ sku: 'PIZZA-MARG', qty: 2 }] }));
    const order = await waitForStatus(stack, placed.orderId, placed.accessToken, 'REJECTED');
    const outcome = await stack.engine.outcome(`order-${placed.orderId}`);
    expect(order.reason).toBe('PROCESSING_ERROR');
    expect(await stockOf(stack, 'PIZZA-MARG')).toBe(before);
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'OrderFailed' });
    expect(stack.notifier.eventsFor(placed.orderId).map((e) => e.payload.event)).toEqual(['RECEIVED', 'REJECTED']);
  });

  it('refunds a charge that lands after the customer cancelled mid-payment', async () => {
    let release!: () => void;
    const charging = new Promise<void>((r) => {
      release = r;
    });
    let started!: () => void;
    const chargeStarted = new Promise<void>((r) => {
      started = r;
    });
    stack = await startLocalStack({
      catalog: DEMO_PACKAGE,
      port: 0,
      staffToken: STAFF,
      retryIntervalMs: 5,
      payments: (sim) =>
        unreliable(sim, async () => {
          started();
          await charging;
        }),
    });
    const before = await stockOf(stack, 'ACAI-500');
    const placed = await placeOrder(stack, orderBody({ items: [{ sku: 'ACAI-500', qty: 1 }] }));
    await chargeStarted;

    const cancel = await call(stack, 'POST', `/api/orders/${placed.orderId}/cancel`, { token: placed.accessToken });
    release();
    const outcome = await stack.engine.outcome(`order-${placed.orderId}`);

    expect(cancel.body.status).toBe('CANCELLED');
    expect(outcome.status).toBe('SUCCEEDED');
    const stored = (await stack.deps.orders.get(placed.orderId))!;
    expect(stored.status).toBe('CANCELLED');
    expect(stored.charges).toHaveLength(1);
    expect(stored.refunds.reduce((s, r) => s + r.amount, 0)).toBe(stored.charges[0]!.amount);
    expect(await stockOf(stack, 'ACAI-500')).toBe(before);
  });

  it('raises a staff-only STAGE_OVERDUE event when nobody acts within the heartbeat, and keeps waiting', async () => {
    stack = await startLocalStack({
      catalog: DEMO_PACKAGE,
      port: 0,
      staffToken: STAFF,
      retryIntervalMs: 5,
      heartbeatMs: 60,
    });
    const placed = await placeOrder(
      stack,
      orderBody({ items: [{ sku: 'GUARANA-350', qty: 1 }], payment: { method: 'pix' } }),
    );
    await waitForStatus(stack, placed.orderId, placed.accessToken, 'CONFIRMED');
    const overdue = await new Promise((resolve) =>
      stack!.notifier.onEvent((e) => {
        if (e.payload.event === 'STAGE_OVERDUE') resolve(e);
      }),
    );

    expect(overdue).toMatchObject({ payload: { orderId: placed.orderId, status: 'CONFIRMED' }, deliveries: [] });
    await waitForAwaitingStaff(stack, placed.orderId);
    const res = await call(stack, 'POST', `/api/orders/${placed.orderId}/advance`, { token: STAFF });
    expect(res.body.status).toBe('PREPARING');
    expect((await stack.deps.orders.get(placed.orderId))!.overdueAlerts).toBe(0);
  });
});
