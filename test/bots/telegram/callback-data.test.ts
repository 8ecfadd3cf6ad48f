// The inline-button codec: compact round-trips within Telegram's 64 bytes, and a parser that rejects anything
// malformed.
import { describe, expect, it } from 'vitest';
import {
  type CallbackAction,
  encodeCallback,
  MAX_CALLBACK_BYTES,
  parseCallback,
} from '../../../bots/telegram/callback-data.ts';
import { DEMO_PRODUCTS } from '../../support/demo-store.ts';

const EVERY_OP: CallbackAction[] = [
  { op: 'home' },
  { op: 'categories' },
  { op: 'category', category: 'dessert' },
  { op: 'cart' },
  { op: 'qty', sku: 'PIZZA-FRANGO', qty: 50, rev: 'k3j9x0aa', view: 'cart' },
  { op: 'qty', sku: 'ACAI-300', qty: 0, rev: 'new00000', view: 'menu' },
  { op: 'soldout', sku: 'MATE-500' },
  { op: 'clear', rev: 'abcd1234' },
  { op: 'checkout', rev: 'abcd1234' },
  { op: 'pay', method: 'cash', nonce: 'zz99zz99' },
  { op: 'skip', step: 'complement', nonce: 'zz99zz99' },
  { op: 'skip', step: 'note', nonce: 'zz99zz99' },
  { op: 'place', nonce: 'zz99zz99' },
  { op: 'abort', nonce: 'zz99zz99' },
  { op: 'lang', lang: 'en' },
  { op: 'human' },
  { op: 'offered' },
  { op: 'bot' },
  { op: 'orders' },
  { op: 'help' },
  { op: 'status', orderId: 'JHG9B6' },
  { op: 'eta', orderId: 'JHG9B6' },
  { op: 'addr', orderId: 'JHG9B6' },
  { op: 'cancel', orderId: 'JHG9B6' },
  { op: 'yes', nonce: 'abcdefgh' },
  { op: 'no', nonce: 'abcdefgh' },
];

describe('callback-data', () => {
  it.each(EVERY_OP.map((a) => [a.op, a] as const))('round-trips %s within 64 bytes', (_op, action) => {
    // Act
    const data = encodeCallback(action);

    // Assess
    expect(Buffer.byteLength(data)).toBeLessThanOrEqual(MAX_CALLBACK_BYTES);
    expect(parseCallback(data)).toEqual(action);
  });

  it('fits the longest demo sku with the largest quantity and a 12-character revision', () => {
    // Prepare
    const longest = DEMO_PRODUCTS.map((p) => p.sku).sort((a, b) => b.length - a.length)[0]!;

    // Act
    const data = encodeCallback({ op: 'qty', sku: longest, qty: 50, rev: 'abcdefghijkl', view: 'cart' });

    // Assess
    expect(Buffer.byteLength(data)).toBeLessThanOrEqual(MAX_CALLBACK_BYTES);
  });

  it.each([
    ['empty', ''],
    ['unknown op', 'launch:now'],
    ['prototype key', '__proto__'],
    ['constructor', 'constructor'],
    ['missing field', 'qty:ACAI-300:1:abcd1234'],
    ['extra field', 'home:1'],
    ['quantity over 50', 'qty:ACAI-300:51:abcd1234:menu'],
    ['negative quantity', 'qty:ACAI-300:-1:abcd1234:menu'],
    ['leading zero', 'qty:ACAI-300:01:abcd1234:menu'],
    ['fraction', 'qty:ACAI-300:1.5:abcd1234:menu'],
    ['lower-case sku', 'qty:acai-300:1:abcd1234:menu'],
    ['unknown view', 'qty:ACAI-300:1:abcd1234:list'],
    ['short nonce', 'place:abc'],
    ['upper-case nonce', 'place:ABCD1234'],
    ['bad order id (ambiguous letters)', 'status:ABCDE1'],
    ['malformed category id (store ids are lowercase slugs)', 'category:Sushi_Bar'],
    ['unknown payment method', 'pay:bitcoin:abcd1234'],
    ['unknown skippable step', 'skip:phone:abcd1234'],
    ['unknown language', 'lang:fr'],
    ['over 64 bytes', `place:${'a'.repeat(60)}`],
    ['non-ASCII', 'category:açaí'],
    ['separator in a field', 'status:JHG9B6:'],
  ])('rejects %s', (_why, data) => {
    // Act / Assess
    expect(parseCallback(data)).toBeNull();
  });

  it('rejects non-string data', () => {
    // Act / Assess
    expect([undefined, null, 42, {}].map(parseCallback)).toEqual([null, null, null, null]);
  });

  it('refuses to encode a button the parser would reject', () => {
    // Act / Assess
    expect(() => encodeCallback({ op: 'qty', sku: 'ACAI-300', qty: 51, rev: 'abcd1234', view: 'menu' })).toThrow(
      /Invalid callback/,
    );
    expect(() => encodeCallback({ op: 'status', orderId: 'bad' })).toThrow(/Invalid callback/);
  });
});
