// The local stack's stand-in for paying at the provider: POST /dev/payments/{orderId}/approve (what `pay ORDER_ID`
// calls) and the simulated hosted card checkout, GET /dev/checkout/{chargeId} with its Pay button.
import type { SimulatedPaymentGateway } from '../../adapters/payments/simulated-payment-gateway.ts';
import type { OrderDeps } from '../../core/deps.ts';
import type { HttpRequest, HttpResponse } from '../../core/http-exchange.ts';
import { jsonResponse } from '../../core/http-exchange.ts';
import { formatMoney } from '../../core/lang.ts';

export interface DevPaymentContext {
  deps: OrderDeps;
  payments: SimulatedPaymentGateway;
}

const APPROVE = /^\/dev\/payments\/([A-Z0-9]{1,32})\/approve$/;
const CHECKOUT = /^\/dev\/checkout\/([A-Za-z0-9_-]{1,80})(\/pay)?$/;

export const devCheckoutPath = (chargeId: string) => `/dev/checkout/${chargeId}`;
export const isDevPaymentPath = (path: string) => path.startsWith('/dev/');

const html = (status: number, body: string): HttpResponse => ({
  status,
  headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
  body: `<!doctype html><html lang="pt-BR"><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Pagamento simulado</title><body style="font-family:system-ui;max-width:28rem;margin:3rem auto;padding:0 1rem">${body}</body></html>`,
});
const error = (status: number, code: string, message: string) => jsonResponse(status, { error: { code, message } });

/**
 * Only for the simulated provider, and only straight from this machine: a request relayed by a tunnel (the one that
 * exposes the Telegram webhook) carries X-Forwarded-For and is refused, so nobody outside can mark an order paid.
 */
export async function handleDevPayment(ctx: DevPaymentContext, req: HttpRequest): Promise<HttpResponse> {
  if (req.headers['x-forwarded-for'] || req.headers.forwarded)
    return error(403, 'FORBIDDEN', 'The simulated payment routes answer only requests made on this machine.');
  const approve = APPROVE.exec(req.path);
  if (approve) {
    if (req.method !== 'POST') return error(405, 'METHOD_NOT_ALLOWED', 'Use POST.');
    const order = await ctx.deps.orders.get(approve[1]!);
    if (!order) return error(404, 'ORDER_NOT_FOUND', `No order ${approve[1]}.`);
    if (!order.awaitingPayment)
      return error(409, 'NO_PENDING_PAYMENT', `Order ${order.orderId} has no payment waiting (${order.status}).`);
    const payment = await ctx.payments.pay(order.awaitingPayment.chargeId);
    return jsonResponse(200, { orderId: order.orderId, paymentId: payment.paymentId, status: payment.status });
  }
  const checkout = CHECKOUT.exec(req.path);
  if (checkout) {
    const payment = await ctx.payments.getPayment(checkout[1]!);
    if (!payment) return html(404, '<h1>Pagamento não encontrado</h1>');
    if (checkout[2]) {
      if (req.method !== 'POST') return error(405, 'METHOD_NOT_ALLOWED', 'Use POST.');
      const after = await ctx.payments.pay(payment.paymentId);
      return html(
        200,
        after.status === 'approved'
          ? '<h1>✅ Pagamento aprovado</h1><p>Pode voltar para a conversa: a confirmação chega por lá.</p>'
          : `<h1>Este pagamento não pode mais ser pago</h1><p>Situação: ${after.status}.</p>`,
      );
    }
    const amount = formatMoney(payment.amount, 'pt-BR');
    return html(
      200,
      payment.status === 'pending'
        ? `<h1>Pagamento com cartão (simulado)</h1><p>Pedido ${payment.orderId}: <strong>${amount}</strong></p><p>Esta página faz o papel da página segura do provedor de pagamento. Nenhum dado de cartão é pedido nem guardado.</p><form method="post" action="${devCheckoutPath(payment.paymentId)}/pay"><button style="font-size:1.2rem;padding:.6rem 1.2rem">Pagar ${amount}</button></form>`
        : `<h1>Pedido ${payment.orderId}</h1><p>Este pagamento já está ${payment.status === 'approved' ? 'pago' : 'encerrado'}.</p>`,
    );
  }
  return error(404, 'ROUTE_NOT_FOUND', 'No such route.');
}
