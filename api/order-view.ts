// The public JSON shape of an order (GET /api/orders/{id}); internal fields (tokens, charges, holds) never leave.
import type { Order } from '../core/order.ts';

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
    history: o.history.map(({ status, at }) => ({ status, at })),
  };
}
