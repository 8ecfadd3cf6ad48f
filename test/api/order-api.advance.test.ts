// POST /api/orders/{id}/advance racing a cancel: an order cancelled while staff advance it gets a 409 at once, never a
// 202.
import { afterEach, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../apps/local/local-stack.ts';
import type { Order } from '../../core/order.ts';
import type { WorkflowEngine } from '../../core/ports.ts';
import { call, orderBody, placeOrder, waitForAwaitingStaff } from '../support/api-client.ts';
import { DEMO_PACKAGE } from '../support/demo-store.ts';

const STAFF = 'staff-token-for-advance-tests';
let stack: LocalStack | undefined;
afterEach(async () => {
  await stack?.stop();
  stack = undefined;
});

/**
 * The real engine, with `beforeComplete` run just before each callback is completed: the moment a cancel can land
 * after the advance claimed the stage's token. Everything else is the engine itself.
 */
function engineWithPause(engine: WorkflowEngine, beforeComplete: () => Promise<void>): WorkflowEngine {
  return {
    startOrderWorkflow: (orderId, opts) => engine.startOrderWorkflow(orderId, opts),
    completeTask: async (token, output) => {
      await beforeComplete();
      return engine.completeTask(token, output);
    },
    failTask: (token, error, cause) => engine.failTask(token, error, cause),
  };
}

async function confirmedOrder(s: LocalStack) {
  const placed = await placeOrder(
    s,
    orderBody({ items: [{ sku: 'GUARANA-350', qty: 1 }], payment: { method: 'pix' } }),
  );
  await waitForAwaitingStaff(s, placed.orderId);
  return placed;
}

describe('advance racing a cancel', () => {
  it('answers 409 NO_STAGE_AWAITING when the customer cancels after the advance claimed the stage', async () => {
    // Prepare
    stack = await startLocalStack({
      catalog: DEMO_PACKAGE,
      port: 0,
      staffToken: STAFF,
      assistant: false,
      retryIntervalMs: 5,
    });
    const s = stack;
    const placed = await confirmedOrder(s);
    let cancel: { status: number; body: { status?: string } } | undefined;
    s.deps.workflow = engineWithPause(s.deps.workflow, async () => {
      cancel ??= await call(s, 'POST', `/api/orders/${placed.orderId}/cancel`, { token: placed.accessToken });
    });

    // Act
    const res = await call(s, 'POST', `/api/orders/${placed.orderId}/advance`, { token: STAFF });

    // Assess: the cancel won; the advance says so instead of waiting for a stage that will never come.
    expect(cancel).toMatchObject({ status: 200, body: { status: 'CANCELLED' } });
    expect({ status: res.status, code: res.body.error?.code }).toEqual({ status: 409, code: 'NO_STAGE_AWAITING' });
    expect((await s.deps.orders.get(placed.orderId))!.status).toBe('CANCELLED');
  });

  it('answers 409 NO_STAGE_AWAITING when the cancel lands between the advance reading the order and claiming its token', async () => {
    // Prepare: the first save that claims this order's token waits for a cancel to be stored first.
    stack = await startLocalStack({
      catalog: DEMO_PACKAGE,
      port: 0,
      staffToken: STAFF,
      assistant: false,
      retryIntervalMs: 5,
    });
    const s = stack;
    const placed = await confirmedOrder(s);
    const repo = s.deps.orders;
    const save = repo.save.bind(repo);
    let cancelled = false;
    repo.save = async (order: Order) => {
      if (
        !cancelled &&
        order.orderId === placed.orderId &&
        order.status === 'CONFIRMED' &&
        order.taskToken === undefined
      ) {
        cancelled = true;
        await call(s, 'POST', `/api/orders/${placed.orderId}/cancel`, { token: placed.accessToken });
      }
      return save(order);
    };

    // Act
    const res = await call(s, 'POST', `/api/orders/${placed.orderId}/advance`, { token: STAFF });

    // Assess
    expect(cancelled).toBe(true);
    expect({ status: res.status, code: res.body.error?.code }).toEqual({ status: 409, code: 'NO_STAGE_AWAITING' });
  });
});
