// Applies what the payment provider says about a payment (read back from the provider, never taken from a webhook's
// body) to its order, once per payment and status: records the money, and completes or fails the workflow's wait.
import type { OrderDeps } from './deps.ts';
import { NoStageAwaiting, OrderNotFound, TransientError } from './errors.ts';
import { endedUndelivered, intentsOf, type Order, PAYMENT_EXPIRED, withOutboxEvent } from './order.ts';
import { mutateOrder } from './order-mutation.ts';
import { isCheckoutPlaceholder, type ProviderPayment } from './payment-instructions.ts';
import { settleOrder } from './settle-order.ts';

/** The workflow's error names for a payment that will not come (the ASL's WaitForPayment catches them). */
export const PAYMENT_DECLINED_ERROR = 'PaymentDeclined';
export const PAYMENT_EXPIRED_ERROR = 'PaymentExpired';

export type ProviderPaymentOutcome =
  /** Already applied: a repeated webhook, or the wait and the webhook both saw it. Nothing happened. */
  | 'duplicate'
  /** Not a payment of this order's (another external reference, or a payment the order never asked for). */
  | 'unknown'
  /** Still pending: nothing to do. */
  | 'pending'
  /** Paid, and the order goes on to confirm. */
  | 'paid'
  /** Paid after the order had ended: recorded, and refunded by the provider. */
  | 'refunded-late'
  /** Declined or cancelled: the workflow ends the order. */
  | 'failed';

/** A payment the order does not know yet, because its charge step is still recording it: ask again in a moment. */
export class PaymentNotYetRecorded extends TransientError {
  constructor(paymentId: string, orderId: string) {
    super(`Payment ${paymentId} of order ${orderId} is not recorded on the order yet`);
  }
}

/**
 * A hosted checkout (core/payment-instructions.ts isCheckoutPlaceholder) is not a payment: the payment made on it has
 * an id of its own, and belongs to the order when it carries the order's reference and the amount the order waits for.
 */
const throughCheckout = (waiting: { chargeId: string; amount: number }, p: ProviderPayment) =>
  isCheckoutPlaceholder(waiting.chargeId) && p.amount === waiting.amount;

const eventKey = (p: ProviderPayment) => `${p.paymentId}:${p.status}`;
const isExpiry = (p: PaymentStanding) => p.status === 'cancelled' && (p.statusDetail ?? 'expired') === 'expired';

/**
 * Safe to run any number of times and concurrently: the change is one conditional save that also remembers
 * `<paymentId>:<status>`, so only one caller acts on a given status. A payment that lands after its order ended (it
 * expired, or was cancelled) is recorded as the money it is, and the order's closing refund gives it back.
 */
export async function applyProviderPayment(deps: OrderDeps, payment: ProviderPayment): Promise<ProviderPaymentOutcome> {
  const order = await deps.orders.get(payment.orderId);
  if (!order) throw new OrderNotFound(payment.orderId);
  const waiting = order.awaitingPayment;
  // Paid before the charge step recorded which payment it waits on (a fast payer, a fast webhook): the provider must
  // tell us again shortly, so this is an error it retries on, not an unknown payment.
  if (!waiting && intentsOf(order).some((i) => i.kind === 'charge' && i.reason === 'order'))
    throw new PaymentNotYetRecorded(payment.paymentId, order.orderId);
  if (!waiting || (waiting.chargeId !== payment.paymentId && !throughCheckout(waiting, payment))) return 'unknown';
  if (payment.status === 'pending') return 'pending';
  // A card refused on the hosted checkout: the customer can try another card there, so the wait goes on.
  if (waiting.chargeId !== payment.paymentId && payment.status !== 'approved') return 'pending';

  let outcome = 'duplicate' as ProviderPaymentOutcome;
  let token: string | undefined;
  const { after } = await mutateOrder(deps, order.orderId, (o) => {
    outcome = 'duplicate';
    token = undefined;
    const seen = o.providerEvents ?? [];
    if (seen.includes(eventKey(payment)) || !o.awaitingPayment) return o;
    const viaCheckout = o.awaitingPayment.chargeId !== payment.paymentId;
    if (viaCheckout && !throughCheckout(o.awaitingPayment, payment)) return o;
    const next: Order = {
      ...o,
      providerEvents: [...seen, eventKey(payment)],
      awaitingPayment: {
        ...o.awaitingPayment,
        // From now on the order waits on (and refunds) the payment itself, not the checkout it was made on.
        chargeId: payment.paymentId,
        status: payment.status,
        ...(payment.statusDetail ? { statusDetail: payment.statusDetail } : {}),
      },
    };
    if (payment.status === 'approved') {
      const key = o.awaitingPayment.idempotencyKey;
      if (!o.charges.some((c) => c.idempotencyKey === key))
        next.charges = [
          ...o.charges,
          { chargeId: payment.paymentId, amount: payment.amount, idempotencyKey: key, reason: 'order' },
        ];
      outcome = endedUndelivered(o.status) ? 'refunded-late' : 'paid';
      if (outcome === 'refunded-late') return withOutboxEvent(next, 'PAYMENT_REFUNDED');
    } else {
      outcome = 'failed';
    }
    if (o.status === 'AWAITING_PAYMENT' && o.taskToken) {
      token = o.taskToken;
      delete next.taskToken;
    }
    return next;
  });

  if (outcome === 'refunded-late') {
    await settleOrder(deps, after.orderId);
  } else if (token) {
    await tellWorkflow(deps, token, payment);
  }
  return outcome;
}

/** Where a payment stands, as far as the workflow's wait needs to know. */
export type PaymentStanding = Pick<ProviderPayment, 'paymentId' | 'status' | 'statusDetail'>;

/** Completes or fails the wait; a token that already ended (the timeout fired first) is nothing to worry about. */
export async function tellWorkflow(deps: OrderDeps, token: string, payment: PaymentStanding): Promise<void> {
  try {
    if (payment.status === 'approved') await deps.workflow.completeTask(token, { paymentId: payment.paymentId });
    else if (isExpiry(payment))
      await deps.workflow.failTask(token, PAYMENT_EXPIRED_ERROR, payment.statusDetail ?? PAYMENT_EXPIRED);
    else await deps.workflow.failTask(token, PAYMENT_DECLINED_ERROR, payment.statusDetail ?? payment.status);
  } catch (err) {
    if (!(err instanceof NoStageAwaiting)) throw err;
  }
}

/** Asks the provider where the order's payment stands and applies it: the "Já paguei" button, never the customer's word. */
export async function refreshPayment(
  deps: OrderDeps,
  orderId: string,
): Promise<{ order: Order; outcome: ProviderPaymentOutcome }> {
  const order = await deps.orders.get(orderId);
  if (!order) throw new OrderNotFound(orderId);
  if (!order.awaitingPayment) return { order, outcome: 'unknown' };
  const payment = await deps.payments.getPayment(order.awaitingPayment.chargeId);
  const outcome = payment ? await applyProviderPayment(deps, payment) : 'unknown';
  return { order: (await deps.orders.get(orderId)) ?? order, outcome };
}
