// The local stack with Mercado Pago at the loopback stand-in: a Pix paid and confirmed once by repeated signed
// webhooks, forged ones refused, an expired Pix, a late payment refunded, a cancel after payment, and Checkout Pro.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MERCADOPAGO_WEBHOOK_PATH } from '../../../api/payment-webhook.ts';
import { type LocalStack, startLocalStack } from '../../../apps/local/local-stack.ts';
import { call, getOrder, orderBody, placeOrder, stockOf, waitForStatus } from '../../support/api-client.ts';
import { DEMO_PACKAGE } from '../../support/demo-store.ts';
import {
  FAKE_MP_TOKEN,
  FAKE_MP_WEBHOOK_SECRET,
  type FakeMercadoPago,
  startFakeMercadoPago,
} from '../../support/fake-mercadopago.ts';

let mp: FakeMercadoPago;
let stack: LocalStack;
let hook: string;
beforeAll(async () => {
  mp = await startFakeMercadoPago();
  stack = await startLocalStack({
    catalog: DEMO_PACKAGE,
    port: 0,
    staffToken: 'staff-token-mp',
    retryIntervalMs: 5,
    payment: { pixPaySeconds: 0, pixExpiryMinutes: 15 },
    mercadopago: { accessToken: FAKE_MP_TOKEN, webhookSecret: FAKE_MP_WEBHOOK_SECRET, apiUrl: mp.url },
  });
  hook = `${stack.url}${MERCADOPAGO_WEBHOOK_PATH}`;
});
afterAll(async () => {
  await stack?.stop();
  await mp?.close();
});

const until = async (what: string, ok: () => boolean | Promise<boolean>, ms = 10_000) => {
  const deadline = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};
const eventsOf = (orderId: string, event: string) =>
  stack.notifier.events.filter((e) => e.payload.orderId === orderId && e.payload.event === event);

async function awaitingPix(sku: string, qty = 1) {
  const placed = await placeOrder(stack, orderBody({ items: [{ sku, qty }], payment: { method: 'pix' } }));
  const view = await waitForStatus(stack, placed.orderId, placed.accessToken, 'AWAITING_PAYMENT');
  await until('the wait to hold its token', async () => !!(await stack.deps.orders.get(placed.orderId))?.taskToken);
  const [payment] = mp.paymentsOf(placed.orderId);
  return { ...placed, view, paymentId: String(payment!.id), payment: payment! };
}

describe('Mercado Pago on the local stack', () => {
  it('shows the QR, and a Pix paid then notified twice confirms once', async () => {
    const o = await awaitingPix('GUARANA-350');
    const tx = o.payment.point_of_interaction!.transaction_data!;
    expect(o.view.payment).toMatchObject({
      method: 'pix',
      pix: { copyPaste: tx.qr_code, qrPngBase64: tx.qr_code_base64 },
    });
    mp.pay(o.paymentId);
    expect(await mp.sendWebhook(hook, o.paymentId)).toBe(200);
    expect(await mp.sendWebhook(hook, o.paymentId)).toBe(200);
    await waitForStatus(stack, o.orderId, o.accessToken, 'CONFIRMED');
    await new Promise((r) => setTimeout(r, 200));
    expect(eventsOf(o.orderId, 'CONFIRMED')).toHaveLength(1);
    expect((await stack.deps.orders.get(o.orderId))!.charges).toEqual([
      expect.objectContaining({ chargeId: o.paymentId, amount: o.view.total }),
    ]);
  });

  it('refuses a forged, unsigned or stale webhook with 401 and changes nothing', async () => {
    const o = await awaitingPix('GUARANA-350');
    mp.pay(o.paymentId);
    const before = await stack.deps.orders.get(o.orderId);
    expect(await mp.sendWebhook(hook, o.paymentId, { signature: 'none' })).toBe(401);
    expect(await mp.sendWebhook(hook, o.paymentId, { signature: 'wrong' })).toBe(401);
    expect(await mp.sendWebhook(hook, o.paymentId, { signature: 'stale' })).toBe(401);
    expect(await mp.sendWebhook(hook, o.paymentId, { secret: 'someone-elses-secret' })).toBe(401);
    await new Promise((r) => setTimeout(r, 200));
    const after = await stack.deps.orders.get(o.orderId);
    expect(after!.status).toBe('AWAITING_PAYMENT');
    expect(after!.version).toBe(before!.version);
    // The real one still works afterwards.
    expect(await mp.sendWebhook(hook, o.paymentId)).toBe(200);
    await waitForStatus(stack, o.orderId, o.accessToken, 'CONFIRMED');
  });

  it('keeps the /dev payment routes off with a real provider', async () => {
    const o = await awaitingPix('GUARANA-350');
    const res = await call(stack, 'POST', `/dev/payments/${o.orderId}/approve`);
    expect(res.status).toBe(404);
    expect((await stack.deps.orders.get(o.orderId))!.status).toBe('AWAITING_PAYMENT');
  });

  it('ends an expired Pix as PAYMENT_EXPIRED, puts the stock back, and refunds a payment made after once', async () => {
    const sku = 'BRIGADEIRO-4';
    const stockBefore = await stockOf(stack, sku);
    const o = await awaitingPix(sku, 2);
    expect(await stockOf(stack, sku)).toBe(stockBefore - 2);
    mp.expire(o.paymentId);
    expect(await mp.sendWebhook(hook, o.paymentId)).toBe(200);
    const ended = await waitForStatus(stack, o.orderId, o.accessToken, 'PAYMENT_FAILED');
    expect(ended.reason).toBe('PAYMENT_EXPIRED');
    await until('the stock to come back', async () => (await stockOf(stack, sku)) === stockBefore);

    // The customer's bank paid it anyway: recorded and given back, once, however often it is notified.
    const late = mp.payments.get(o.paymentId)!;
    late.status = 'approved';
    late.status_detail = 'accredited';
    expect(await mp.sendWebhook(hook, o.paymentId)).toBe(200);
    expect(await mp.sendWebhook(hook, o.paymentId)).toBe(200);
    await until('the late payment to be refunded', () => mp.refundsOf(o.orderId).length > 0);
    await new Promise((r) => setTimeout(r, 300));
    expect(mp.refundsOf(o.orderId)).toEqual([expect.objectContaining({ amount: late.transaction_amount })]);
    const stored = (await stack.deps.orders.get(o.orderId))!;
    expect(stored.refunds).toHaveLength(1);
    expect(stored.status).toBe('PAYMENT_FAILED');
  });

  it('refunds a cancel after payment exactly once at the provider', async () => {
    const o = await awaitingPix('GUARANA-350');
    mp.pay(o.paymentId);
    expect(await mp.sendWebhook(hook, o.paymentId)).toBe(200);
    await waitForStatus(stack, o.orderId, o.accessToken, 'CONFIRMED');
    const cancel = await call(stack, 'POST', `/api/orders/${o.orderId}/cancel`, { token: o.accessToken });
    expect(cancel.status).toBe(200);
    await call(stack, 'POST', `/api/orders/${o.orderId}/cancel`, { token: o.accessToken });
    await until('the refund', () => mp.refundsOf(o.orderId).length > 0);
    await new Promise((r) => setTimeout(r, 300));
    expect(mp.refundsOf(o.orderId)).toHaveLength(1);
    expect(mp.payments.get(o.paymentId)!.status).toBe('refunded');
    expect((await getOrder(stack, o.orderId, o.accessToken)).body.status).toBe('CANCELLED');
  });

  it('waits on a card at Checkout Pro and confirms the payment made through the preference', async () => {
    // Mercado Pago takes every card on its hosted checkout: the API's test token is not sent anywhere.
    const placed = await placeOrder(stack, orderBody({ items: [{ sku: 'GUARANA-350', qty: 1 }] }));
    const view = await waitForStatus(stack, placed.orderId, placed.accessToken, 'AWAITING_PAYMENT');
    const pref = [...mp.preferences.values()].find((p) => p.external_reference === placed.orderId)!;
    expect(view.payment.checkoutUrl).toBe(pref.init_point);
    await until('the wait to hold its token', async () => !!(await stack.deps.orders.get(placed.orderId))?.taskToken);
    const paymentId = mp.pay(pref.id);
    expect(await mp.sendWebhook(hook, paymentId)).toBe(200);
    await waitForStatus(stack, placed.orderId, placed.accessToken, 'CONFIRMED');
    const stored = (await stack.deps.orders.get(placed.orderId))!;
    expect(stored.awaitingPayment?.chargeId).toBe(paymentId);
    expect(stored.charges).toEqual([expect.objectContaining({ chargeId: paymentId })]);
  });
});
