// POST /payments/mercadopago/webhook: verifies the provider's signature, queues the payment id for the worker, and
// answers at once; a bad, stale or missing signature gets 401 and nothing else happens.
import type { HttpRequest, HttpResponse } from '../core/http-exchange.ts';
import { errorResponse, jsonResponse } from '../core/http-exchange.ts';
import type { Logger } from '../core/logger.ts';
import type { PaymentNotice } from '../core/payment-notice.ts';
import type { ChatWorkQueue } from '../core/work-queue.ts';

export const MERCADOPAGO_WEBHOOK_PATH = '/payments/mercadopago/webhook';
/** Mercado Pago's notifications are a few hundred bytes. */
export const PAYMENT_WEBHOOK_MAX_BYTES = 16 * 1024;

/** What the signature covers: the headers and the query's `data.id`. */
export interface PaymentWebhookNotice {
  signature: string | undefined;
  requestId: string | undefined;
  dataId: string | undefined;
}

export interface PaymentWebhookDeps {
  /** The provider's signature check (adapters/payments/mercadopago-signature.ts), wired by the roots. */
  verify(notice: PaymentWebhookNotice): { ok: true } | { ok: false; reason: string };
  queue: ChatWorkQueue<PaymentNotice>;
  log: Logger;
}

/**
 * The body is never trusted, nor needed: the signed `data.id` names the payment and the worker reads it back. Only
 * payment notifications (`type=payment`, or the older `topic=payment`) are queued; others are acknowledged and
 * dropped. Mercado Pago sends the same event more than once: the queue drops a repeat of the same request id, and the
 * worker's apply acts once per payment and status.
 */
export async function handlePaymentWebhook(deps: PaymentWebhookDeps, req: HttpRequest): Promise<HttpResponse> {
  if (req.method !== 'POST') return errorResponse('METHOD_NOT_ALLOWED', 'en', 'Method not allowed');
  const q = new URLSearchParams(req.query ?? '');
  const notice: PaymentWebhookNotice = {
    signature: req.headers['x-signature'],
    requestId: req.headers['x-request-id'],
    dataId: q.get('data.id') ?? q.get('id') ?? undefined,
  };
  const check = deps.verify(notice);
  if (!check.ok) {
    deps.log.warn('payment webhook: refused', { reason: check.reason, requestId: notice.requestId });
    return errorResponse('UNAUTHORIZED', 'en', 'Bad signature', 401);
  }
  const type = q.get('type') ?? q.get('topic');
  if (type !== 'payment' || !/^[\w-]{1,64}$/.test(notice.dataId ?? '')) return jsonResponse(200, { ok: true });
  const paymentId = notice.dataId!;
  await deps.queue.enqueue(paymentId, `${paymentId}:${notice.requestId ?? ''}`, { paymentId });
  return jsonResponse(200, { ok: true });
}
