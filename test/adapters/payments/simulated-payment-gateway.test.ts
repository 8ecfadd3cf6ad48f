// The simulated provider: Stripe test tokens, books that never charge or refund twice for a key, refuse a key reused
// with another amount, never refund more than a charge has left, and survive a restart (on dynalite).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoPaymentRecordStore } from '../../../adapters/aws/dynamo-payment-records.ts';
import { makePixCode, parseBrCode } from '../../../adapters/payments/pix-code.ts';
import {
  InMemoryPaymentRecordStore,
  SimulatedPaymentGateway,
} from '../../../adapters/payments/simulated-payment-gateway.ts';
import type { PaymentRecordStore } from '../../../core/ports.ts';
import { freshTable } from '../../support/dynalite-table.ts';

let db: Awaited<ReturnType<typeof freshTable>>;
beforeAll(async () => {
  db = await freshTable();
});
afterAll(async () => {
  await db.close();
});

const charge = (
  gw: SimulatedPaymentGateway,
  method: 'card' | 'pix',
  token: string | undefined,
  key: string,
  amount = 1000,
  orderId = 'ORD001',
) => gw.charge({ orderId, amount, currency: 'BRL', method, token, idempotencyKey: key, description: 'test' });

describe.each([
  ['in memory', () => new InMemoryPaymentRecordStore() as PaymentRecordStore],
  ['on dynalite', () => new DynamoPaymentRecordStore(db.client, db.tableName) as PaymentRecordStore],
])('SimulatedPaymentGateway (%s)', (name, books) => {
  it('approves tok_visa at once, declines tok_chargeDeclined and unknown tokens, and leaves a Pix pending', async () => {
    const gw = new SimulatedPaymentGateway(books(), { pixCode: makePixCode });
    expect(await charge(gw, 'card', 'tok_visa', `${name}-1`)).toMatchObject({
      status: 'approved',
      chargeId: expect.stringMatching(/^ch_/),
    });
    expect(await charge(gw, 'pix', undefined, `${name}-2`)).toMatchObject({
      status: 'pending',
      chargeId: expect.stringMatching(/^pix_ORD001_/),
    });
    expect(await charge(gw, 'card', 'tok_chargeDeclined', `${name}-4`)).toEqual({
      status: 'declined',
      declineCode: 'card_declined',
    });
    expect(await charge(gw, 'card', 'tok_made_up', `${name}-5`)).toEqual({
      status: 'declined',
      declineCode: 'invalid_token',
    });
    // The pending Pix moved no money yet.
    expect(gw.counters.charges).toBe(1);
  });

  it('gives a Pix a valid BR Code for the amount, with its QR, and a card with no token a hosted checkout', async () => {
    const gw = new SimulatedPaymentGateway(books(), {
      pixCode: makePixCode,
      checkoutUrl: (id) => `http://127.0.0.1:9/dev/checkout/${id}`,
    });
    const pix = await charge(gw, 'pix', undefined, `${name}-brcode`, 5290, 'ORDBR1');
    const card = await charge(gw, 'card', undefined, `${name}-checkout`, 5290, 'ORDBR2');
    if (pix.status !== 'pending' || card.status !== 'pending') throw new Error('expected two pending charges');
    const code = parseBrCode(pix.pix!.copyPaste);
    expect(code.crcValid).toBe(true);
    expect(code.amount).toBe('52.90');
    expect(code.txid).toBe('ORDBR1');
    expect(Buffer.from(pix.pix!.qrPngBase64, 'base64').subarray(1, 4).toString()).toBe('PNG');
    expect(card.checkoutUrl).toBe(`http://127.0.0.1:9/dev/checkout/${card.chargeId}`);
    expect(card.pix).toBeUndefined();
  });

  it('pays a pending Pix once, however many pay at once, and tells its listener once', async () => {
    const gw = new SimulatedPaymentGateway(books(), { pixCode: makePixCode });
    const heard: string[] = [];
    gw.onPaymentChanged((id) => {
      heard.push(id);
    });
    const pix = await charge(gw, 'pix', undefined, `${name}-pay`, 1200, 'ORDPAY');
    if (pix.status !== 'pending') throw new Error('expected pending');
    const results = await Promise.all(Array.from({ length: 8 }, () => gw.pay(pix.chargeId)));
    await new Promise((r) => setTimeout(r, 20));
    expect(results.map((p) => p.status)).toEqual(Array(8).fill('approved'));
    expect(gw.counters.charges).toBe(1);
    expect(heard).toEqual([pix.chargeId]);
    expect(await gw.findCharge('ORDPAY', `${name}-pay`)).toEqual({ status: 'approved', chargeId: pix.chargeId });
  });

  it('cannot pay a Pix it cancelled, and a cancel after paying leaves it paid', async () => {
    const gw = new SimulatedPaymentGateway(books(), { pixCode: makePixCode });
    const a = await charge(gw, 'pix', undefined, `${name}-cancel-a`, 1000, 'ORDCA');
    const b = await charge(gw, 'pix', undefined, `${name}-cancel-b`, 1000, 'ORDCB');
    if (a.status !== 'pending' || b.status !== 'pending') throw new Error('expected pending');
    expect((await gw.cancelPayment(a.chargeId)).status).toBe('cancelled');
    expect((await gw.pay(a.chargeId)).status).toBe('cancelled');
    await gw.pay(b.chargeId);
    expect((await gw.cancelPayment(b.chargeId)).status).toBe('approved');
    expect(gw.counters.charges).toBe(1);
    const listed = await gw.listPayments(new Date(Date.now() - 60_000));
    expect(
      listed
        .filter((p) => p.orderId === 'ORDCA' || p.orderId === 'ORDCB')
        .map((p) => p.status)
        .sort(),
    ).toEqual(['approved', 'cancelled']);
  });

  it('returns the first result for a repeated key, for charges and refunds, and counts one of each', async () => {
    const gw = new SimulatedPaymentGateway(books(), { pixCode: makePixCode });
    const a = await charge(gw, 'card', 'tok_visa', `${name}-k`);
    const b = await charge(gw, 'card', 'tok_visa', `${name}-k`);
    expect(b).toEqual(a);
    const chargeId = (a as { chargeId: string }).chargeId;
    const r1 = await gw.refund({ orderId: 'ORD001', chargeId, amount: 400, idempotencyKey: `${name}-r` });
    const r2 = await gw.refund({ orderId: 'ORD001', chargeId, amount: 400, idempotencyKey: `${name}-r` });
    expect(r2).toEqual(r1);
    expect(gw.counters).toEqual({ charges: 1, refunds: 1 });
  });

  it('gives 10 concurrent first-timers with one key one and the same charge', async () => {
    const gw = new SimulatedPaymentGateway(books(), { pixCode: makePixCode });
    const results = await Promise.all(Array.from({ length: 10 }, () => charge(gw, 'pix', undefined, `${name}-race`)));
    expect(new Set(results.map((r) => (r as { chargeId: string }).chargeId)).size).toBe(1);
    expect((await gw.listRecords()).filter((r) => r.idempotencyKey === `charge:${name}-race`)).toHaveLength(1);
  });

  // Regression (issue 9): four address changes shared one key for different amounts, and the provider silently
  // answered each with the first charge, so the order and the books disagreed.
  it('refuses a key sent again with another amount, rather than answering with the first operation', async () => {
    const gw = new SimulatedPaymentGateway(books(), { pixCode: makePixCode });
    await charge(gw, 'card', 'tok_visa', `${name}-reuse`, 302);
    await expect(charge(gw, 'card', 'tok_visa', `${name}-reuse`, 538)).rejects.toMatchObject({
      name: 'IdempotencyKeyMismatch',
    });
  });

  it('never refunds more than the charge has left, nor a charge it does not know', async () => {
    const gw = new SimulatedPaymentGateway(books(), { pixCode: makePixCode });
    const { chargeId } = (await charge(gw, 'card', 'tok_visa', `${name}-c`, 1000, 'ORD002')) as { chargeId: string };
    await gw.refund({ orderId: 'ORD002', chargeId, amount: 700, idempotencyKey: `${name}-r1` });
    await expect(
      gw.refund({ orderId: 'ORD002', chargeId, amount: 301, idempotencyKey: `${name}-r2` }),
    ).rejects.toMatchObject({ name: 'RefundRefused' });
    await expect(
      gw.refund({ orderId: 'ORD002', chargeId: 'ch_unknown', amount: 1, idempotencyKey: `${name}-r3` }),
    ).rejects.toMatchObject({ name: 'RefundRefused' });
    await gw.refund({ orderId: 'ORD002', chargeId, amount: 300, idempotencyKey: `${name}-r4` });
    const net = (await gw.listRecords())
      .filter((r) => r.orderId === 'ORD002')
      .reduce((s, r) => s + (r.kind === 'charge' ? r.amount : -r.amount), 0);
    expect(net).toBe(0);
  });
});

// Regression (issue 9, item 4): the local gateway's books were in memory, so a charge retried after a restart got a
// new charge id. On the table, a new gateway (a new process) answers the same charge.
it('answers a retried charge with the same charge after a restart, when the books are in the table', async () => {
  const before = new SimulatedPaymentGateway(new DynamoPaymentRecordStore(db.client, db.tableName));
  const first = await charge(before, 'card', 'tok_visa', 'restart-key');
  const after = new SimulatedPaymentGateway(new DynamoPaymentRecordStore(db.client, db.tableName));
  expect(await charge(after, 'card', 'tok_visa', 'restart-key')).toEqual(first);
  expect(after.counters.charges).toBe(0);
});
