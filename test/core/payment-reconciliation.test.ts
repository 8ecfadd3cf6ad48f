// Reconciliation of provider payments with orders, on hand-built orders and payments: each mismatch code fires on
// the case it names, and the balanced cases (a late payment refunded in full, cash, a pending Pix) stay quiet.
import { describe, expect, it } from 'vitest';
import type { Order } from '../../core/order.ts';
import type { ProviderPayment } from '../../core/payment-instructions.ts';
import { reconcilePayments } from '../../core/payment-reconciliation.ts';
import { makeOrder } from './order-fixture.ts';

const KEY = 'K7M2QX:charge:5073';
const charge = { chargeId: 'pix_K7M2QX_ab12', amount: 5073, idempotencyKey: KEY, reason: 'order' as const };
const refund = {
  refundId: 're_1',
  chargeId: 'pix_K7M2QX_ab12',
  amount: 5073,
  idempotencyKey: 'K7M2QX:closing:pix_K7M2QX_ab12:5073',
  reason: 'closing' as const,
};

function payment(overrides: Partial<ProviderPayment> = {}): ProviderPayment {
  return {
    paymentId: 'pix_K7M2QX_ab12',
    orderId: 'K7M2QX',
    method: 'pix',
    amount: 5073,
    status: 'approved',
    refunded: 0,
    refunds: [],
    createdAt: '2025-03-01T12:00:01.000Z',
    ...overrides,
  };
}
const refundedPayment = (...amounts: number[]) =>
  payment({
    refunded: amounts.reduce((s, a) => s + a, 0),
    refunds: amounts.map((amount, i) => ({ refundId: `re_${i + 1}`, amount, at: '2025-03-01T12:05:00.000Z' })),
  });
const confirmed = (o: Partial<Order> = {}) => makeOrder({ status: 'CONFIRMED', charges: [charge], ...o });
const codes = (orders: Order[], payments: ProviderPayment[], since?: Date) =>
  reconcilePayments({ orders, payments, ...(since ? { since } : {}) }).mismatches.map((m) => m.code);

describe('reconcilePayments', () => {
  it('finds nothing when a confirmed Pix order was paid once, and lists the payment next to the order', () => {
    // Act
    const { rows, mismatches } = reconcilePayments({ orders: [confirmed()], payments: [payment()] });

    // Assess
    expect(mismatches).toEqual([]);
    expect(rows).toEqual([
      {
        paymentId: 'pix_K7M2QX_ab12',
        orderId: 'K7M2QX',
        method: 'pix',
        providerStatus: 'approved',
        amount: 5073,
        refunded: 0,
        orderStatus: 'CONFIRMED',
        orderCharged: 5073,
        orderRefunded: 0,
      },
    ]);
  });

  it('accepts a late payment on an ended order that was refunded in full, and a pending or expired Pix', () => {
    const late = makeOrder({
      status: 'PAYMENT_FAILED',
      reason: 'PAYMENT_EXPIRED',
      charges: [charge],
      refunds: [refund],
    });
    const waiting = makeOrder({ orderId: 'W41T00', status: 'AWAITING_PAYMENT' });
    const expired = makeOrder({ orderId: 'EXP100', status: 'PAYMENT_FAILED', reason: 'PAYMENT_EXPIRED' });

    expect(
      codes(
        [late, waiting, expired],
        [
          refundedPayment(5073),
          payment({ paymentId: 'pix_W41T00_1', orderId: 'W41T00', status: 'pending' }),
          payment({ paymentId: 'pix_EXP100_1', orderId: 'EXP100', status: 'cancelled', statusDetail: 'expired' }),
        ],
      ),
    ).toEqual([]);
  });

  it('PAID_NOT_CONFIRMED: money kept on an ended order, an approved payment the order does not record, a cash order', () => {
    const cancelled = makeOrder({ status: 'CANCELLED', reason: 'CANCELLED_BY_REQUEST', charges: [charge] });
    const awaiting = makeOrder({ status: 'AWAITING_PAYMENT' });
    const cash = makeOrder({ status: 'CONFIRMED', payment: { method: 'cash' } });

    const { mismatches } = reconcilePayments({ orders: [cancelled], payments: [payment()] });
    expect(mismatches).toEqual([
      {
        code: 'PAID_NOT_CONFIRMED',
        orderId: 'K7M2QX',
        paymentId: 'pix_K7M2QX_ab12',
        message: 'R$50.73 paid and not refunded, but the order is CANCELLED (CANCELLED_BY_REQUEST)',
      },
    ]);
    expect(codes([awaiting], [payment()])).toEqual(['PAID_NOT_CONFIRMED']);
    expect(codes([cash], [payment()])).toEqual(['PAID_NOT_CONFIRMED']);
    // A partial refund on an ended order still leaves money kept.
    expect(codes([{ ...cancelled, refunds: [{ ...refund, amount: 1000 }] }], [refundedPayment(1000)])).toEqual([
      'PAID_NOT_CONFIRMED',
    ]);
  });

  it('CONFIRMED_NOT_PAID: a confirmed card or Pix order whose charge is missing, not approved, or not recorded', () => {
    const card = confirmed({ payment: { method: 'card', token: 'tok_visa' } });

    expect(codes([card], [])).toEqual(['CONFIRMED_NOT_PAID']);
    expect(codes([confirmed({ status: 'DELIVERED' })], [payment({ status: 'pending' })])).toEqual([
      'CONFIRMED_NOT_PAID',
    ]);
    expect(codes([confirmed({ charges: [] })], [])).toEqual(['CONFIRMED_NOT_PAID']);
    // Cash is never at the provider, and an order older than `since` has its payment outside the list.
    expect(codes([makeOrder({ status: 'DELIVERED', payment: { method: 'cash' } })], [])).toEqual([]);
    expect(codes([card], [], new Date('2025-03-02T00:00:00Z'))).toEqual([]);
    expect(codes([card], [], new Date('2025-03-01T00:00:00Z'))).toEqual(['CONFIRMED_NOT_PAID']);
  });

  it('REFUNDED_TWICE: more given back than paid, or more refunds at the provider than on the order', () => {
    const cancelled = makeOrder({ status: 'CANCELLED', charges: [charge], refunds: [refund] });

    expect(codes([cancelled], [refundedPayment(5073, 5073)])).toEqual(['REFUNDED_TWICE']);
    // Two refunds that together fit in the payment, for the one refund the order records.
    const split = { ...refund, amount: 2000 };
    expect(codes([confirmed({ refunds: [split] })], [refundedPayment(2000, 2000)])).toEqual(['REFUNDED_TWICE']);
    expect(codes([cancelled], [payment({ status: 'cancelled', refunded: 100 })])).toContain('REFUNDED_TWICE');
  });

  it('AMOUNT_DIFFERS: the provider charged or refunded another amount than the order records', () => {
    expect(codes([confirmed()], [payment({ amount: 5074 })])).toEqual(['AMOUNT_DIFFERS']);
    const partial = { ...refund, amount: 500, reason: 'address-change' as const };
    expect(codes([confirmed({ refunds: [partial] })], [refundedPayment(600)])).toEqual(['AMOUNT_DIFFERS']);
    expect(
      codes(
        [makeOrder({ status: 'AWAITING_PAYMENT', awaitingPayment: awaitingFor(5000) })],
        [payment({ status: 'pending' })],
      ),
    ).toEqual(['AMOUNT_DIFFERS']);
    // A fee-difference charge the provider never approved.
    const extra = { chargeId: 'ch_fee', amount: 300, idempotencyKey: 'K7M2QX:fee', reason: 'address-change' as const };
    expect(codes([confirmed({ charges: [charge, extra], total: 5373 })], [payment()])).toEqual(['AMOUNT_DIFFERS']);
  });

  it('UNKNOWN_PAYMENT: a payment whose external reference is no order', () => {
    const { mismatches } = reconcilePayments({
      orders: [confirmed()],
      payments: [payment(), payment({ paymentId: 'pix_Z_1', orderId: 'ZZZZZZ' })],
    });

    expect(mismatches).toEqual([
      {
        code: 'UNKNOWN_PAYMENT',
        orderId: 'ZZZZZZ',
        paymentId: 'pix_Z_1',
        message: 'approved payment of R$50.73 names order ZZZZZZ, which does not exist',
      },
    ]);
  });
});

function awaitingFor(amount: number): Order['awaitingPayment'] {
  return {
    chargeId: 'pix_K7M2QX_ab12',
    amount,
    idempotencyKey: KEY,
    status: 'pending',
    expiresAt: '2025-03-01T12:15:00.000Z',
  };
}
