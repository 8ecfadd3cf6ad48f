// POST /api/orders over HTTP on the real local stack: each bad input gets its 4xx code; Idempotency-Key rules.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessTokenFromSecret, sha256 } from '../../core/order-ids.ts';
import { parsePlaceOrder } from '../../core/order-request.ts';
import { idempotencyScope, requestFingerprint } from '../../core/place-order.ts';
import { ApiHarness, expectAccepted, expectError, validOrder } from './api-harness.ts';

type Body = Record<string, any>;
const withBody = (change: (b: Body) => void): Body => {
  const b = validOrder();
  change(b);
  return b;
};

describe('POST /api/orders', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await ApiHarness.start();
  });
  afterAll(async () => {
    await api?.stop();
  });

  it.each([
    ['negative', -1],
    ['zero', 0],
    ['fractional', 1.5],
    ['absurd (1e9)', 1e9],
    ['a string', '2'],
    ['51', 51],
  ])('answers 422 INVALID_QUANTITY to a %s qty', async (_label, qty) => {
    // Act
    const reply = await api.postOrder(
      withBody((b) => {
        b.items = [{ sku: 'ACAI-300', qty }];
      }),
    );

    // Assess
    expectError(reply, 422, 'INVALID_QUANTITY');
  });

  it('answers 422 UNKNOWN_SKU to a product that is not on the menu', async () => {
    // Act
    const reply = await api.postOrder(
      withBody((b) => {
        b.items = [
          { sku: 'ACAI-300', qty: 1 },
          { sku: 'SUSHI-12', qty: 1 },
        ];
      }),
    );

    // Assess
    expectError(reply, 422, 'UNKNOWN_SKU');
  });

  it.each([['bitcoin'], ['PIX-ish'], ['']])('answers 422 INVALID_PAYMENT_METHOD to method %j', async (method) => {
    // Act
    const reply = await api.postOrder(
      withBody((b) => {
        b.payment = { method };
      }),
    );

    // Assess
    expectError(reply, 422, 'INVALID_PAYMENT_METHOD');
  });

  it('accepts a card payment without a token: it is paid on the hosted checkout', async () => {
    // Act
    const reply = await api.postOrder(
      withBody((b) => {
        b.payment = { method: 'card' };
      }),
    );

    // Assess
    expectAccepted(reply);
  });

  it('answers 422 PAYMENT_TOKEN_REQUIRED to a card payment with an empty token', async () => {
    // Act
    const reply = await api.postOrder(
      withBody((b) => {
        b.payment = { method: 'card', token: '' };
      }),
    );

    // Assess
    expectError(reply, 422, 'PAYMENT_TOKEN_REQUIRED');
  });

  it.each([
    ['lat 95', { lat: 95 }],
    ['lon 200', { lon: 200 }],
    ['lat -95', { lat: -95 }],
    ['lat as a string', { lat: '-22.9668' }],
    ['lon null', { lon: null }],
  ])('answers 422 INVALID_COORDINATES to %s', async (_label, coords) => {
    // Act
    const reply = await api.postOrder(
      withBody((b) => {
        Object.assign(b.address, coords);
      }),
    );

    // Assess
    expectError(reply, 422, 'INVALID_COORDINATES');
  });

  it('answers 422 INVALID_ADDRESS to a missing address', async () => {
    // Act
    const reply = await api.postOrder(
      withBody((b) => {
        delete b.address;
      }),
    );

    // Assess
    expectError(reply, 422, 'INVALID_ADDRESS');
  });

  it.each([
    [
      'missing',
      (b: Body) => {
        delete b.customer;
      },
    ],
    [
      'a string',
      (b: Body) => {
        b.customer = 'Ana';
      },
    ],
    [
      'nameless',
      (b: Body) => {
        b.customer = { phone: '+5521987654321' };
      },
    ],
  ])('answers 422 INVALID_CUSTOMER to a customer that is %s', async (_label, change) => {
    // Act
    const reply = await api.postOrder(withBody(change));

    // Assess
    expectError(reply, 422, 'INVALID_CUSTOMER');
  });

  it.each([['123'], ['call me'], ['+0021987654321'], ['']])('answers 422 INVALID_PHONE to phone %j', async (phone) => {
    // Act
    const reply = await api.postOrder(
      withBody((b) => {
        b.customer.phone = phone;
      }),
    );

    // Assess
    expectError(reply, 422, 'INVALID_PHONE');
  });

  it('answers 422 INVALID_EMAIL to a malformed e-mail', async () => {
    // Act
    const reply = await api.postOrder(
      withBody((b) => {
        b.customer.email = 'ana at example';
      }),
    );

    // Assess
    expectError(reply, 422, 'INVALID_EMAIL');
  });

  it.each([
    [
      'empty',
      (b: Body) => {
        b.items = [];
      },
    ],
    [
      '31 lines long',
      (b: Body) => {
        b.items = Array.from({ length: 31 }, () => ({ sku: 'ACAI-300', qty: 1 }));
      },
    ],
  ])('answers 422 INVALID_ITEMS to items that are %s', async (_label, change) => {
    // Act
    const reply = await api.postOrder(withBody(change));

    // Assess
    expectError(reply, 422, 'INVALID_ITEMS');
  });

  describe('Idempotency-Key', () => {
    it.each([
      ['300 characters', 'k'.repeat(300)],
      ['256 characters', 'k'.repeat(256)],
      ['a space', 'order 1'],
      ['a tab', 'order\t1'],
      ['empty', ''],
      ['non-ASCII', 'pedido-ação'],
    ])('answers 400 INVALID_IDEMPOTENCY_KEY to a key with %s', async (_label, key) => {
      // Act
      const reply = await api.postOrder(validOrder(), { 'idempotency-key': key });

      // Assess
      expectError(reply, 400, 'INVALID_IDEMPOTENCY_KEY');
    });

    it('replays the same order for the same key and body, flagged as replayed, but never hands its token to the replay', async () => {
      // Prepare
      const key = `k-${'r'.repeat(253)}`;

      // Act: anyone holding the key and the body (a log, a shared device) sends them again.
      const first = await api.postOrder(validOrder(), { 'idempotency-key': key });
      const again = await api.postOrder(validOrder(), { 'idempotency-key': key });

      // Assess
      const placed = expectAccepted(first);
      expect(key).toHaveLength(255);
      expect(first.headers.get('idempotent-replayed')).toBeNull();
      expect(again.status).toBe(202);
      expect(again.body).toEqual({ orderId: placed.orderId, status: expect.any(String) });
      expect(again.text).not.toContain(placed.accessToken);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
    });

    it('hands the token back only to a replay that presents the Idempotency-Secret of the first request', async () => {
      // Prepare
      const key = `order-${Date.now()}-secret`;
      const secret = 's'.repeat(20) + Math.random().toString(36).slice(2).padEnd(12, 'x');
      const body = withBody((b) => {
        b.customer.phone = '+5521911113333';
      });

      // Act
      const first = await api.postOrder(body, { 'idempotency-key': key, 'idempotency-secret': secret });
      const retry = await api.postOrder(body, { 'idempotency-key': key, 'idempotency-secret': secret });
      const guessed = await api.postOrder(body, { 'idempotency-key': key, 'idempotency-secret': `${secret}-guess` });
      const bare = await api.postOrder(body, { 'idempotency-key': key });

      // Assess: the retry can read its order; the others get the order id only.
      const placed = expectAccepted(first);
      expect(retry.body).toEqual({
        orderId: placed.orderId,
        status: expect.any(String),
        accessToken: placed.accessToken,
      });
      expect((await api.send('GET', `/api/orders/${placed.orderId}`, { token: retry.body.accessToken })).status).toBe(
        200,
      );
      for (const other of [guessed, bare]) {
        expect(other.status).toBe(202);
        expect(other.body).toEqual({ orderId: placed.orderId, status: expect.any(String) });
      }
    });

    it('finishes a first request that died after claiming its key, and still gives the token only to its secret', async () => {
      // Prepare: the claim a crashed first request left behind (it never stored the order).
      const key = `crashed-${Date.now()}`;
      const secret = 'c'.repeat(40);
      const body = withBody((b) => {
        b.customer.phone = '+5521933335555';
      });
      const scope = idempotencyScope(key, '+5521933335555');
      const fingerprint = requestFingerprint(parsePlaceOrder(body), 'pt-BR');
      await api.stack.deps.orders.claimIdempotencyKey(scope, {
        orderId: 'QQ2QQ2',
        accessTokenHash: sha256(accessTokenFromSecret(secret, scope)),
        fingerprint,
      });

      // Act: a replay without the secret finishes the work; the crashed client retries with its secret.
      const bare = await api.postOrder(body, { 'idempotency-key': key });
      const retry = await api.postOrder(body, { 'idempotency-key': key, 'idempotency-secret': secret });

      // Assess
      expect(bare.body).toEqual({ orderId: 'QQ2QQ2', status: 'RECEIVED' });
      expect(bare.headers.get('idempotent-replayed')).toBe('true');
      expect(retry.body).toEqual({
        orderId: 'QQ2QQ2',
        status: expect.any(String),
        accessToken: accessTokenFromSecret(secret, scope),
      });
      expect((await api.send('GET', '/api/orders/QQ2QQ2', { token: retry.body.accessToken })).status).toBe(200);
    });

    it('scopes a key to the customer: the same key from another phone is another order, not a 422', async () => {
      // Prepare
      const key = `shared-${Date.now()}`;

      // Act
      const ana = await api.postOrder(validOrder(), { 'idempotency-key': key });
      const bia = await api.postOrder(
        withBody((b) => {
          b.customer = { name: 'Bia', phone: '+5521922224444' };
        }),
        { 'idempotency-key': key },
      );

      // Assess
      const a = expectAccepted(ana);
      const b = expectAccepted(bia);
      expect(b.orderId).not.toBe(a.orderId);
      expect(bia.headers.get('idempotent-replayed')).toBeNull();
    });

    it.each([
      ['31 characters', 'x'.repeat(31)],
      ['256 characters', 'x'.repeat(256)],
      ['a space', `${'x'.repeat(32)} y`],
    ])('answers 400 INVALID_IDEMPOTENCY_SECRET to a secret with %s', async (_label, secret) => {
      // Act
      const reply = await api.postOrder(validOrder(), {
        'idempotency-key': `k-${Date.now()}`,
        'idempotency-secret': secret,
      });

      // Assess
      expectError(reply, 400, 'INVALID_IDEMPOTENCY_SECRET');
    });

    it('answers 422 IDEMPOTENCY_KEY_REUSED to the same key with a different body', async () => {
      // Prepare
      const key = `order-${Date.now()}`;
      const first = await api.postOrder(validOrder(), { 'idempotency-key': key });

      // Act
      const other = await api.postOrder(
        withBody((b) => {
          b.items = [{ sku: 'ACAI-300', qty: 2 }];
        }),
        { 'idempotency-key': key },
      );

      // Assess
      expectAccepted(first);
      expectError(other, 422, 'IDEMPOTENCY_KEY_REUSED');
    });
  });

  it('still accepts a valid order after all the bad requests, and never answered 5xx', async () => {
    // Act
    const reply = await api.postOrder(validOrder());

    // Assess
    expectAccepted(reply);
    expect(reply.headers.get('location')).toBe(`/api/orders/${reply.body.orderId}`);
    expect(api.serverErrors()).toEqual([]);
    expect(api.seen.length).toBeGreaterThan(30);
  });
});
