// Order routes over HTTP: bearer-token checks, no existence oracle across orders, odd order ids never reaching a 500.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiHarness, expectAccepted, expectError, STAFF_TOKEN, validOrder } from './api-harness.ts';

/** Order A's personal data: none of it may appear in an answer to someone holding another order's token. */
const A_CUSTOMER = { name: 'Beatriz Quintanilha', phone: '+5521911112222' };
const A_ADDRESS = { text: 'Rua Secreta 42, Leme', lat: -22.9635, lon: -43.1705 };

describe('order routes: access', () => {
  let api: ApiHarness;
  let a: { orderId: string; accessToken: string };
  let b: { orderId: string; accessToken: string };

  beforeAll(async () => {
    api = await ApiHarness.start();
    a = expectAccepted(await api.postOrder({ ...validOrder(), customer: A_CUSTOMER, address: A_ADDRESS }));
    b = expectAccepted(await api.postOrder(validOrder()));
  });
  afterAll(async () => {
    await api?.stop();
  });

  it("lets the order's own token read it (control for the refusals below)", async () => {
    // Act
    const reply = await api.send('GET', `/api/orders/${a.orderId}`, { token: a.accessToken });

    // Assess
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ orderId: a.orderId, customer: A_CUSTOMER, address: A_ADDRESS });
    expect(reply.text).not.toMatch(/accessTokenHash|taskToken|charges|"token"/);
  });

  it('answers 401 UNAUTHORIZED without a usable Authorization header', async () => {
    // Act
    const none = await api.send('GET', `/api/orders/${a.orderId}`);
    const basic = await api.send('GET', `/api/orders/${a.orderId}`, {
      headers: { authorization: `Basic ${a.accessToken}` },
    });
    const emptyBearer = await api.send('GET', `/api/orders/${a.orderId}`, { headers: { authorization: 'Bearer ' } });

    // Assess
    expectError(none, 401, 'UNAUTHORIZED');
    expectError(basic, 401, 'UNAUTHORIZED');
    expectError(emptyBearer, 401, 'UNAUTHORIZED');
  });

  it("answers 404 to order A read with order B's token, revealing nothing of A", async () => {
    // Act
    const reply = await api.send('GET', `/api/orders/${a.orderId}`, { token: b.accessToken });
    const unknown = await api.send('GET', '/api/orders/ZZZZZZ', { token: b.accessToken });

    // Assess
    expectError(reply, 404, 'ORDER_NOT_FOUND');
    for (const secret of [
      A_CUSTOMER.name,
      'Quintanilha',
      A_CUSTOMER.phone,
      '911112222',
      A_ADDRESS.text,
      'Secreta',
      a.accessToken,
    ]) {
      expect(reply.text).not.toContain(secret);
    }
    expect(reply.text).toBe(unknown.text);
  });

  it("answers 404 to cancelling order A with order B's token, and A is not cancelled", async () => {
    // Act
    const reply = await api.send('POST', `/api/orders/${a.orderId}/cancel`, { token: b.accessToken });
    const after = await api.send('GET', `/api/orders/${a.orderId}`, { token: a.accessToken });

    // Assess
    expectError(reply, 404, 'ORDER_NOT_FOUND');
    expect(after.body.status).not.toBe('CANCELLED');
  });

  it('answers 404 to a made-up token, as for an unknown order', async () => {
    // Act
    const reply = await api.send('GET', `/api/orders/${a.orderId}`, { token: 'not-a-real-token' });

    // Assess
    expectError(reply, 404, 'ORDER_NOT_FOUND');
  });

  it('answers 403 FORBIDDEN when a customer tries to advance their own order', async () => {
    // Act
    const reply = await api.send('POST', `/api/orders/${a.orderId}/advance`, { token: a.accessToken });

    // Assess
    expectError(reply, 403, 'FORBIDDEN');
  });

  it.each([
    ['GET', ''],
    ['POST', '/cancel'],
    ['POST', '/advance'],
  ])('answers 404 ORDER_NOT_FOUND to staff %s on an unknown order%s', async (method, action) => {
    // Act
    const reply = await api.send(method, `/api/orders/ABCDEF${action}`, { token: STAFF_TOKEN });

    // Assess
    expectError(reply, 404, 'ORDER_NOT_FOUND');
  });

  it('finds the order whatever the case of the id in the URL', async () => {
    // Act
    const reply = await api.send('GET', `/api/orders/${a.orderId.toLowerCase()}`, { token: STAFF_TOKEN });

    // Assess
    expect(reply.status).toBe(200);
    expect(reply.body.orderId).toBe(a.orderId);
  });

  describe('ids that are not order-id shaped', () => {
    it.each([
      ['an encoded path traversal', '..%2F..%2Fetc'],
      ['500 characters', 'A'.repeat(500)],
      ['7 characters', 'ABCDEFG'],
      ['an encoded NUL', 'ABC%00EF'],
      ['encoded JSON', '%7B%22%24ne%22%3A1%7D'],
    ])('answer 404 ORDER_NOT_FOUND, never 500, to %s', async (_label, id) => {
      // Act
      const get = await api.send('GET', `/api/orders/${id}`, { token: STAFF_TOKEN });
      const customer = await api.send('GET', `/api/orders/${id}`, { token: a.accessToken });
      const cancel = await api.send('POST', `/api/orders/${id}/cancel`, { token: STAFF_TOKEN });
      const advance = await api.send('POST', `/api/orders/${id}/advance`, { token: STAFF_TOKEN });
      const address = await api.send('POST', `/api/orders/${id}/address`, {
        token: STAFF_TOKEN,
        body: { text: 'Rua Y 2', lat: -22.97, lon: -43.18 },
      });

      // Assess
      for (const reply of [get, customer, cancel, advance, address]) expectError(reply, 404, 'ORDER_NOT_FOUND');
    });

    it('answer 401 without a token, before any lookup', async () => {
      // Act
      const reply = await api.send('GET', `/api/orders/${'A'.repeat(500)}`);

      // Assess
      expectError(reply, 401, 'UNAUTHORIZED');
    });

    it('answer 404 NOT_FOUND to an unencoded ../../etc (the URL resolves outside /api/orders)', async () => {
      // Act
      const reply = await api.send('GET', '/api/orders/../../etc', { token: STAFF_TOKEN });

      // Assess
      expectError(reply, 404, 'NOT_FOUND');
    });

    // Regression: a malformed escape once threw URIError from decodeURIComponent and answered 500.
    it('answer 404, not 500, to a malformed percent-escape such as %E0%A4%A', async () => {
      // Act
      const reply = await api.send('GET', '/api/orders/%E0%A4%A', { token: STAFF_TOKEN });

      // Assess
      expectError(reply, 404, 'ORDER_NOT_FOUND');
    });

    // Regression: the staff path once skipped the id-shape guard, sending a 3000-byte key to DynamoDB (→ 500).
    it('answer 404, not 500, to staff /cancel on a 3000-character id', async () => {
      // Act
      const reply = await api.send('POST', `/api/orders/${'A'.repeat(3000)}/cancel`, { token: STAFF_TOKEN });

      // Assess
      expectError(reply, 404, 'ORDER_NOT_FOUND');
    });
  });

  it('still accepts a valid order after all the bad requests, and never answered 5xx', async () => {
    // Act
    const reply = await api.postOrder(validOrder());

    // Assess
    expectAccepted(reply);
    expect(api.serverErrors()).toEqual([]);
    expect(api.seen.length).toBeGreaterThan(30);
  });
});
