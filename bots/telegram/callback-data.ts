// The inline-button protocol: typed actions encoded as compact strings (≤ 64 bytes), and a strict parser for them.

import { CATEGORY_ID_PATTERN, SKU_PATTERN } from '../../core/catalog.ts';
import { PAYMENT_METHODS, type PaymentMethod } from '../../core/order.ts';
import { isOrderIdShaped } from '../../core/order-ids.ts';
import { MAX_QTY_PER_LINE } from '../../core/order-request.ts';

/** Telegram's limit for `callback_data`, in bytes. */
export const MAX_CALLBACK_BYTES = 64;

/**
 * Everything a button can ask for. Buttons that change state carry a token of the state they were drawn from
 * (`rev`: the cart revision; `nonce`: the checkout or pending confirmation), so a press on an old message is
 * recognised as stale instead of acting on a cart or order the customer no longer sees.
 */
export type CallbackAction =
  | { op: 'home' }
  | { op: 'categories' }
  | { op: 'category'; category: string }
  /** `view` is where the button was drawn, so the same view is redrawn after the change. */
  | { op: 'qty'; sku: string; qty: number; rev: string; view: 'menu' | 'cart' }
  | { op: 'soldout'; sku: string }
  | { op: 'cart' }
  | { op: 'clear'; rev: string }
  | { op: 'checkout'; rev: string }
  | { op: 'pay'; method: PaymentMethod; nonce: string }
  /** "No details" / "No notes": an optional checkout step answered with nothing. */
  | { op: 'skip'; step: 'complement' | 'note'; nonce: string }
  | { op: 'place'; nonce: string }
  | { op: 'abort'; nonce: string }
  | { op: 'lang'; lang: 'pt' | 'en' }
  | { op: 'human' }
  /** "Talk to a person" under an answer the assistant could not give: the customer accepts the person it offered. */
  | { op: 'offered' }
  | { op: 'bot' }
  | { op: 'orders' }
  | { op: 'help' }
  | { op: 'status'; orderId: string }
  | { op: 'eta'; orderId: string }
  | { op: 'addr'; orderId: string }
  | { op: 'cancel'; orderId: string }
  | { op: 'yes'; nonce: string }
  | { op: 'no'; nonce: string }
  /** A candidate for an item typed in words that fit several ("uma pizza"): adds `qty` once per `nonce`. */
  | { op: 'pick'; sku: string; qty: number; nonce: string }
  /** "Order again" on one of the customer's orders. */
  | { op: 'again'; orderId: string }
  /** "No change needed" on a cash payment. */
  | { op: 'nochange'; nonce: string }
  /** "Já paguei": asks the provider where the order's payment stands (never takes the customer's word). */
  | { op: 'paid'; orderId: string }
  /** "Ver Pix": the QR code and the copy-and-paste code of an order still waiting for its Pix, sent again. */
  | { op: 'showpix'; orderId: string }
  /** "Gerar novo Pix" on an order whose Pix expired: the same items and address, as a new Pix order. */
  | { op: 'repix'; orderId: string };

/** The op names, the first field of every callback string. */
export type CallbackOp = CallbackAction['op'];

const SKU = SKU_PATTERN;
const TOKEN = /^[a-z0-9]{4,12}$/;
const QTY = /^(?:0|[1-9]\d{0,1})$/;

type Field = (v: string) => unknown;
const sku: Field = (v) => (SKU.test(v) ? v : undefined);
const token: Field = (v) => (TOKEN.test(v) ? v : undefined);
const orderId: Field = (v) => (isOrderIdShaped(v) ? v : undefined);
const qty: Field = (v) => (QTY.test(v) && Number(v) <= MAX_QTY_PER_LINE ? Number(v) : undefined);
const oneOf =
  (values: readonly string[]): Field =>
  (v) =>
    values.includes(v) ? v : undefined;

/** Field names and validators per op, in wire order. Adding an op here and to CallbackAction is all it takes. */
const SCHEMA: { [K in CallbackOp]: [string, Field][] } = {
  home: [],
  categories: [],
  cart: [],
  human: [],
  offered: [],
  bot: [],
  orders: [],
  help: [],
  category: [['category', (v) => (CATEGORY_ID_PATTERN.test(v) ? v : undefined)]],
  qty: [
    ['sku', sku],
    ['qty', qty],
    ['rev', token],
    ['view', oneOf(['menu', 'cart'])],
  ],
  soldout: [['sku', sku]],
  clear: [['rev', token]],
  checkout: [['rev', token]],
  pay: [
    ['method', oneOf(PAYMENT_METHODS)],
    ['nonce', token],
  ],
  skip: [
    ['step', oneOf(['complement', 'note'])],
    ['nonce', token],
  ],
  place: [['nonce', token]],
  abort: [['nonce', token]],
  lang: [['lang', oneOf(['pt', 'en'])]],
  status: [['orderId', orderId]],
  eta: [['orderId', orderId]],
  addr: [['orderId', orderId]],
  cancel: [['orderId', orderId]],
  yes: [['nonce', token]],
  no: [['nonce', token]],
  pick: [
    ['sku', sku],
    ['qty', qty],
    ['nonce', token],
  ],
  again: [['orderId', orderId]],
  nochange: [['nonce', token]],
  paid: [['orderId', orderId]],
  showpix: [['orderId', orderId]],
  repix: [['orderId', orderId]],
};

/** Encodes an action as `op:field:field`. Throws on a value the parser would reject, so a bad button never ships. */
export function encodeCallback(action: CallbackAction): string {
  const fields = SCHEMA[action.op].map(([name]) => String((action as unknown as Record<string, unknown>)[name]));
  const data = [action.op, ...fields].join(':');
  const parsed = parseCallback(data);
  if (!parsed || Buffer.byteLength(data) > MAX_CALLBACK_BYTES) throw new Error(`Invalid callback action: ${data}`);
  return data;
}

/**
 * Parses callback data from Telegram. Anything malformed (unknown op, wrong field count, a value outside its
 * pattern, over 64 bytes) gives null: the caller treats it like a stale button, never as an error.
 */
export function parseCallback(data: unknown): CallbackAction | null {
  if (typeof data !== 'string' || data.length === 0 || Buffer.byteLength(data) > MAX_CALLBACK_BYTES) return null;
  const [op, ...parts] = data.split(':');
  if (!op || !Object.hasOwn(SCHEMA, op)) return null;
  const schema = SCHEMA[op as CallbackOp];
  if (parts.length !== schema.length) return null;
  const action: Record<string, unknown> = { op };
  for (let i = 0; i < schema.length; i++) {
    const [name, field] = schema[i]!;
    const value = field(parts[i]!);
    if (value === undefined) return null;
    action[name] = value;
  }
  return action as CallbackAction;
}
