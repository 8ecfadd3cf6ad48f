// An address change on an order paid by Pix or the hosted card checkout: a higher fee is refused with 409
// ADDRESS_CHANGE_NEEDS_PAYMENT (nothing charged, nothing claimed), a lower one is refunded through the provider, and a
// card paid with a token still pays the difference.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../apps/local/local-stack.ts';
import { paidAmount } from '../../core/order.ts';
import {
  COPACABANA,
  call,
  IPANEMA,
  type OrderBody,
  orderBody,
  placeOrder,
  waitForAwaitingStaff,
  waitForStatus,
} from '../support/api-client.ts';
import { DEMO_PACKAGE } from '../support/demo-store.ts';
import { ledgerViolations } from '../support/ledger-check.ts';

let stack: LocalStack;
beforeAll(async () => {
  // Pix and the hosted checkout are paid by the simulated provider at once (50 ms), as in every test not about paying.
  stack = await startLocalStack({ catalog: DEMO_PACKAGE, port: 0, staffToken: 'staff', assistant: false });
});
afterAll(async () => {
  await stack?.stop();
});

async function confirmed(payment: OrderBody['payment'], address = COPACABANA) {
  const placed = await placeOrder(stack, orderBody({ items: [{ sku: 'ACAI-300', qty: 1 }], address, payment }));
  await waitForStatus(stack, placed.orderId, placed.accessToken, 'CONFIRMED');
  await waitForAwaitingStaff(stack, placed.orderId);
  return { ...placed, order: (await stack.deps.orders.get(placed.orderId))! };
}
const moveTo = (p: { orderId: string; accessToken: string }, address: object, lang = 'pt-BR') =>
  call(stack, 'POST', `/api/orders/${p.orderId}/address`, {
    token: p.accessToken,
    body: address,
    headers: { 'accept-language': lang },
  });
const providerBooks = async (orderId: string) =>
  (await stack.payments.listRecords()).filter((r) => r.orderId === orderId && (r.kind === 'refund' || r.approved));

describe('address change on a pending-payment method', () => {
  it.each([
    ['a Pix order', { method: 'pix' }],
    ['a card order paid on the hosted checkout', { method: 'card' }],
  ] as const)('refuses a higher fee on %s with 409 ADDRESS_CHANGE_NEEDS_PAYMENT, moving no money', async (_l, pay) => {
    // Prepare
    const p = await confirmed(pay);
    const before = await providerBooks(p.orderId);

    // Act
    const pt = await moveTo(p, IPANEMA);
    const en = await moveTo(p, IPANEMA, 'en');

    // Assess
    expect(pt.status).toBe(409);
    expect(pt.body.error.code).toBe('ADDRESS_CHANGE_NEEDS_PAYMENT');
    expect(pt.body.error.message).toContain('fale com a nossa equipe');
    expect(en.body.error.message).toContain('talk to our team');
    const after = (await stack.deps.orders.get(p.orderId))!;
    expect(after.address).toEqual(p.order.address);
    expect(after.total).toBe(p.order.total);
    expect(after.paymentIntents ?? []).toEqual([]);
    expect(await providerBooks(p.orderId)).toEqual(before);
  });

  it('refunds a lower fee on a Pix order through the provider', async () => {
    // Prepare
    const p = await confirmed({ method: 'pix' }, IPANEMA);

    // Act
    const reply = await moveTo(p, COPACABANA);

    // Assess
    expect(reply.status).toBe(200);
    const after = (await stack.deps.orders.get(p.orderId))!;
    expect(after.deliveryFee).toBeLessThan(p.order.deliveryFee);
    const refunds = (await providerBooks(p.orderId)).filter((r) => r.kind === 'refund');
    expect(refunds.map((r) => r.amount)).toEqual([p.order.deliveryFee - after.deliveryFee]);
    expect(paidAmount(after)).toBe(after.total);
  });

  it('still charges the difference to a card paid with a token', async () => {
    // Prepare
    const p = await confirmed({ method: 'card', token: 'tok_visa' });

    // Act
    const reply = await moveTo(p, IPANEMA);

    // Assess
    expect(reply.status).toBe(200);
    const after = (await stack.deps.orders.get(p.orderId))!;
    expect(after.deliveryFee).toBeGreaterThan(p.order.deliveryFee);
    expect(paidAmount(after)).toBe(after.total);
    expect(await ledgerViolations(stack)).toEqual([]);
  });
});
