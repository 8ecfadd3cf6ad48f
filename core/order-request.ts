// Validates an untrusted place-order body into a typed request; every rejection carries a specific code.
import { ValidationError } from './errors.ts';
import { isValidLatLon } from './geo.ts';
import { type Address, PAYMENT_METHODS, type PaymentMethod } from './order.ts';

/**
 * A place-order body from any client. It carries no chat id: a chat is linked to an order only by the chat itself
 * (an order placed in the bot, or a one-time link it opens; core/chat-link.ts), so a `customer.telegramChatId` in a
 * body is ignored like any other unknown field.
 */
export interface PlaceOrderRequest {
  customer: { name: string; phone: string; email?: string };
  items: { sku: string; qty: number }[];
  address: Address;
  payment: { method: PaymentMethod; token?: string };
}

export const MAX_QTY_PER_LINE = 50;
export const MAX_LINES = 30;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function str(v: unknown, field: string, max: number, code = 'INVALID_FIELD'): string {
  if (typeof v !== 'string' || v.trim().length === 0)
    throw new ValidationError(code, `${field} is required and must be a non-empty string`, { field });
  if (v.length > max) throw new ValidationError(code, `${field} must be at most ${max} characters`, { field });
  return v.trim();
}

export function parseAddress(v: unknown): Address {
  if (!isObject(v)) throw new ValidationError('INVALID_ADDRESS', 'address must be an object { text, lat, lon }');
  const text = str(v.text, 'address.text', 300, 'INVALID_ADDRESS');
  if (!isValidLatLon(v.lat, v.lon))
    throw new ValidationError('INVALID_COORDINATES', 'address.lat must be in [-90, 90] and address.lon in [-180, 180]');
  return { text, lat: v.lat as number, lon: v.lon as number };
}

export function parsePlaceOrder(body: unknown): PlaceOrderRequest {
  if (!isObject(body)) throw new ValidationError('INVALID_BODY', 'The body must be a JSON object');
  const c = body.customer;
  if (!isObject(c)) throw new ValidationError('INVALID_CUSTOMER', 'customer must be an object { name, phone, email? }');
  const name = str(c.name, 'customer.name', 100, 'INVALID_CUSTOMER');
  const phone = typeof c.phone === 'string' ? c.phone.replace(/[\s().-]/g, '') : '';
  if (!/^\+?[1-9]\d{7,14}$/.test(phone))
    throw new ValidationError(
      'INVALID_PHONE',
      'customer.phone must be a phone number in international format, e.g. +5521987654321',
    );
  const customer: PlaceOrderRequest['customer'] = { name, phone: phone.startsWith('+') ? phone : `+${phone}` };
  if (c.email !== undefined) {
    if (typeof c.email !== 'string' || c.email.length > 254 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(c.email)) {
      throw new ValidationError('INVALID_EMAIL', 'customer.email must be a valid e-mail address');
    }
    customer.email = c.email;
  }

  if (!Array.isArray(body.items) || body.items.length === 0)
    throw new ValidationError('INVALID_ITEMS', 'items must be a non-empty array of { sku, qty }');
  if (body.items.length > MAX_LINES)
    throw new ValidationError('INVALID_ITEMS', `An order has at most ${MAX_LINES} lines`);
  const merged = new Map<string, number>();
  for (const line of body.items) {
    if (!isObject(line) || typeof line.sku !== 'string' || line.sku.length === 0 || line.sku.length > 64) {
      throw new ValidationError('INVALID_ITEMS', 'Each item must be { sku: string, qty: integer }');
    }
    const qty = line.qty;
    if (typeof qty !== 'number' || !Number.isInteger(qty) || qty < 1 || qty > MAX_QTY_PER_LINE) {
      throw new ValidationError('INVALID_QUANTITY', `qty must be a whole number from 1 to ${MAX_QTY_PER_LINE}`, {
        sku: line.sku,
        qty,
      });
    }
    const total = (merged.get(line.sku) ?? 0) + qty;
    if (total > MAX_QTY_PER_LINE)
      throw new ValidationError('INVALID_QUANTITY', `qty must be a whole number from 1 to ${MAX_QTY_PER_LINE}`, {
        sku: line.sku,
        qty: total,
      });
    merged.set(line.sku, total);
  }

  const address = parseAddress(body.address);

  const p = body.payment;
  if (!isObject(p) || typeof p.method !== 'string' || !PAYMENT_METHODS.includes(p.method as PaymentMethod)) {
    throw new ValidationError('INVALID_PAYMENT_METHOD', `payment.method must be one of ${PAYMENT_METHODS.join(', ')}`);
  }
  const payment: PlaceOrderRequest['payment'] = { method: p.method as PaymentMethod };
  if (payment.method === 'card') {
    if (typeof p.token !== 'string' || p.token.length === 0 || p.token.length > 200) {
      throw new ValidationError('PAYMENT_TOKEN_REQUIRED', 'payment.token is required for card payments');
    }
    payment.token = p.token;
  }
  return { customer, items: [...merged].map(([sku, qty]) => ({ sku, qty })), address, payment };
}
