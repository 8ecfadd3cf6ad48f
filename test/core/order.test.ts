// The order aggregate: statuses, transitions with history, address-change and cancel rules, refund plans, paid amount.
import { describe, expect, it } from 'vitest';
import { AddressChangeNotAllowed, InvalidTransition, OrderNotCancellable } from '../../core/errors.ts';
import {
  assertAddressChangeAllowed,
  assertCancellable,
  type Charge,
  canTransition,
  isTerminal,
  ORDER_STATUSES,
  type OrderStatus,
  paidAmount,
  type Refund,
  refundPlan,
  transition,
} from '../../core/order.ts';
import { makeOrder } from './order-fixture.ts';

const charge = (chargeId: string, amount: number): Charge => ({ chargeId, amount, idempotencyKey: `k-${chargeId}` });
const refund = (chargeId: string, amount: number): Refund => ({
  refundId: `r-${chargeId}-${amount}`,
  chargeId,
  amount,
  idempotencyKey: `rk-${chargeId}-${amount}`,
});

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  return undefined;
}

describe('ORDER_STATUSES', () => {
  it('is exactly the ten statuses, in order', () => {
    // Assess
    expect([...ORDER_STATUSES]).toEqual([
      'RECEIVED',
      'AWAITING_PAYMENT',
      'CONFIRMED',
      'PREPARING',
      'OUT_FOR_DELIVERY',
      'DELIVERED',
      'CANCELLED',
      'UNAVAILABLE',
      'PAYMENT_FAILED',
      'REJECTED',
    ]);
  });
});

describe('canTransition / isTerminal', () => {
  const allowed: Record<OrderStatus, OrderStatus[]> = {
    RECEIVED: ['AWAITING_PAYMENT', 'CONFIRMED', 'UNAVAILABLE', 'PAYMENT_FAILED', 'REJECTED', 'CANCELLED'],
    AWAITING_PAYMENT: ['CONFIRMED', 'PAYMENT_FAILED', 'REJECTED', 'CANCELLED'],
    CONFIRMED: ['PREPARING', 'CANCELLED'],
    PREPARING: ['OUT_FOR_DELIVERY', 'CANCELLED'],
    OUT_FOR_DELIVERY: ['DELIVERED'],
    DELIVERED: [],
    CANCELLED: [],
    UNAVAILABLE: [],
    PAYMENT_FAILED: [],
    REJECTED: [],
  };

  it('allows exactly the documented moves between statuses', () => {
    // Act
    const actual = Object.fromEntries(
      ORDER_STATUSES.map((from) => [from, ORDER_STATUSES.filter((to) => canTransition(from, to)).sort()]),
    );

    // Assess
    expect(actual).toEqual(Object.fromEntries(Object.entries(allowed).map(([from, to]) => [from, [...to].sort()])));
  });

  it('treats exactly DELIVERED, CANCELLED, UNAVAILABLE, PAYMENT_FAILED and REJECTED as terminal', () => {
    // Act
    const terminal = ORDER_STATUSES.filter(isTerminal);

    // Assess
    expect(terminal).toEqual(['DELIVERED', 'CANCELLED', 'UNAVAILABLE', 'PAYMENT_FAILED', 'REJECTED']);
  });
});

describe('transition', () => {
  it('returns a new order in the target status with an ISO-timestamped history entry appended', () => {
    // Prepare
    const order = makeOrder();
    const at = new Date(Date.UTC(2025, 2, 1, 12, 5, 30, 250));

    // Act
    const next = transition(order, 'CONFIRMED', at, { by: 'workflow', note: 'paid' });

    // Assess
    expect(next.status).toBe('CONFIRMED');
    expect(next.history).toEqual([
      { status: 'RECEIVED', at: '2025-03-01T12:00:00.000Z' },
      { status: 'CONFIRMED', at: '2025-03-01T12:05:30.250Z', by: 'workflow', note: 'paid' },
    ]);
    expect(order.status).toBe('RECEIVED');
    expect(order.history).toHaveLength(1);
  });

  it('records the reason on the order and omits empty by/note', () => {
    // Prepare
    const order = makeOrder({ status: 'PREPARING' });

    // Act
    const next = transition(order, 'CANCELLED', new Date('2025-03-01T13:00:00Z'), { reason: 'CANCELLED_BY_REQUEST' });

    // Assess
    expect(next.reason).toBe('CANCELLED_BY_REQUEST');
    expect(next.history.at(-1)).toEqual({ status: 'CANCELLED', at: '2025-03-01T13:00:00.000Z' });
  });

  it.each([
    ['RECEIVED', 'DELIVERED'],
    ['RECEIVED', 'PREPARING'],
    ['CONFIRMED', 'DELIVERED'],
    ['OUT_FOR_DELIVERY', 'CANCELLED'],
    ['DELIVERED', 'CANCELLED'],
    ['CANCELLED', 'CONFIRMED'],
    ['REJECTED', 'RECEIVED'],
    ['CONFIRMED', 'CONFIRMED'],
  ] as [OrderStatus, OrderStatus][])('rejects %s → %s with InvalidTransition (INVALID_TRANSITION)', (from, to) => {
    // Prepare
    const order = makeOrder({ status: from });

    // Act
    const err = thrown(() => transition(order, to, new Date()));

    // Assess
    expect(err).toBeInstanceOf(InvalidTransition);
    expect(err).toMatchObject({ code: 'INVALID_TRANSITION', name: 'InvalidTransition', details: { from, to } });
    expect(order.status).toBe(from);
  });
});

describe('assertAddressChangeAllowed', () => {
  it('allows only CONFIRMED and PREPARING; otherwise throws ADDRESS_CHANGE_NOT_ALLOWED', () => {
    // Act
    const outcome = Object.fromEntries(
      ORDER_STATUSES.map((status) => {
        const err = thrown(() => assertAddressChangeAllowed(makeOrder({ status })));
        return [
          status,
          err === undefined
            ? 'ok'
            : err instanceof AddressChangeNotAllowed
              ? (err as AddressChangeNotAllowed).code
              : 'other',
        ];
      }),
    );

    // Assess
    expect(outcome).toEqual({
      RECEIVED: 'ADDRESS_CHANGE_NOT_ALLOWED',
      AWAITING_PAYMENT: 'ADDRESS_CHANGE_NOT_ALLOWED',
      CONFIRMED: 'ok',
      PREPARING: 'ok',
      OUT_FOR_DELIVERY: 'ADDRESS_CHANGE_NOT_ALLOWED',
      DELIVERED: 'ADDRESS_CHANGE_NOT_ALLOWED',
      CANCELLED: 'ADDRESS_CHANGE_NOT_ALLOWED',
      UNAVAILABLE: 'ADDRESS_CHANGE_NOT_ALLOWED',
      PAYMENT_FAILED: 'ADDRESS_CHANGE_NOT_ALLOWED',
      REJECTED: 'ADDRESS_CHANGE_NOT_ALLOWED',
    });
  });
});

describe('assertCancellable', () => {
  it('allows only RECEIVED, AWAITING_PAYMENT, CONFIRMED and PREPARING; otherwise throws ORDER_NOT_CANCELLABLE', () => {
    // Act
    const outcome = Object.fromEntries(
      ORDER_STATUSES.map((status) => {
        const err = thrown(() => assertCancellable(makeOrder({ status })));
        return [
          status,
          err === undefined ? 'ok' : err instanceof OrderNotCancellable ? (err as OrderNotCancellable).code : 'other',
        ];
      }),
    );

    // Assess
    expect(outcome).toEqual({
      RECEIVED: 'ok',
      AWAITING_PAYMENT: 'ok',
      CONFIRMED: 'ok',
      PREPARING: 'ok',
      OUT_FOR_DELIVERY: 'ORDER_NOT_CANCELLABLE',
      DELIVERED: 'ORDER_NOT_CANCELLABLE',
      CANCELLED: 'ORDER_NOT_CANCELLABLE',
      UNAVAILABLE: 'ORDER_NOT_CANCELLABLE',
      PAYMENT_FAILED: 'ORDER_NOT_CANCELLABLE',
      REJECTED: 'ORDER_NOT_CANCELLABLE',
    });
  });
});

describe('paidAmount', () => {
  it('is charges minus refunds, and 0 for an order with neither', () => {
    // Prepare
    const paid = {
      charges: [charge('ch1', 5073), charge('ch2', 150)],
      refunds: [refund('ch2', 150), refund('ch1', 73)],
    };

    // Act
    const amount = paidAmount(paid);
    const none = paidAmount({ charges: [], refunds: [] });

    // Assess
    expect(amount).toBe(5000);
    expect(none).toBe(0);
  });
});

describe('refundPlan', () => {
  it('takes the newest charge first', () => {
    // Prepare
    const o = { charges: [charge('ch1', 5000), charge('ch2', 603)], refunds: [] };

    // Act
    const plan = refundPlan(o, 300);

    // Assess
    expect(plan).toEqual([{ chargeId: 'ch2', amount: 300, remaining: 603 }]);
  });

  it('spills over to older charges when the newest is not enough', () => {
    // Prepare
    const o = { charges: [charge('ch1', 5000), charge('ch2', 603)], refunds: [] };

    // Act
    const plan = refundPlan(o, 1000);

    // Assess
    expect(plan).toEqual([
      { chargeId: 'ch2', amount: 603, remaining: 603 },
      { chargeId: 'ch1', amount: 397, remaining: 5000 },
    ]);
  });

  it('never plans more than what was charged, even when asked for more', () => {
    // Prepare
    const o = { charges: [charge('ch1', 5000), charge('ch2', 603)], refunds: [] };

    // Act
    const plan = refundPlan(o, 1_000_000);

    // Assess
    expect(plan).toEqual([
      { chargeId: 'ch2', amount: 603, remaining: 603 },
      { chargeId: 'ch1', amount: 5000, remaining: 5000 },
    ]);
  });

  it('accounts for earlier partial refunds of each charge', () => {
    // Prepare: ch2 fully refunded already, ch1 partly.
    const o = {
      charges: [charge('ch1', 5000), charge('ch2', 603), charge('ch3', 200)],
      refunds: [refund('ch2', 603), refund('ch1', 1000), refund('ch3', 50)],
    };

    // Act
    const plan = refundPlan(o, 10_000);

    // Assess
    expect(plan).toEqual([
      { chargeId: 'ch3', amount: 150, remaining: 150 },
      { chargeId: 'ch1', amount: 4000, remaining: 4000 },
    ]);
    expect(plan.reduce((s, p) => s + p.amount, 0)).toBe(paidAmount(o));
  });

  it('plans nothing for a zero amount or an order with no charges', () => {
    // Act
    const zero = refundPlan({ charges: [charge('ch1', 5000)], refunds: [] }, 0);
    const uncharged = refundPlan({ charges: [], refunds: [] }, 500);

    // Assess
    expect(zero).toEqual([]);
    expect(uncharged).toEqual([]);
  });

  it('keeps every charge within its remainder across many amounts and refund histories', () => {
    // Prepare
    const o = {
      charges: [charge('a', 1000), charge('b', 250), charge('c', 4000)],
      refunds: [refund('c', 3999), refund('a', 10)],
    };

    for (const amount of [1, 2, 251, 999, 1240, 1241, 1242, 5000]) {
      // Act
      const plan = refundPlan(o, amount);

      // Assess
      const total = plan.reduce((s, p) => s + p.amount, 0);
      expect(total).toBe(Math.min(amount, paidAmount(o)));
      for (const p of plan) {
        const charged = o.charges.find((c) => c.chargeId === p.chargeId)!.amount;
        const before = o.refunds.filter((r) => r.chargeId === p.chargeId).reduce((s, r) => s + r.amount, 0);
        expect(p.amount).toBeGreaterThan(0);
        expect(before + p.amount).toBeLessThanOrEqual(charged);
      }
    }
  });
});
