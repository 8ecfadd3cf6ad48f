// The workflow's payment wait under the ASL interpreter: a Pix waits in AWAITING_PAYMENT until the provider says it is
// paid, confirms once however often it is told, expires (stock back, customer told), and money that lands late or
// before a cancel is refunded exactly once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBrCode } from '../../adapters/payments/pix-code.ts';
import { type LocalStack, startLocalStack } from '../../apps/local/local-stack.ts';
import { refreshPayment } from '../../core/provider-payment.ts';
import { call, getOrder, orderBody, placeOrder, stockOf, waitForStatus } from '../support/api-client.ts';
import { DEMO_PACKAGE } from '../support/demo-store.ts';

const STAFF = 'staff-token-for-payment-tests';
let stack: LocalStack;
beforeAll(async () => {
  // Nobody pays on their own here (0 s), and a Pix stays payable 1.5 s, so an expiry happens within the test.
  stack = await startLocalStack({
    catalog: DEMO_PACKAGE,
    port: 0,
    staffToken: STAFF,
    assistant: false,
    retryIntervalMs: 5,
    payment: { pixPaySeconds: 0, pixExpiryMinutes: 0.025 },
  });
});
afterAll(async () => {
  await stack?.stop();
});

const events = (orderId: string) => stack.notifier.eventsFor(orderId).map((e) => e.payload.event);
const pixOrder = (sku = 'GUARANA-350', qty = 1) =>
  placeOrder(stack, orderBody({ items: [{ sku, qty }], payment: { method: 'pix' } }));
const chargeIdOf = async (orderId: string) => (await stack.deps.orders.get(orderId))!.awaitingPayment!.chargeId;
/** Waits until the workflow has stored its callback token: the provider's webhook can then complete it. */
async function waitingForPayment(orderId: string) {
  for (let i = 0; i < 250; i++) {
    const o = await stack.deps.orders.get(orderId);
    if (o?.status === 'AWAITING_PAYMENT' && o.taskToken) return o;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`Order ${orderId} never waited for its payment`);
}
async function until(check: () => Promise<boolean>, what: string) {
  for (let i = 0; i < 250; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

describe('a Pix order', () => {
  it('waits AWAITING_PAYMENT with a payable code in the API, and confirms once when paid, however often told', async () => {
    const stockBefore = await stockOf(stack, 'GUARANA-350');
    const placed = await pixOrder();
    await waitingForPayment(placed.orderId);

    // The client sees how to pay: a BR Code for the total, its QR, the expiry.
    const { body: waiting } = await getOrder(stack, placed.orderId, placed.accessToken);
    expect(waiting.status).toBe('AWAITING_PAYMENT');
    expect(waiting.payment).toMatchObject({ method: 'pix', status: 'pending' });
    expect(parseBrCode(waiting.payment.pix.copyPaste)).toMatchObject({
      crcValid: true,
      amount: (waiting.total / 100).toFixed(2),
    });
    expect(Buffer.from(waiting.payment.pix.qrPngBase64, 'base64').subarray(1, 4).toString()).toBe('PNG');
    expect(Date.parse(waiting.payment.pix.expiresAt)).toBeGreaterThan(Date.now());
    // Stock is held while waiting.
    expect(await stockOf(stack, 'GUARANA-350')).toBe(stockBefore - 1);

    // "Já paguei" before paying: the provider says pending, and nothing moves.
    expect((await refreshPayment(stack.deps, placed.orderId)).outcome).toBe('pending');
    expect((await stack.deps.orders.get(placed.orderId))!.status).toBe('AWAITING_PAYMENT');

    // Paid: five deliveries at once of the same news (the provider repeats webhooks).
    const chargeId = await chargeIdOf(placed.orderId);
    const chargesBefore = stack.payments.counters.charges;
    await Promise.all(Array.from({ length: 5 }, () => stack.payments.pay(chargeId)));
    await Promise.all(Array.from({ length: 3 }, () => refreshPayment(stack.deps, placed.orderId)));
    const confirmed = await waitForStatus(stack, placed.orderId, placed.accessToken, 'CONFIRMED');

    expect(confirmed.payment).toEqual({ method: 'pix', status: 'paid' });
    expect(confirmed.history.map((h: { status: string }) => h.status)).toEqual([
      'RECEIVED',
      'AWAITING_PAYMENT',
      'CONFIRMED',
    ]);
    expect(stack.payments.counters.charges).toBe(chargesBefore + 1);
    expect((await stack.deps.orders.get(placed.orderId))!.charges).toHaveLength(1);
    await until(async () => events(placed.orderId).includes('CONFIRMED'), 'the confirmation');
    expect(events(placed.orderId)).toEqual(['RECEIVED', 'AWAITING_PAYMENT', 'CONFIRMED']);
  });

  it('expires unpaid: PAYMENT_FAILED with PAYMENT_EXPIRED, the stock released, the Pix cancelled at the provider', async () => {
    const stockBefore = await stockOf(stack, 'ACAI-300');
    const placed = await pixOrder('ACAI-300', 2);
    await waitingForPayment(placed.orderId);
    const chargeId = await chargeIdOf(placed.orderId);

    const failed = await waitForStatus(stack, placed.orderId, placed.accessToken, 'PAYMENT_FAILED');

    expect(failed.reason).toBe('PAYMENT_EXPIRED');
    expect(failed.payment).toEqual({ method: 'pix', status: 'failed' });
    expect(await stockOf(stack, 'ACAI-300')).toBe(stockBefore);
    expect((await stack.payments.getPayment(chargeId))!.status).toBe('cancelled');
    await until(async () => events(placed.orderId).includes('PAYMENT_FAILED'), 'the expiry notice');
    const notice = stack.notifier.eventsFor(placed.orderId).find((e) => e.payload.event === 'PAYMENT_FAILED')!;
    expect(notice.payload.text).toContain('O prazo para pagar o pedido');
    expect(notice.payload.text).toContain('Nada foi cobrado');
  });

  it('refunds, exactly once, a payment that lands after the Pix expired, and tells the customer once', async () => {
    // Prepare: a Pix that expired; the payer's bank sends the money anyway (the provider ignored our cancel).
    const placed = await pixOrder();
    await waitingForPayment(placed.orderId);
    const chargeId = await chargeIdOf(placed.orderId);
    await waitForStatus(stack, placed.orderId, placed.accessToken, 'PAYMENT_FAILED');
    const refundsBefore = stack.payments.counters.refunds;

    // Act: the money lands anyway, and its webhook arrives three more times at once.
    const late = await stack.payments.pay(chargeId, { late: true });
    expect(late.status).toBe('approved');
    const { applyProviderPayment } = await import('../../core/provider-payment.ts');
    const outcomes = await Promise.all([1, 2, 3].map(() => applyProviderPayment(stack.deps, late)));

    // Assess
    // The simulated webhook (pay's own delivery) may have been first: one of the four acted, the rest were repeats.
    expect(outcomes.filter((o) => o === 'refunded-late').length).toBeLessThanOrEqual(1);
    expect(outcomes.filter((o) => o !== 'refunded-late').every((o) => o === 'duplicate')).toBe(true);
    await until(async () => (await stack.deps.orders.get(placed.orderId))!.refunds.length === 1, 'the refund');
    const after = (await stack.deps.orders.get(placed.orderId))!;
    expect(after.status).toBe('PAYMENT_FAILED');
    expect(after.refunds.map((r) => r.amount)).toEqual([after.total]);
    expect(stack.payments.counters.refunds).toBe(refundsBefore + 1);
    expect((await stack.payments.getPayment(chargeId))!.refunded).toBe(after.total);
    await until(async () => events(placed.orderId).includes('PAYMENT_REFUNDED'), 'the refund notice');
    expect(events(placed.orderId).filter((e) => e === 'PAYMENT_REFUNDED')).toHaveLength(1);
  });

  it('a cancel after paying is refunded through the provider exactly once, however many cancels race', async () => {
    const placed = await pixOrder();
    await waitingForPayment(placed.orderId);
    await stack.payments.pay(await chargeIdOf(placed.orderId));
    await waitForStatus(stack, placed.orderId, placed.accessToken, 'CONFIRMED');
    const refundsBefore = stack.payments.counters.refunds;

    const answers = await Promise.all(
      [1, 2, 3].map(() => call(stack, 'POST', `/api/orders/${placed.orderId}/cancel`, { token: placed.accessToken })),
    );

    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    await until(async () => (await stack.deps.orders.get(placed.orderId))!.refunds.length > 0, 'the refund');
    const after = (await stack.deps.orders.get(placed.orderId))!;
    expect(after.status).toBe('CANCELLED');
    expect(after.refunds.map((r) => r.amount)).toEqual([after.total]);
    expect(stack.payments.counters.refunds).toBe(refundsBefore + 1);
  });

  it('a cancel while waiting cancels the Pix at the provider: paying it afterwards moves no money', async () => {
    const stockBefore = await stockOf(stack, 'GUARANA-350');
    const placed = await pixOrder();
    await waitingForPayment(placed.orderId);
    const chargeId = await chargeIdOf(placed.orderId);
    const chargesBefore = stack.payments.counters.charges;

    const res = await call(stack, 'POST', `/api/orders/${placed.orderId}/cancel`, { token: placed.accessToken });
    const paidAfter = await stack.payments.pay(chargeId);

    expect(res.status).toBe(200);
    expect(res.body.status).toBe('CANCELLED');
    expect(paidAfter.status).toBe('cancelled');
    expect(stack.payments.counters.charges).toBe(chargesBefore);
    expect(await stockOf(stack, 'GUARANA-350')).toBe(stockBefore);
    const after = (await stack.deps.orders.get(placed.orderId))!;
    expect(after.charges).toEqual([]);
    expect(after.taskToken).toBeUndefined();
  });
});
