// The place-order body and the address as zod schemas (their types inferred), each rejection with its specific code.
import * as z from 'zod';
import { ErrorCode } from './errors.ts';
import type { Address, PaymentMethod } from './order.ts';
import { type IssueCodes, nestCodes, parseWithCodes } from './validation.ts';

export const MAX_QTY_PER_LINE = 50;
export const MAX_LINES = 30;
/** The largest note a customer could ask change for (R$ 5.000,00): beyond that it is a typo. */
export const MAX_CHANGE_FOR_CENTS = 500_000;

/** E.164 once the separators people type are dropped: a leading '+' optional, 8 to 15 digits, no leading 0. */
const PHONE = /^\+?[1-9]\d{7,14}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A required line of text: at most `max` characters as sent, then trimmed, and not blank. */
const text = (max: number) => z.string().max(max).trim().min(1);

export const addressSchema = z.object({
  text: text(300),
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
  complement: text(120).optional(),
  reference: text(120).optional(),
}) satisfies z.ZodType<Address>;

const ADDRESS_CODES = {
  '': ErrorCode.InvalidAddress,
  lat: ErrorCode.InvalidCoordinates,
  lon: ErrorCode.InvalidCoordinates,
} as const satisfies IssueCodes;

const customerSchema = z.object({
  name: text(100),
  phone: z
    .string()
    .overwrite((p) => p.replace(/[\s().-]/g, ''))
    .regex(PHONE)
    .overwrite((p) => (p.startsWith('+') ? p : `+${p}`)),
  email: z.string().max(254).regex(EMAIL).optional(),
});

const lineSchema = z.object({ sku: z.string().min(1).max(64), qty: z.number().int().min(1).max(MAX_QTY_PER_LINE) });

/** Lines of the same sku merge into one, in first-seen order; the merged quantity keeps the per-line limit. */
const itemsSchema = z
  .array(lineSchema)
  .min(1)
  .max(MAX_LINES)
  .transform((lines, ctx) => {
    const merged = new Map<string, number>();
    for (const [i, { sku, qty }] of lines.entries()) {
      const total = (merged.get(sku) ?? 0) + qty;
      if (total > MAX_QTY_PER_LINE) {
        ctx.issues.push({
          code: 'custom',
          path: [i, 'qty'],
          message: `the lines of ${sku} add up to ${total}, more than ${MAX_QTY_PER_LINE}`,
          params: { sku, qty: total },
          input: lines,
        });
        return z.NEVER;
      }
      merged.set(sku, total);
    }
    return [...merged].map(([sku, qty]) => ({ sku, qty }));
  });

/**
 * A card with a token is charged with it (the API's test tokens); a card without one is paid on the provider's hosted
 * checkout, so card data never reaches us. Pix and cash carry none (a token sent with them is dropped).
 */
const paymentSchema = z.discriminatedUnion('method', [
  z.object({ method: z.literal('card'), token: z.string().min(1).max(200).optional() }),
  z.object({ method: z.enum(['pix', 'cash'] satisfies PaymentMethod[]) }),
]);

/**
 * A place-order body from any client. Its keys are checked in this order. It carries no chat id: a chat is linked to
 * an order only by the chat itself (an order placed in the bot, or a one-time link it opens; core/chat-link.ts), so a
 * `customer.telegramChatId` in a body is dropped like any other unknown key.
 */
export const placeOrderSchema = z.object({
  customer: customerSchema,
  items: itemsSchema,
  address: addressSchema,
  /** The customer's note for the kitchen ("sem cebola"). */
  note: text(200).optional(),
  payment: paymentSchema,
  /** Cash only (dropped with another method): the amount the customer pays with, in centavos, for the rider's change. */
  changeFor: z.number().int().min(1).max(MAX_CHANGE_FOR_CENTS).optional(),
});
export type PlaceOrderRequest = z.output<typeof placeOrderSchema>;

const PLACE_ORDER_CODES = {
  '': ErrorCode.InvalidBody,
  customer: ErrorCode.InvalidCustomer,
  'customer.phone': ErrorCode.InvalidPhone,
  'customer.email': ErrorCode.InvalidEmail,
  items: ErrorCode.InvalidItems,
  'items.*.qty': ErrorCode.InvalidQuantity,
  ...nestCodes('address', ADDRESS_CODES),
  payment: ErrorCode.InvalidPaymentMethod,
  changeFor: ErrorCode.InvalidBody,
  'payment.token': ErrorCode.PaymentTokenRequired,
} as const satisfies IssueCodes;

export const parseAddress = (body: unknown): Address => parseWithCodes(addressSchema, body, ADDRESS_CODES);
export const parsePlaceOrder = (body: unknown): PlaceOrderRequest =>
  parseWithCodes(placeOrderSchema, body, PLACE_ORDER_CODES);
