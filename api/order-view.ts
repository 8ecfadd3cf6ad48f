// The public JSON shape of an order (GET /api/orders/{id}); internal fields (tokens, charges, holds) never leave.
import { type Order, paidAmount } from '../core/order.ts';

/**
 * Where the order's payment stands, as a client shows it: `on_delivery` (cash), `pending` with how to pay, `paid`,
 * `refunded` (all of it given back), `failed` (declined or expired, nothing kept).
 */
export function paymentView(o: Order) {
  const method = o.payment.method;
  const waiting = o.awaitingPayment;
  const paid = paidAmount(o);
  let status: 'on_delivery' | 'pending' | 'paid' | 'refunded' | 'failed' | 'processing';
  if (method === 'cash') status = 'on_delivery';
  else if (o.charges.length > 0) status = paid > 0 ? 'paid' : 'refunded';
  else if (waiting?.status === 'pending' && o.status === 'AWAITING_PAYMENT') status = 'pending';
  else if (o.status === 'PAYMENT_FAILED' || (waiting && waiting.status !== 'pending')) status = 'failed';
  else status = 'processing';
  return {
    method,
    status,
    ...(status === 'pending' && waiting?.pix
      ? {
          pix: {
            copyPaste: waiting.pix.copyPaste,
            qrPngBase64: waiting.pix.qrPngBase64,
            expiresAt: waiting.pix.expiresAt,
          },
        }
      : {}),
    ...(status === 'pending' && waiting?.checkoutUrl ? { checkoutUrl: waiting.checkoutUrl } : {}),
  };
}

export function orderView(o: Order) {
  const customer: Record<string, unknown> = { name: o.customer.name, phone: o.customer.phone };
  if (o.customer.email) customer.email = o.customer.email;
  if (o.customer.telegramChatId !== undefined) customer.telegramChatId = o.customer.telegramChatId;
  return {
    orderId: o.orderId,
    status: o.status,
    ...(o.reason ? { reason: o.reason } : {}),
    customer,
    items: o.items.map(({ sku, qty, price }) => ({ sku, qty, price })),
    subtotal: o.subtotal,
    deliveryFee: o.deliveryFee,
    total: o.total,
    address: o.address,
    payment: paymentView(o),
    history: o.history.map(({ status, at }) => ({ status, at })),
  };
}
