// parsePlaceOrder: every rejection of an untrusted place-order body carries its specific code; valid bodies are
// normalised.
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../core/errors.ts';
import { parsePlaceOrder } from '../../core/order-request.ts';

type Body = Record<string, any>;
const validBody = (): Body => ({
  customer: { name: 'Ana', phone: '+5521987654321' },
  items: [{ sku: 'ACAI-300', qty: 1 }],
  address: { text: 'Rua X 1, Copacabana', lat: -22.9668, lon: -43.187 },
  payment: { method: 'pix' },
});
const withBody = (change: (b: Body) => void): Body => {
  const b = validBody();
  change(b);
  return b;
};

/** The code of the ValidationError thrown by parsing `body`, or a marker when nothing (or something else) was thrown. */
function rejection(body: unknown): string {
  try {
    parsePlaceOrder(body);
    return 'accepted';
  } catch (err) {
    return err instanceof ValidationError ? err.code : `unexpected ${String(err)}`;
  }
}

describe('parsePlaceOrder accepts', () => {
  it('the reference body, unchanged', () => {
    // Act
    const req = parsePlaceOrder(validBody());

    // Assess
    expect(req).toEqual({
      customer: { name: 'Ana', phone: '+5521987654321' },
      items: [{ sku: 'ACAI-300', qty: 1 }],
      address: { text: 'Rua X 1, Copacabana', lat: -22.9668, lon: -43.187 },
      payment: { method: 'pix' },
    });
  });

  it('a card payment with no token (paid on the hosted checkout)', () => {
    // Act
    const req = parsePlaceOrder({ ...validBody(), payment: { method: 'card' } });

    // Assess
    expect(req.payment).toEqual({ method: 'card' });
  });

  it.each([
    ['+55 (21) 98765-4321', '+5521987654321'],
    ['55 21 98765.4321', '+5521987654321'],
    ['5521987654321', '+5521987654321'],
    ['+1 415 555 2671', '+14155552671'],
  ])('phone %j normalised to %j', (raw, e164) => {
    // Prepare
    const body = withBody((b) => {
      b.customer.phone = raw;
    });

    // Act
    const req = parsePlaceOrder(body);

    // Assess
    expect(req.customer.phone).toBe(e164);
  });

  it('merges duplicate skus, keeping first-seen order', () => {
    // Prepare
    const body = withBody((b) => {
      b.items = [
        { sku: 'ACAI-300', qty: 2 },
        { sku: 'GUARANA-350', qty: 1 },
        { sku: 'ACAI-300', qty: 3 },
      ];
    });

    // Act
    const req = parsePlaceOrder(body);

    // Assess
    expect(req.items).toEqual([
      { sku: 'ACAI-300', qty: 5 },
      { sku: 'GUARANA-350', qty: 1 },
    ]);
  });

  it('trims names and address text, keeps the e-mail, drops any Telegram chat id, and keeps the card token only for cards', () => {
    // Prepare: a chat id in a body names a chat the client does not own; only the chat itself links to an order.
    const card = withBody((b) => {
      b.customer = {
        name: '  Ana Souza  ',
        phone: '+5521987654321',
        email: 'ana@example.com',
        telegramChatId: 123456789,
      };
      b.address.text = '  Rua X 1  ';
      b.payment = { method: 'card', token: 'tok_visa' };
    });
    const pix = withBody((b) => {
      b.payment = { method: 'pix', token: 'ignored' };
    });

    // Act
    const cardReq = parsePlaceOrder(card);
    const pixReq = parsePlaceOrder(pix);

    // Assess
    expect(cardReq.customer).toEqual({ name: 'Ana Souza', phone: '+5521987654321', email: 'ana@example.com' });
    expect(cardReq.address.text).toBe('Rua X 1');
    expect(cardReq.payment).toEqual({ method: 'card', token: 'tok_visa' });
    expect(pixReq.payment).toEqual({ method: 'pix' });
  });

  it('accepts 50 units of a line and 30 lines', () => {
    // Prepare
    const fifty = withBody((b) => {
      b.items = [{ sku: 'ACAI-300', qty: 50 }];
    });
    const thirty = withBody((b) => {
      b.items = Array.from({ length: 30 }, (_, i) => ({ sku: `SKU-${i}`, qty: 1 }));
    });

    // Act
    const outcomes = [rejection(fifty), rejection(thirty)];

    // Assess
    expect(outcomes).toEqual(['accepted', 'accepted']);
  });
});

describe('parsePlaceOrder rejects', () => {
  it.each([
    ['null', null],
    ['an array', [validBody()]],
    ['a string', 'order'],
    ['a number', 42],
    ['undefined', undefined],
  ])('a body that is %s with INVALID_BODY', (_label, body) => {
    // Act / Assess
    expect(rejection(body)).toBe('INVALID_BODY');
  });

  it.each([
    [
      'missing',
      (b: Body) => {
        delete b.customer;
      },
    ],
    [
      'an array',
      (b: Body) => {
        b.customer = [];
      },
    ],
    [
      'without a name',
      (b: Body) => {
        delete b.customer.name;
      },
    ],
    [
      'with a blank name',
      (b: Body) => {
        b.customer.name = '   ';
      },
    ],
    [
      'with a 101-char name',
      (b: Body) => {
        b.customer.name = 'a'.repeat(101);
      },
    ],
  ])('a customer %s with INVALID_CUSTOMER', (_label, change) => {
    // Act / Assess
    expect(rejection(withBody(change))).toBe('INVALID_CUSTOMER');
  });

  it.each([
    ['missing', undefined],
    ['too short', '+5521'],
    ['letters', '+55 21 ABCD-EFGH'],
    ['a leading 0', '+0521987654321'],
    ['16 digits', '+1234567890123456'],
    ['a number, not a string', 5521987654321],
    ['two plus signs', '++5521987654321'],
  ])('a phone that is %s with INVALID_PHONE', (_label, phone) => {
    // Prepare
    const body = withBody((b) => {
      b.customer.phone = phone;
    });

    // Act / Assess
    expect(rejection(body)).toBe('INVALID_PHONE');
  });

  it.each([
    ['without @', 'ana.example.com'],
    ['with a space', 'ana souza@example.com'],
    ['without a dot in the domain', 'ana@example'],
    ['a number', 42],
    ['too long (255 chars)', `${'a'.repeat(243)}@example.com`],
    ['empty', ''],
  ])('an e-mail %s with INVALID_EMAIL', (_label, email) => {
    // Prepare
    const body = withBody((b) => {
      b.customer.email = email;
    });

    // Act / Assess
    expect(rejection(body)).toBe('INVALID_EMAIL');
  });

  it.each([
    [
      'missing',
      (b: Body) => {
        delete b.items;
      },
    ],
    [
      'empty',
      (b: Body) => {
        b.items = [];
      },
    ],
    [
      'an object',
      (b: Body) => {
        b.items = { sku: 'ACAI-300', qty: 1 };
      },
    ],
    [
      '31 lines long',
      (b: Body) => {
        b.items = Array.from({ length: 31 }, (_, i) => ({ sku: `SKU-${i}`, qty: 1 }));
      },
    ],
    [
      'holding null',
      (b: Body) => {
        b.items = [null];
      },
    ],
    [
      'holding a line without sku',
      (b: Body) => {
        b.items = [{ qty: 1 }];
      },
    ],
    [
      'holding an empty sku',
      (b: Body) => {
        b.items = [{ sku: '', qty: 1 }];
      },
    ],
    [
      'holding a numeric sku',
      (b: Body) => {
        b.items = [{ sku: 300, qty: 1 }];
      },
    ],
    [
      'holding a 65-char sku',
      (b: Body) => {
        b.items = [{ sku: 'A'.repeat(65), qty: 1 }];
      },
    ],
  ])('items %s with INVALID_ITEMS', (_label, change) => {
    // Act / Assess
    expect(rejection(withBody(change))).toBe('INVALID_ITEMS');
  });

  it.each([
    ['-1', -1],
    ['0', 0],
    ['1.5', 1.5],
    ['51', 51],
    ['"2" (a string)', '2'],
    ['1e9', 1e9],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['null', null],
    ['missing', undefined],
  ])('qty %s with INVALID_QUANTITY', (_label, qty) => {
    // Prepare
    const body = withBody((b) => {
      b.items = [{ sku: 'ACAI-300', qty }];
    });

    // Act / Assess
    expect(rejection(body)).toBe('INVALID_QUANTITY');
  });

  it('duplicate lines that add up to more than 50 with INVALID_QUANTITY', () => {
    // Prepare
    const body = withBody((b) => {
      b.items = [
        { sku: 'ACAI-300', qty: 30 },
        { sku: 'ACAI-300', qty: 21 },
      ];
    });

    // Act
    let err: unknown;
    try {
      parsePlaceOrder(body);
    } catch (e) {
      err = e;
    }

    // Assess
    expect(err).toBeInstanceOf(ValidationError);
    expect(err).toMatchObject({ code: 'INVALID_QUANTITY', details: { sku: 'ACAI-300', qty: 51 } });
  });

  it.each([
    [
      'missing',
      (b: Body) => {
        delete b.address;
      },
    ],
    [
      'a string',
      (b: Body) => {
        b.address = 'Rua X 1';
      },
    ],
    [
      'without text',
      (b: Body) => {
        delete b.address.text;
      },
    ],
    [
      'with blank text',
      (b: Body) => {
        b.address.text = '  ';
      },
    ],
    [
      'with 301-char text',
      (b: Body) => {
        b.address.text = 'R'.repeat(301);
      },
    ],
  ])('an address %s with INVALID_ADDRESS', (_label, change) => {
    // Act / Assess
    expect(rejection(withBody(change))).toBe('INVALID_ADDRESS');
  });

  it.each([
    ['lat 91', { lat: 91 }],
    ['lat -91', { lat: -91 }],
    ['lon 181', { lon: 181 }],
    ['lon -181', { lon: -181 }],
    ['lat "NaN"', { lat: 'NaN' }],
    ['lon "Infinity"', { lon: 'Infinity' }],
    ['lat as numeric string', { lat: '-22.9668' }],
    ['lat NaN', { lat: Number.NaN }],
    ['lon -Infinity', { lon: Number.NEGATIVE_INFINITY }],
    ['lat null', { lat: null }],
    ['lon missing', { lon: undefined }],
  ])('coordinates with %s with INVALID_COORDINATES', (_label, coords) => {
    // Prepare
    const body = withBody((b) => {
      Object.assign(b.address, coords);
    });

    // Act / Assess
    expect(rejection(body)).toBe('INVALID_COORDINATES');
  });

  it.each([
    ['missing', undefined],
    ['a string', 'pix'],
    ['an unknown method', { method: 'bitcoin' }],
    ['a numeric method', { method: 1 }],
    ['without a method', {}],
  ])('a payment that is %s with INVALID_PAYMENT_METHOD', (_label, payment) => {
    // Prepare
    const body = withBody((b) => {
      b.payment = payment;
    });

    // Act / Assess
    expect(rejection(body)).toBe('INVALID_PAYMENT_METHOD');
  });

  it.each([
    ['an empty token', { token: '' }],
    ['a numeric token', { token: 4242 }],
    ['a 201-char token', { token: 't'.repeat(201) }],
  ])('a card payment with %s with PAYMENT_TOKEN_REQUIRED', (_label, extra) => {
    // Prepare
    const body = withBody((b) => {
      b.payment = { method: 'card', ...extra };
    });

    // Act / Assess
    expect(rejection(body)).toBe('PAYMENT_TOKEN_REQUIRED');
  });

  it.each([
    [
      'a bad customer before bad items',
      (b: Body) => {
        b.customer.name = '';
        b.items = [];
      },
      'INVALID_CUSTOMER',
    ],
    [
      'bad items before a bad address',
      (b: Body) => {
        b.items = [{ sku: 'ACAI-300', qty: 0 }];
        delete b.address;
      },
      'INVALID_QUANTITY',
    ],
    [
      'the address text before its coordinates',
      (b: Body) => {
        b.address = { text: '', lat: 200, lon: 0 };
      },
      'INVALID_ADDRESS',
    ],
    [
      'too many lines before a bad line',
      (b: Body) => {
        b.items = [...Array.from({ length: 30 }, (_, i) => ({ sku: `SKU-${i}`, qty: 1 })), { sku: 'X', qty: 0 }];
      },
      'INVALID_ITEMS',
    ],
    [
      'a line without sku before its bad qty',
      (b: Body) => {
        b.items = [{ qty: 0 }];
      },
      'INVALID_ITEMS',
    ],
  ])('with several problems, reports the first in the order of the body: %s', (_label, change, code) => {
    // Act / Assess
    expect(rejection(withBody(change))).toBe(code);
  });

  it('names the field in the message and the details', () => {
    // Act
    let err: unknown;
    try {
      parsePlaceOrder(withBody((b) => (b.customer.phone = 'abc')));
    } catch (e) {
      err = e;
    }

    // Assess
    expect(err).toMatchObject({ code: 'INVALID_PHONE', details: { field: 'customer.phone' } });
    expect((err as Error).message).toMatch(/^customer\.phone: /);
  });
});
