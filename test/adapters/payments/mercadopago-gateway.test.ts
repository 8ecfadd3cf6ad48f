// The Mercado Pago gateway against the loopback stand-in, through real fetch: Pix, Checkout Pro, refunds, reads,
// searches, its books, and the failures the workflow retries.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MercadoPagoApiError,
  MercadoPagoGateway,
  toMercadoPagoDate,
  toReais,
} from '../../../adapters/payments/mercadopago-gateway.ts';
import { TransientError } from '../../../core/errors.ts';
import type { ChargeRequest } from '../../../core/ports.ts';
import { FAKE_MP_TOKEN, type FakeMercadoPago, startFakeMercadoPago } from '../../support/fake-mercadopago.ts';

let mp: FakeMercadoPago;
let gw: MercadoPagoGateway;
beforeAll(async () => {
  mp = await startFakeMercadoPago();
  gw = new MercadoPagoGateway({ accessToken: FAKE_MP_TOKEN, apiUrl: mp.url, pageSize: 2 });
});
afterAll(() => mp.close());

let n = 0;
const pix = (over: Partial<ChargeRequest> = {}): ChargeRequest => {
  const orderId = `ord-mp-${++n}`;
  return {
    orderId,
    amount: 4590,
    currency: 'BRL',
    method: 'pix',
    idempotencyKey: `${orderId}:charge:4590`,
    description: `Order ${orderId}`,
    expiresAt: '2030-01-02T15:04:05.678Z',
    payer: { name: 'Ana' },
    ...over,
  };
};

describe('MercadoPagoGateway', () => {
  it('converts centavos and dates as Mercado Pago wants them', () => {
    expect(toReais(1999)).toBe(19.99);
    expect(toReais(5)).toBe(0.05);
    expect(toReais(100000)).toBe(1000);
    expect(JSON.stringify({ a: toReais(1010) })).toBe('{"a":10.1}');
    expect(toMercadoPagoDate('2030-01-02T01:04:05.678Z')).toBe('2030-01-01T22:04:05.678-03:00');
  });

  it('creates a pending Pix with its QR, sends our key and reads it back, once per key', async () => {
    const req = pix();
    const res = await gw.charge(req);
    expect(res.status).toBe('pending');
    if (res.status !== 'pending') return;
    const created = mp.payments.get(res.chargeId)!;
    expect(res.pix?.copyPaste).toBe(created.point_of_interaction?.transaction_data?.qr_code);
    expect(res.pix?.qrPngBase64).toBe(created.point_of_interaction?.transaction_data?.qr_code_base64);
    expect(res.pix?.copyPaste).toMatch(/^000201/);
    const call = mp.calls.find((c) => c.method === 'POST' && c.path === '/v1/payments')!;
    expect(call.idempotencyKey).toBe(req.idempotencyKey);
    expect(call.body).toMatchObject({
      payment_method_id: 'pix',
      transaction_amount: 45.9,
      external_reference: req.orderId,
      date_of_expiration: '2030-01-02T12:04:05.678-03:00',
      payer: { email: `cliente+${req.orderId}@example.com` },
      metadata: { idempotency_key: req.idempotencyKey },
    });
    expect(await gw.charge(req)).toEqual(res);
    expect(mp.paymentsOf(req.orderId)).toHaveLength(1);
    expect(await gw.findCharge(req.orderId, req.idempotencyKey)).toEqual(res);
    expect(await gw.findCharge(req.orderId, 'another-key')).toBeUndefined();
    expect(await gw.getPayment(res.chargeId)).toMatchObject({
      paymentId: res.chargeId,
      orderId: req.orderId,
      method: 'pix',
      amount: 4590,
      status: 'pending',
    });
  });

  it('reads paid, refunded (partly, once per key) and cancelled payments', async () => {
    const req = pix();
    const res = await gw.charge(req);
    if (res.status !== 'pending') throw new Error('not pending');
    mp.pay(res.chargeId);
    expect((await gw.getPayment(res.chargeId))?.status).toBe('approved');
    expect(await gw.findCharge(req.orderId, req.idempotencyKey)).toEqual({
      status: 'approved',
      chargeId: res.chargeId,
    });
    const refund = { orderId: req.orderId, chargeId: res.chargeId, amount: 590, idempotencyKey: `${req.orderId}:r1` };
    const { refundId } = await gw.refund(refund);
    expect(await gw.refund(refund)).toEqual({ refundId });
    const after = await gw.getPayment(res.chargeId);
    expect(after).toMatchObject({ status: 'approved', refunded: 590, refunds: [{ refundId, amount: 590 }] });
    await expect(gw.refund({ ...refund, amount: 5000, idempotencyKey: 'too-much' })).rejects.toBeInstanceOf(
      MercadoPagoApiError,
    );
    // Cancelling a payment that was paid answers the payment as it is: approved.
    expect((await gw.cancelPayment(res.chargeId)).status).toBe('approved');

    const other = await gw.charge(pix());
    if (other.status !== 'pending') throw new Error('not pending');
    expect(await gw.cancelPayment(other.chargeId)).toMatchObject({ status: 'cancelled', statusDetail: 'by_collector' });
    mp.expire(other.chargeId);
    expect(await gw.getPayment(other.chargeId)).toMatchObject({ status: 'cancelled', statusDetail: 'expired' });
    expect(await gw.getPayment('999')).toBeUndefined();

    const books = await gw.listRecords();
    expect(books.filter((r) => r.orderId === req.orderId)).toEqual([
      expect.objectContaining({ idempotencyKey: `charge:${req.idempotencyKey}`, kind: 'charge', approved: true }),
      expect.objectContaining({ idempotencyKey: `refund:${req.orderId}:r1`, kind: 'refund', amount: 590, refundId }),
    ]);
  });

  it('sends a card to Checkout Pro and follows the payment made through the preference', async () => {
    const req = pix({ method: 'card' });
    const res = await gw.charge(req);
    expect(res).toMatchObject({ status: 'pending', chargeId: expect.stringMatching(/^pref:/) });
    if (res.status !== 'pending') return;
    const prefId = res.chargeId.slice('pref:'.length);
    expect(res.checkoutUrl).toBe(mp.preferences.get(prefId)!.init_point);
    const call = mp.calls.find((c) => c.path === '/checkout/preferences' && c.method === 'POST')!;
    expect(call.idempotencyKey).toBe(req.idempotencyKey);
    expect(call.body).toMatchObject({
      external_reference: req.orderId,
      items: [{ unit_price: 45.9, quantity: 1, currency_id: 'BRL' }],
      expires: true,
      expiration_date_to: '2030-01-02T12:04:05.678-03:00',
    });
    expect(await gw.getPayment(res.chargeId)).toMatchObject({
      paymentId: res.chargeId,
      status: 'pending',
      amount: 4590,
    });
    const paid = mp.pay(prefId);
    expect(await gw.getPayment(res.chargeId)).toMatchObject({
      paymentId: paid,
      status: 'approved',
      orderId: req.orderId,
    });
    expect(await gw.cancelPayment(res.chargeId)).toMatchObject({ paymentId: paid, status: 'approved' });

    const unpaid = await gw.charge(pix({ method: 'card' }));
    if (unpaid.status !== 'pending') throw new Error('not pending');
    expect(await gw.cancelPayment(unpaid.chargeId)).toMatchObject({
      paymentId: unpaid.chargeId,
      status: 'cancelled',
      statusDetail: 'expired',
    });
  });

  it('lists payments since a date over several pages', async () => {
    const since = new Date();
    const made: string[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await gw.charge(pix());
      if (r.status === 'pending') made.push(r.chargeId);
    }
    const listed = await gw.listPayments(since);
    expect(listed.map((p) => p.paymentId)).toEqual(made);
    const pages = mp.calls.filter((c) => c.path === '/v1/payments/search').slice(-3);
    expect(pages).toHaveLength(3);
    expect(await gw.listPayments(new Date(Date.now() + 60_000))).toEqual([]);
  });

  it('turns 429, 5xx and an unreachable API into TransientError, and other refusals into MercadoPagoApiError', async () => {
    mp.failNext(1, 503);
    await expect(gw.charge(pix())).rejects.toBeInstanceOf(TransientError);
    mp.failNext(1, 429);
    await expect(gw.getPayment('1')).rejects.toBeInstanceOf(TransientError);
    const down = new MercadoPagoGateway({ accessToken: FAKE_MP_TOKEN, apiUrl: 'http://127.0.0.1:9' });
    await expect(down.getPayment('1')).rejects.toBeInstanceOf(TransientError);
    const wrongToken = new MercadoPagoGateway({ accessToken: 'nope', apiUrl: mp.url });
    await expect(wrongToken.charge(pix())).rejects.toBeInstanceOf(MercadoPagoApiError);
  });
});
