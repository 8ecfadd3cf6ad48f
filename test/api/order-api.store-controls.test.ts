// The staff's store controls over HTTP: pause, resume, the kitchen delay and an item's stock, each answering the new
// state; staff token only; bad input is 422 INVALID_STORE_CONTROL, an unknown item 422 UNKNOWN_SKU.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiHarness, expectAccepted, expectError, STAFF_TOKEN, validOrder } from './api-harness.ts';

let api: ApiHarness;
beforeAll(async () => {
  api = await ApiHarness.start();
});
afterAll(async () => {
  await api?.stop();
});

const staff = (method: string, path: string, body?: unknown) => api.send(method, path, { token: STAFF_TOKEN, body });

describe('POST /api/store/pause and /api/store/resume', () => {
  it('pauses orders for the minutes given, answering the store as GET /api/catalog shows it, and resumes them', async () => {
    // Prepare
    const before = Date.now();
    const open = (await api.send('GET', '/api/catalog')).body.store;

    // Act
    const paused = await staff('POST', '/api/store/pause', { minutes: 15 });
    const catalog = await api.send('GET', '/api/catalog');
    const order = await api.postOrder(validOrder());
    const resumed = await staff('POST', '/api/store/resume');
    const after = await api.postOrder(validOrder());

    // Assess
    expect(paused.status).toBe(200);
    expect(Object.keys(paused.body)).toEqual(['store']);
    expect(paused.body.store).toEqual({ ...open, open: false, pausedUntil: expect.any(String) });
    expect(catalog.body.store).toEqual(paused.body.store);
    const until = Date.parse(paused.body.store.pausedUntil);
    expect(until).toBeGreaterThanOrEqual(before + 15 * 60_000);
    expect(until).toBeLessThan(Date.now() + 15 * 60_000 + 1000);
    expect(order.status).toBe(409);
    expect(order.body.error).toMatchObject({ code: 'STORE_PAUSED', pausedUntil: paused.body.store.pausedUntil });
    expect(resumed.status).toBe(200);
    expect(resumed.body.store).toEqual(open);
    expectAccepted(after);
  });

  it.each([
    ['zero minutes', { minutes: 0 }],
    ['a fraction', { minutes: 1.5 }],
    ['more than 12 hours', { minutes: 721 }],
    ['minutes as text', { minutes: '15' }],
    ['no minutes', {}],
    ['a list', [15]],
    ['null', null],
  ])('refuses %s with 422 INVALID_STORE_CONTROL, changing nothing', async (_, body) => {
    // Act
    const reply = await staff('POST', '/api/store/pause', body);
    const catalog = await api.send('GET', '/api/catalog');

    // Assess
    expectError(reply, 422, 'INVALID_STORE_CONTROL');
    expect(catalog.body.store.open).toBe(true);
  });

  it('says the limits a staff member broke, in their language', async () => {
    // Act
    const pt = await staff('POST', '/api/store/pause', { minutes: 721 });
    const en = await api.send('POST', '/api/store/pause', {
      body: { minutes: 721 },
      token: STAFF_TOKEN,
      headers: { 'accept-language': 'en' },
    });

    // Assess
    expect(pt.body.error.message).toBe('O número de minutos deve ser um número inteiro de 1 a 720.');
    expect(en.body.error.message).toBe('The number of minutes must be a whole number from 1 to 720.');
  });

  it('answers 400 INVALID_JSON to a body that is not JSON', async () => {
    // Act
    const reply = await staff('POST', '/api/store/pause', '{minutes: 15');

    // Assess
    expectError(reply, 400, 'INVALID_JSON');
  });
});

describe('POST /api/store/delay', () => {
  it('sets the kitchen delay every ETA adds, shows it on the store, and clears it with 0', async () => {
    // Act
    const set = await staff('POST', '/api/store/delay', { minutes: 20 });
    const catalog = await api.send('GET', '/api/catalog');
    const cleared = await staff('POST', '/api/store/delay', { minutes: 0 });

    // Assess
    expect(set.status).toBe(200);
    expect(set.body.store).toMatchObject({ open: true, delayMinutes: 20 });
    expect(catalog.body.store.delayMinutes).toBe(20);
    expect(cleared.status).toBe(200);
    expect(cleared.body.store).not.toHaveProperty('delayMinutes');
  });

  it.each([[{ minutes: -5 }], [{ minutes: 181 }], [{ minutes: 2.5 }], [{ delay: 20 }]])(
    'refuses %j with 422 INVALID_STORE_CONTROL',
    async (body) => {
      // Act
      const reply = await staff('POST', '/api/store/delay', body);

      // Assess
      expectError(reply, 422, 'INVALID_STORE_CONTROL');
    },
  );
});

describe('PUT /api/catalog/items/{sku}/stock', () => {
  it('sets the units on hand, sells out at 0, stops tracking with null, and answers the item with the store', async () => {
    // Act
    const seven = await staff('PUT', '/api/catalog/items/MATE-500/stock', { stock: 7 });
    const soldOut = await staff('PUT', '/api/catalog/items/MATE-500/stock', { stock: 0 });
    const catalogSoldOut = await api.send('GET', '/api/catalog');
    const untracked = await staff('PUT', '/api/catalog/items/MATE-500/stock', { stock: null });
    const catalogUntracked = await api.send('GET', '/api/catalog', { headers: { 'accept-language': 'en' } });

    // Assess
    expect(seven.status).toBe(200);
    expect(Object.keys(seven.body).sort()).toEqual(['item', 'store']);
    expect(seven.body.store).toMatchObject({ open: true, currency: 'BRL' });
    expect(seven.body.item).toEqual({
      sku: 'MATE-500',
      name: expect.stringContaining('Mate'),
      category: 'drink',
      price: expect.any(Number),
      stock: 7,
      available: true,
    });
    expect(soldOut.body.item).toMatchObject({ stock: 0, available: false });
    expect(catalogSoldOut.body.items.find((i: { sku: string }) => i.sku === 'MATE-500')).toEqual(soldOut.body.item);
    expect(untracked.body.item).toMatchObject({ stock: null, available: true });
    expect(catalogUntracked.body.items.find((i: { sku: string }) => i.sku === 'MATE-500')).toMatchObject({
      stock: null,
      available: true,
    });
  });

  it.each([[{ stock: -1 }], [{ stock: 1.5 }], [{ stock: 100_001 }], [{ stock: '7' }], [{}]])(
    'refuses %j with 422 INVALID_STORE_CONTROL',
    async (body) => {
      // Act
      const reply = await staff('PUT', '/api/catalog/items/ACAI-300/stock', body);

      // Assess
      expectError(reply, 422, 'INVALID_STORE_CONTROL');
    },
  );

  it.each(['NOPE-1', 'acai-300', '%E0%A4%A', 'A'.repeat(40)])(
    'answers 422 UNKNOWN_SKU for an item not on the menu (%s)',
    async (sku) => {
      // Act
      const reply = await staff('PUT', `/api/catalog/items/${sku}/stock`, { stock: 3 });

      // Assess
      expectError(reply, 422, 'UNKNOWN_SKU');
    },
  );
});

describe('who may use them', () => {
  it.each([
    ['POST', '/api/store/pause', { minutes: 15 }],
    ['POST', '/api/store/resume', undefined],
    ['POST', '/api/store/delay', { minutes: 20 }],
    ['PUT', '/api/catalog/items/ACAI-300/stock', { stock: 3 }],
  ])('%s %s: 401 without a token, 403 with a customer order token, changing nothing', async (method, path, body) => {
    // Prepare: a token a customer really holds
    const { accessToken } = expectAccepted(await api.postOrder(validOrder()));
    const before = (await api.send('GET', '/api/catalog')).body;

    // Act
    const anonymous = await api.send(method, path, { body });
    const customer = await api.send(method, path, { body, token: accessToken });
    const wrong = await api.send(method, path, { body, token: `${STAFF_TOKEN}x` });

    // Assess
    expectError(anonymous, 401, 'UNAUTHORIZED');
    expectError(customer, 403, 'FORBIDDEN');
    expectError(wrong, 403, 'FORBIDDEN');
    const after = (await api.send('GET', '/api/catalog')).body;
    expect(after.store).toEqual(before.store);
    expect(after.items.find((i: { sku: string }) => i.sku === 'ACAI-300').stock).toBeLessThanOrEqual(
      before.items.find((i: { sku: string }) => i.sku === 'ACAI-300').stock,
    );
  });

  it.each([
    ['GET', '/api/store/pause'],
    ['PUT', '/api/store/resume'],
    ['DELETE', '/api/store/delay'],
    ['POST', '/api/catalog/items/ACAI-300/stock'],
    ['GET', '/api/catalog/items/ACAI-300/stock'],
  ])('answers 405 METHOD_NOT_ALLOWED to %s %s', async (method, path) => {
    // Act
    const reply = await api.send(method, path, { token: STAFF_TOKEN });

    // Assess
    expectError(reply, 405, 'METHOD_NOT_ALLOWED');
  });

  it('never answered 5xx', () => {
    expect(api.serverErrors()).toEqual([]);
  });
});
