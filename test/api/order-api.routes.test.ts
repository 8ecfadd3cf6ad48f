// Routing over HTTP: health, the catalog's exact public shape, unknown routes (404) and wrong methods (405).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PRODUCTS, DEMO_STORE } from '../support/demo-store.ts';
import { ApiHarness, expectAccepted, expectError, validOrder } from './api-harness.ts';

describe('routes', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await ApiHarness.start();
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('answers GET /health with 200 { status: "ok" }', async () => {
    // Act
    const reply = await api.send('GET', '/health');

    // Assess
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ status: 'ok' });
  });

  it('serves GET /api/catalog in exactly the public shape, with integer centavo prices in BRL', async () => {
    // Act
    const reply = await api.send('GET', '/api/catalog');

    // Assess
    expect(reply.status).toBe(200);
    expect(Object.keys(reply.body).sort()).toEqual(['categories', 'items', 'store']);
    expect(reply.body.store).toEqual({
      name: DEMO_STORE.name,
      lat: -22.9711,
      lon: -43.1822,
      deliveryRadiusKm: 8,
      currency: 'BRL',
      timezone: 'America/Sao_Paulo',
      open: true,
    });
    expect(reply.body.categories).toEqual([
      { id: 'acai', name: '🍇 Açaí' },
      { id: 'pizza', name: '🍕 Pizzas' },
      { id: 'drink', name: '🥤 Bebidas' },
      { id: 'dessert', name: '🍫 Sobremesas' },
    ]);
    const items = reply.body.items as Record<string, unknown>[];
    expect(items.length).toBeGreaterThanOrEqual(8);
    expect(items.length).toBeLessThanOrEqual(12);
    for (const item of items) {
      expect(Object.keys(item).sort()).toEqual(['available', 'category', 'name', 'price', 'sku', 'stock']);
      expect(item).toEqual({
        sku: expect.any(String),
        name: expect.any(String),
        category: expect.stringMatching(/^(acai|pizza|drink|dessert)$/),
        price: expect.any(Number),
        stock: expect.any(Number),
        available: (item.stock as number) > 0,
      });
      expect(Number.isInteger(item.price)).toBe(true);
      expect(item.price as number).toBeGreaterThan(0);
      expect(Number.isInteger(item.stock)).toBe(true);
      expect(item.stock as number).toBeGreaterThanOrEqual(0);
    }
    expect(items.map((i) => i.sku).sort()).toEqual(DEMO_PRODUCTS.map((p) => p.sku).sort());
    expect(items.find((i) => i.sku === 'ACAI-300')).toMatchObject({
      name: 'Açaí 300 ml com granola e banana',
      price: 1890,
    });
  });

  it('names catalog items in English for Accept-Language: en', async () => {
    // Act
    const reply = await api.send('GET', '/api/catalog', { headers: { 'accept-language': 'en-US,en;q=0.9' } });

    // Assess
    expect(reply.status).toBe(200);
    expect(reply.body.items.find((i: { sku: string }) => i.sku === 'ACAI-300').name).toBe(
      'Açaí bowl 300 ml with granola and banana',
    );
  });

  it('tolerates a trailing slash', async () => {
    // Act
    const reply = await api.send('GET', '/api/catalog/');

    // Assess
    expect(reply.status).toBe(200);
    expect(reply.body.store.currency).toBe('BRL');
  });

  it.each([
    ['GET', '/'],
    ['GET', '/api'],
    ['GET', '/api/ordersX'],
    ['GET', '/api/orders/ABCDEF/refund'],
    ['POST', '/api/orders/ABCDEF/cancel/now'],
    ['GET', '/api/orders/ABCDEF/'.repeat(2)],
    ['GET', '/.env'],
  ])('answers 404 NOT_FOUND to %s %s', async (method, path) => {
    // Act
    const reply = await api.send(method, path);

    // Assess
    expectError(reply, 404, 'NOT_FOUND');
  });

  it.each([
    ['DELETE', '/api/orders'],
    ['GET', '/api/orders'],
    ['PUT', '/api/orders'],
    ['PUT', '/api/catalog'],
    ['POST', '/api/catalog'],
    ['DELETE', '/api/catalog'],
    ['POST', '/health'],
    ['DELETE', '/api/orders/ABCDEF'],
    ['PATCH', '/api/orders/ABCDEF'],
    ['GET', '/api/orders/ABCDEF/cancel'],
    ['PUT', '/api/orders/ABCDEF/address'],
  ])('answers 405 METHOD_NOT_ALLOWED to %s %s', async (method, path) => {
    // Act
    const reply = await api.send(method, path, method === 'GET' || method === 'DELETE' ? {} : { body: validOrder() });

    // Assess
    expectError(reply, 405, 'METHOD_NOT_ALLOWED');
  });

  it('still accepts a valid order after all the bad requests, and never answered 5xx', async () => {
    // Act
    const reply = await api.postOrder(validOrder());

    // Assess
    expectAccepted(reply);
    expect(api.serverErrors()).toEqual([]);
    expect(api.seen.length).toBeGreaterThan(20);
  });
});
