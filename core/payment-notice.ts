// What a provider's webhook hands its worker (a payment id, nothing from the body), and the worker: read the payment
// back from the provider, then apply it to its order.
import type { OrderDeps } from './deps.ts';
import { OrderNotFound } from './errors.ts';
import { applyProviderPayment, type ProviderPaymentOutcome } from './provider-payment.ts';

/** One verified notification: the provider says something happened to this payment. */
export interface PaymentNotice {
  paymentId: string;
}

/**
 * Never trusts the notification: the payment is read back. A payment the provider does not know, or whose reference
 * names no order of ours (another integration on the same account), is nothing to do. PaymentNotYetRecorded and
 * TransientError are thrown, so the queue delivers the notice again.
 */
export async function handlePaymentNotice(deps: OrderDeps, notice: PaymentNotice): Promise<ProviderPaymentOutcome> {
  const payment = await deps.payments.getPayment(notice.paymentId);
  if (!payment?.orderId) return 'unknown';
  try {
    return await applyProviderPayment(deps, payment);
  } catch (err) {
    if (err instanceof OrderNotFound) return 'unknown';
    throw err;
  }
}
