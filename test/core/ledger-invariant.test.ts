// The money and stock invariant on hand-built snapshots of provider payments that wait: a pending or cancelled Pix is
// no money, an order waiting for its payment holds its stock, and a late payment refunded in full balances.
import { describe, expect, it } from 'vitest';
import { checkLedgerInvariant, type LedgerSnapshot } from '../../core/ledger-invariant.ts';
import type { Order } from '../../core/order.ts';
import type { PaymentRecord } from '../../core/ports.ts';
import { makeOrder } from './order-fixture.ts';

const KEY = 'K7M2QX:charge:5073';
const PIX = 'pix_K7M2QX_ab12';
const charge = { chargeId: PIX, amount: 5073, idempotencyKey: KEY, reason: 'order' as const };
const closingKey = `K7M2QX:closing:${PIX}:5073`;
const awaitingPayment: Order['awaitingPayment'] = {
  chargeId: PIX,
  amount: 5073,
  idempotencyKey: KEY,
  status: 'pending',
  expiresAt: '2025-03-01T12:15:00.000Z',
};

function pixRecord(overrides: Partial<PaymentRecord> = {}): PaymentRecord {
  return {
    idempotencyKey: `charge:${KEY}`,
    kind: 'charge',
    orderId: 'K7M2QX',
    amount: 5073,
    method: 'pix',
    approved: false,
    status: 'pending',
    chargeId: PIX,
    at: '2025-03-01T12:00:01.000Z',
    ...overrides,
  };
}
const refundRecord: PaymentRecord = {
  idempotencyKey: `refund:${closingKey}`,
  kind: 'refund',
  orderId: 'K7M2QX',
  amount: 5073,
  approved: true,
  chargeId: PIX,
  refundId: 're_1',
  at: '2025-03-01T12:20:00.000Z',
};
const holdsOf = (o: Order) => o.items.map((l) => ({ sku: l.sku, orderId: o.orderId, qty: l.qty }));
const products = [
  { sku: 'ACAI-300', stock: 10 },
  { sku: 'GUARANA-350', stock: 10 },
];
const snapshot = (s: Partial<LedgerSnapshot>): LedgerSnapshot => ({
  orders: [],
  records: [],
  holds: [],
  products,
  ...s,
});
const codes = (s: Partial<LedgerSnapshot>) => checkLedgerInvariant(snapshot(s)).map((v) => v.code);

describe('checkLedgerInvariant with payments that wait', () => {
  it('holds for an order awaiting its Pix: the pending charge is no money and the order keeps its stock', () => {
    const order = makeOrder({ status: 'AWAITING_PAYMENT', awaitingPayment });

    expect(codes({ orders: [order], records: [pixRecord()], holds: holdsOf(order) })).toEqual([]);
  });

  it('holds for a Pix that expired or was cancelled: no money, no stock', () => {
    const order = makeOrder({
      status: 'PAYMENT_FAILED',
      reason: 'PAYMENT_EXPIRED',
      awaitingPayment: { ...awaitingPayment!, status: 'cancelled', statusDetail: 'expired' },
    });
    const cancelled = pixRecord({ status: 'cancelled', statusDetail: 'expired' });

    expect(codes({ orders: [order], records: [cancelled] })).toEqual([]);
    // A cancelled record that claims approval is still no money.
    expect(codes({ orders: [order], records: [{ ...cancelled, approved: true }] })).toEqual([]);
    // The stock of an ended order must be back.
    expect(codes({ orders: [order], records: [cancelled], holds: holdsOf(order) })).toEqual([
      'HOLD_ON_CLOSED_ORDER',
      'HOLD_ON_CLOSED_ORDER',
    ]);
  });

  it('flags a Pix the provider says is paid while the order does not record it yet', () => {
    const order = makeOrder({ status: 'AWAITING_PAYMENT', awaitingPayment });

    expect(
      codes({ orders: [order], records: [pixRecord({ approved: true, status: 'approved' })], holds: holdsOf(order) }),
    ).toEqual(['MONEY_NOT_ON_ORDER', 'NET_DIFFERS']);
  });

  it('balances a late payment on an expired order once it is recorded and refunded in full, and not before', () => {
    const late = makeOrder({
      status: 'PAYMENT_FAILED',
      reason: 'PAYMENT_EXPIRED',
      awaitingPayment: { ...awaitingPayment!, status: 'approved' },
      charges: [charge],
      refunds: [{ refundId: 're_1', chargeId: PIX, amount: 5073, idempotencyKey: closingKey, reason: 'closing' }],
    });
    const paid = pixRecord({ approved: true, status: 'approved', statusDetail: 'accredited' });

    expect(codes({ orders: [late], records: [paid, refundRecord] })).toEqual([]);
    expect(codes({ orders: [{ ...late, refunds: [] }], records: [paid] })).toEqual(['ENDED_WITH_MONEY_KEPT']);
  });
});
