// Reconciliation of the payment provider's payments with the orders: each payment next to its order, and every place
// where the two disagree, with a stable code. Pure: the caller reads the orders and the provider.
import { formatMoney } from './lang.ts';
import type { Order, OrderStatus } from './order.ts';
import { orderChargeOf, paidOnDelivery } from './order.ts';
import type { ProviderPayment, ProviderPaymentStatus } from './payment-instructions.ts';

export type MismatchCode =
  /** The provider holds money for an order that is not going ahead with it (or does not record it). */
  | 'PAID_NOT_CONFIRMED'
  /** The order went ahead (CONFIRMED or later) but its charge has no approved payment at the provider. */
  | 'CONFIRMED_NOT_PAID'
  /** More was given back than was paid, or the provider has more refunds than the order records. */
  | 'REFUNDED_TWICE'
  /** The provider's amount, or what it refunded, is not what the order records for that payment. */
  | 'AMOUNT_DIFFERS'
  /** A payment whose external reference is no order. */
  | 'UNKNOWN_PAYMENT';

export interface Mismatch {
  code: MismatchCode;
  orderId: string;
  paymentId?: string;
  /** Plain words, for the operator. */
  message: string;
}

/** One line of the report: a payment as the provider has it, next to what its order records for it. */
export interface ReconciliationRow {
  paymentId: string;
  orderId: string;
  method: 'card' | 'pix';
  providerStatus: ProviderPaymentStatus;
  amount: number;
  refunded: number;
  /** Absent when no order has this id. */
  orderStatus?: OrderStatus;
  /** What the order records as charged and refunded on this payment. */
  orderCharged: number;
  orderRefunded: number;
}

export interface Reconciliation {
  rows: ReconciliationRow[];
  mismatches: Mismatch[];
}

/** The statuses in which an order has gone ahead with its money: it must be paid, and may keep what it was paid. */
const WENT_AHEAD = new Set<OrderStatus>(['CONFIRMED', 'PREPARING', 'OUT_FOR_DELIVERY', 'DELIVERED']);
const money = (c: number) => formatMoney(c, 'en');
const sum = (xs: { amount: number }[]) => xs.reduce((s, x) => s + x.amount, 0);

/**
 * Compares the provider's payments (created since `since`) with the orders. `orders` may hold every order: the checks
 * that start from an order (a confirmed order with no payment) only look at orders created since `since`, whose
 * payments are all in the list; older orders are still used to name a listed payment's order.
 */
export function reconcilePayments(input: {
  orders: Order[];
  payments: ProviderPayment[];
  since?: Date;
}): Reconciliation {
  const orders = new Map(input.orders.map((o) => [o.orderId, o]));
  const payments = new Map(input.payments.map((p) => [p.paymentId, p]));
  const rows: ReconciliationRow[] = [];
  const mismatches: Mismatch[] = [];
  for (const p of [...input.payments].sort((a, b) => a.createdAt.localeCompare(b.createdAt))) {
    const o = orders.get(p.orderId);
    const charged = o ? sum(o.charges.filter((c) => c.chargeId === p.paymentId)) : 0;
    const refunded = o ? sum(o.refunds.filter((r) => r.chargeId === p.paymentId)) : 0;
    rows.push({
      paymentId: p.paymentId,
      orderId: p.orderId,
      method: p.method,
      providerStatus: p.status,
      amount: p.amount,
      refunded: providerRefunded(p),
      ...(o ? { orderStatus: o.status } : {}),
      orderCharged: charged,
      orderRefunded: refunded,
    });
    if (!o) {
      mismatches.push({
        code: 'UNKNOWN_PAYMENT',
        orderId: p.orderId,
        paymentId: p.paymentId,
        message: `${p.status} payment of ${money(p.amount)} names order ${p.orderId}, which does not exist`,
      });
      continue;
    }
    mismatches.push(...checkPayment(p, o));
  }
  const since = input.since?.getTime() ?? Number.NEGATIVE_INFINITY;
  for (const o of input.orders) {
    if (paidOnDelivery(o) || Date.parse(o.createdAt) < since) continue;
    mismatches.push(...checkOrderCharges(o, payments));
  }
  return { rows, mismatches };
}

/** What the provider gave back on a payment: its refunds, or its own total when it lists none. */
const providerRefunded = (p: ProviderPayment) => Math.max(p.refunded, sum(p.refunds));

function checkPayment(p: ProviderPayment, o: Order): Mismatch[] {
  const out: Mismatch[] = [];
  const m = (code: MismatchCode, message: string) =>
    out.push({ code, orderId: o.orderId, paymentId: p.paymentId, message });
  const recorded = o.charges.filter((c) => c.chargeId === p.paymentId);
  const orderRefunds = o.refunds.filter((r) => r.chargeId === p.paymentId);
  const given = providerRefunded(p);
  const approved = p.status === 'approved';

  let refundsTwice = false;
  if (given > (approved ? p.amount : 0)) {
    refundsTwice = true;
    m(
      'REFUNDED_TWICE',
      approved
        ? `the provider gave back ${money(given)} on a payment of ${money(p.amount)}`
        : `the provider gave back ${money(given)} on a payment that was never paid (${p.status})`,
    );
  } else if (p.refunds.length > orderRefunds.length) {
    refundsTwice = true;
    m(
      'REFUNDED_TWICE',
      `the provider made ${p.refunds.length} refund(s) on this payment (${money(given)}), the order records ${orderRefunds.length} (${money(sum(orderRefunds))})`,
    );
  }

  const recordedAmount = sum(recorded);
  if (recorded.length > 0 && recordedAmount !== p.amount)
    m(
      'AMOUNT_DIFFERS',
      `the provider has ${money(p.amount)} for this payment, the order records ${money(recordedAmount)}`,
    );
  else if (
    recorded.length === 0 &&
    o.awaitingPayment?.chargeId === p.paymentId &&
    o.awaitingPayment.amount !== p.amount
  )
    m(
      'AMOUNT_DIFFERS',
      `the provider asks ${money(p.amount)} for this payment, the order waits for ${money(o.awaitingPayment.amount)}`,
    );
  if (!refundsTwice && sum(orderRefunds) !== given)
    m(
      'AMOUNT_DIFFERS',
      `the provider gave back ${money(given)} on this payment, the order records ${money(sum(orderRefunds))}`,
    );

  const kept = approved ? p.amount - given : 0;
  if (kept > 0) {
    if (paidOnDelivery(o))
      m('PAID_NOT_CONFIRMED', `${money(kept)} paid at the provider for a cash order, which is paid on delivery`);
    else if (recorded.length === 0)
      m(
        'PAID_NOT_CONFIRMED',
        `${money(kept)} paid at the provider, but the ${o.status} order does not record this payment`,
      );
    else if (!WENT_AHEAD.has(o.status))
      m(
        'PAID_NOT_CONFIRMED',
        `${money(kept)} paid and not refunded, but the order is ${o.status}${o.reason ? ` (${o.reason})` : ''}`,
      );
  }
  return out;
}

/** Every charge the order records must be an approved payment at the provider; the order's own charge most of all. */
function checkOrderCharges(o: Order, payments: Map<string, ProviderPayment>): Mismatch[] {
  const out: Mismatch[] = [];
  const orderCharge = orderChargeOf(o);
  const wentAhead = WENT_AHEAD.has(o.status);
  if (wentAhead && !orderCharge)
    out.push({
      code: 'CONFIRMED_NOT_PAID',
      orderId: o.orderId,
      message: `the ${o.payment.method} order is ${o.status} but records no charge of its ${money(o.total)}`,
    });
  for (const c of o.charges) {
    const p = payments.get(c.chargeId);
    if (p?.status === 'approved') continue;
    const where = p ? `the provider has it ${p.status}` : 'the provider has no such payment';
    if (c === orderCharge && wentAhead)
      out.push({
        code: 'CONFIRMED_NOT_PAID',
        orderId: o.orderId,
        paymentId: c.chargeId,
        message: `the order is ${o.status} on a charge of ${money(c.amount)}, but ${where}`,
      });
    else
      out.push({
        code: 'AMOUNT_DIFFERS',
        orderId: o.orderId,
        paymentId: c.chargeId,
        message: `the ${o.status} order records ${money(c.amount)} charged (${c.reason ?? 'order'}), but ${where}`,
      });
  }
  return out;
}
