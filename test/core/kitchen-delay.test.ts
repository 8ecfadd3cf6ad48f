// A kitchen delay is announced once: every customer with an order in the kitchen is told when staff set it (or a bigger
// one), through the order events (SMS, e-mail, Telegram), never twice for the same delay, never when it is cleared.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../apps/local/local-stack.ts';
import { applyStoreControl } from '../../core/store-controls.ts';
import { call, orderBody, placeOrder, waitForAwaitingStaff, waitForStatus } from '../support/api-client.ts';
import { DEMO_PACKAGE } from '../support/demo-store.ts';

const STAFF = 'staff-token-for-tests';
let stack: LocalStack;
let phones = 0;

beforeAll(async () => {
  stack = await startLocalStack({ catalog: DEMO_PACKAGE, port: 0, staffToken: STAFF, retryIntervalMs: 5 });
});
afterAll(async () => {
  await stack?.stop();
});

/** An order taken to `status` through the workflow and the staff's advance. */
async function orderIn(status: 'CONFIRMED' | 'PREPARING' | 'OUT_FOR_DELIVERY', lang = 'pt-BR'): Promise<string> {
  const body = orderBody({
    customer: { name: 'Ana Souza', phone: `+55219876544${String(phones++).padStart(2, '0')}` },
    items: [{ sku: 'ACAI-300', qty: 1 }],
    payment: { method: 'pix' },
  });
  const placed = await placeOrder(stack, body, { 'accept-language': lang });
  await waitForStatus(stack, placed.orderId, placed.accessToken, 'CONFIRMED');
  const stages = ['PREPARING', 'OUT_FOR_DELIVERY'] as const;
  for (const next of stages.slice(0, stages.indexOf(status as (typeof stages)[number]) + 1)) {
    await waitForAwaitingStaff(stack, placed.orderId);
    await call(stack, 'POST', `/api/orders/${placed.orderId}/advance`, { token: STAFF });
    await waitForStatus(stack, placed.orderId, placed.accessToken, next);
  }
  await waitForAwaitingStaff(stack, placed.orderId);
  return placed.orderId;
}

const delay = (minutes: number) => applyStoreControl(stack.deps, { kind: 'delay', minutes });
/** What each order's customer was told about the delay, by SMS, in order. */
const toldTo = (orderId: string) =>
  stack.notifier
    .eventsFor(orderId)
    .filter((e) => e.payload.event === 'KITCHEN_DELAY')
    .map((e) => e.deliveries.find((d) => d.channel === 'sms')!.text);

describe('announcing the kitchen delay', () => {
  let confirmed: string;
  let preparing: string;
  let onItsWay: string;
  beforeAll(async () => {
    [confirmed, preparing, onItsWay] = await Promise.all([
      orderIn('CONFIRMED'),
      orderIn('PREPARING', 'en'),
      orderIn('OUT_FOR_DELIVERY'),
    ]);
  });
  afterAll(async () => {
    await delay(0);
  });

  it('tells each order in the kitchen once, in its language, and not the one already on its way', async () => {
    // Act
    const result = await delay(20);

    // Assess
    expect(result.customersTold).toBe(2);
    expect(result.store.delayMinutes).toBe(20);
    expect(toldTo(confirmed)).toEqual([
      `Pedido ${confirmed}: a cozinha está com muito movimento e seu pedido deve atrasar uns 20 min. Desculpe a demora!`,
    ]);
    expect(toldTo(preparing)).toEqual([
      `Order ${preparing}: the kitchen is very busy and your order may be about 20 min late. Sorry for the wait!`,
    ]);
    expect(toldTo(onItsWay)).toEqual([]);
    const stored = await stack.deps.orders.get(confirmed);
    expect(stored!.delayNotice).toMatchObject({ minutes: 20 });
    expect(stored!.outbox).toBeUndefined();
  });

  it('tells nobody again for the same delay, a smaller one, a cleared one, or the same delay set again after clearing', async () => {
    // Act
    const told = [];
    for (const minutes of [20, 10, 0, 20]) told.push((await delay(minutes)).customersTold);

    // Assess
    expect(told).toEqual([0, 0, 0, 0]);
    expect(toldTo(confirmed)).toHaveLength(1);
    expect(toldTo(preparing)).toHaveLength(1);
  });

  it('tells them again when the delay grows, with the new figure', async () => {
    // Act
    const result = await delay(30);

    // Assess
    expect(result.customersTold).toBe(2);
    expect(toldTo(confirmed).at(-1)).toContain('deve atrasar uns 30 min');
    expect(toldTo(preparing).at(-1)).toContain('may be about 30 min late');
    expect(toldTo(onItsWay)).toEqual([]);
  });

  it('tells an order confirmed after the delay was set when staff set it again, and only that one', async () => {
    // Prepare
    const later = await orderIn('CONFIRMED');

    // Act
    const result = await delay(30);

    // Assess
    expect(result.customersTold).toBe(1);
    expect(toldTo(later)).toEqual([expect.stringContaining('deve atrasar uns 30 min')]);
    expect(toldTo(confirmed)).toHaveLength(2);
  });
});
