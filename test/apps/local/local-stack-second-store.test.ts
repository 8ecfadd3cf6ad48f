// A second store, not the demo, through the whole flow over HTTP: Burger da Vila (test/fixtures/stores/burger-da-vila)
// served by the local stack from its folder, on a set clock, with its own menu, fee, radius, hours and stock.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadStoreFolder } from '../../../adapters/local/store-folder.ts';
import { type LocalStack, startLocalStack } from '../../../apps/local/local-stack.ts';
import { call, getOrder, orderBody, placeOrder, waitForStatus } from '../../support/api-client.ts';

const BURGER_DIR = new URL('../../fixtures/stores/burger-da-vila', import.meta.url).pathname;
const STAFF = 'staff-token-for-tests';
/** A wall-clock time in São Paulo (UTC-3 all year) on Monday 2 March 2026: open 11:00-15:00 and 18:00-23:00. */
const sp = (hhmm: string) => new Date(`2026-03-02T${hhmm}:00-03:00`);
/** Praça da República, 2.41 km from the store. */
const CENTRO = { text: 'Praça da República 100, Centro', lat: -23.5436, lon: -46.6424 };
/** 6 km south of the store, past its 5 km radius. */
const FAR_SOUTH = { text: 'Av. Engenheiro Armando de Arruda Pereira 2000, Jabaquara', lat: -23.6154, lon: -46.6559 };

let now = sp('12:00');
let dataDir: string;
let stack: LocalStack;
let phones = 0;

const start = () =>
  startLocalStack({
    storeDir: BURGER_DIR,
    dataDir,
    port: 0,
    staffToken: STAFF,
    retryIntervalMs: 5,
    assistant: false,
    clock: { now: () => now },
  });
/** An order to the Centro paid by Pix (the store takes Pix and cash), each from its own customer. */
const order = (items: { sku: string; qty: number }[], address = CENTRO) =>
  orderBody({
    customer: { name: 'Bruno Lima', phone: `+55119876543${String(phones++).padStart(2, '0')}` },
    items,
    address,
    payment: { method: 'pix' },
  });
const catalog = async () => (await call(stack, 'GET', '/api/catalog')).body;
const itemOf = async (sku: string) => (await catalog()).items.find((i: { sku: string }) => i.sku === sku);
async function placed(items: { sku: string; qty: number }[], status: string | string[] = 'CONFIRMED') {
  const p = await placeOrder(stack, order(items));
  return { ...p, order: await waitForStatus(stack, p.orderId, p.accessToken, status) };
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'da-burger-'));
  stack = await start();
});
afterAll(async () => {
  await stack?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('Burger da Vila, served from its folder', () => {
  it('serves its own profile, categories and menu in GET /api/catalog', async () => {
    // Act
    const pt = await catalog();
    const en = (await call(stack, 'GET', '/api/catalog', { headers: { 'accept-language': 'en' } })).body;

    // Assess
    expect(stack.storeSummary).toContain('Burger da Vila');
    expect(pt.store).toEqual({
      name: 'Burger da Vila',
      lat: -23.5614,
      lon: -46.6559,
      deliveryRadiusKm: 5,
      currency: 'BRL',
      timezone: 'America/Sao_Paulo',
      open: true,
    });
    expect(pt.categories).toEqual([
      { id: 'burgers', name: 'Hambúrgueres' },
      { id: 'sides', name: 'Porções' },
      { id: 'drinks', name: 'Bebidas' },
    ]);
    expect(en.categories.map((c: { name: string }) => c.name)).toEqual(['Burgers', 'Sides', 'Drinks']);
    const bySku = (a: { sku: string }, b: { sku: string }) => a.sku.localeCompare(b.sku);
    expect([...pt.items].sort(bySku)).toEqual(
      [
        {
          sku: 'BURGER-CLASSIC',
          name: 'X-Burger clássico',
          category: 'burgers',
          price: 2990,
          stock: 20,
          available: true,
        },
        { sku: 'BURGER-BACON', name: 'X-Bacon', category: 'burgers', price: 3490, stock: 3, available: true },
        { sku: 'FRIES', name: 'Batata frita', category: 'sides', price: 1450, stock: null, available: true },
        { sku: 'SODA-LATA', name: 'Refrigerante lata', category: 'drinks', price: 600, stock: 48, available: true },
      ].sort(bySku),
    );
  });

  it('prices the delivery from its own location with its own fee: R$ 4,00 + R$ 1,20/km, in exact centavos', async () => {
    // Act
    const { order: confirmed } = await placed([{ sku: 'SODA-LATA', qty: 2 }]);

    // Assess: 2.41 km → 400 + round(120 × 2.41) = 689
    expect(confirmed).toMatchObject({ subtotal: 1200, deliveryFee: 689, total: 1889 });
  });

  it('refuses a payment method the store does not take (it takes Pix and cash, not card): 422, no order', async () => {
    // Act
    const body = { ...order([{ sku: 'SODA-LATA', qty: 1 }]), payment: { method: 'card', token: 'tok_visa' } };
    const reply = await call(stack, 'POST', '/api/orders', { body });

    // Assess
    expect(reply.status).toBe(422);
    expect(reply.body.error.code).toBe('INVALID_PAYMENT_METHOD');
  });

  it('refuses an address 6 km away: outside its 5 km radius', async () => {
    // Act
    const p = await placeOrder(stack, order([{ sku: 'SODA-LATA', qty: 1 }], FAR_SOUTH));
    const rejected = await waitForStatus(stack, p.orderId, p.accessToken, 'REJECTED');

    // Assess
    expect(rejected).toMatchObject({ reason: 'OUT_OF_DELIVERY_AREA', deliveryFee: 0 });
  });

  it('is closed at 16:00 on a Monday (between its lunch and dinner hours): 409 STORE_CLOSED, opening at 18:00 local', async () => {
    // Prepare
    now = sp('16:00');

    // Act
    const reply = await call(stack, 'POST', '/api/orders', { body: order([{ sku: 'SODA-LATA', qty: 1 }]) });
    const shown = (await catalog()).store;
    now = sp('12:00');

    // Assess
    expect(reply.status).toBe(409);
    expect(reply.body.error).toMatchObject({ code: 'STORE_CLOSED', opensAt: '2026-03-02T21:00:00.000Z' });
    expect(shown).toMatchObject({ open: false, opensAt: '2026-03-02T21:00:00.000Z' });
  });

  it('refuses orders while staff paused them (409 STORE_PAUSED), and takes them again on resume', async () => {
    // Act
    await call(stack, 'POST', '/api/store/pause', { token: STAFF, body: { minutes: 20 } });
    const reply = await call(stack, 'POST', '/api/orders', { body: order([{ sku: 'SODA-LATA', qty: 1 }]) });
    await call(stack, 'POST', '/api/store/resume', { token: STAFF });
    const after = await call(stack, 'POST', '/api/orders', { body: order([{ sku: 'SODA-LATA', qty: 1 }]) });

    // Assess
    expect(reply.status).toBe(409);
    expect(reply.body.error).toMatchObject({ code: 'STORE_PAUSED', pausedUntil: '2026-03-02T15:20:00.000Z' });
    expect(after.status).toBe(202);
    await waitForStatus(stack, after.body.orderId, after.body.accessToken, 'CONFIRMED');
  });

  it('sells its untracked FRIES in any quantity, and they stay untracked', async () => {
    // Act
    const first = await placed([{ sku: 'FRIES', qty: 50 }]);
    const second = await placed([{ sku: 'FRIES', qty: 50 }]);

    // Assess
    expect([first.order.subtotal, second.order.subtotal]).toEqual([50 * 1450, 50 * 1450]);
    expect(await itemOf('FRIES')).toMatchObject({ stock: null, available: true });
  });

  it('sells out of BURGER-BACON after its 3 units: the next order is UNAVAILABLE and the menu says so', async () => {
    // Act
    await placed([{ sku: 'BURGER-BACON', qty: 2 }]);
    await placed([{ sku: 'BURGER-BACON', qty: 1 }]);
    const fourth = await placed([{ sku: 'BURGER-BACON', qty: 1 }], ['UNAVAILABLE', 'CONFIRMED']);

    // Assess
    expect(fourth.order).toMatchObject({ status: 'UNAVAILABLE', reason: 'OUT_OF_STOCK' });
    expect(await itemOf('BURGER-BACON')).toMatchObject({ stock: 0, available: false });
  });

  it('keeps the live stock across a restart: the file says 3, sales left 0, and 0 it stays', async () => {
    // Act
    await stack.stop();
    stack = await start();

    // Assess
    expect(stack.seeded).toBe(false);
    expect(stack.applied).toMatchObject({ added: 0, retired: 0 });
    expect(await itemOf('BURGER-BACON')).toMatchObject({ stock: 0, available: false });
    // Two sold to the Centro, one after the pause; the one refused for its distance was put back
    expect(await itemOf('SODA-LATA')).toMatchObject({ stock: 48 - 2 - 1 });
  });

  it('sells BURGER-BACON again once staff restock it over HTTP', async () => {
    // Act
    const restock = await call(stack, 'PUT', '/api/catalog/items/BURGER-BACON/stock', {
      token: STAFF,
      body: { stock: 5 },
    });
    const sold = await placed([{ sku: 'BURGER-BACON', qty: 2 }]);

    // Assess
    expect(restock.status).toBe(200);
    expect(restock.body.item).toMatchObject({ sku: 'BURGER-BACON', stock: 5, available: true });
    expect(sold.order.status).toBe('CONFIRMED');
    expect(await itemOf('BURGER-BACON')).toMatchObject({ stock: 3 });
  });

  it('keeps the prices of placed orders when a push brings new prices; new orders pay the new ones', async () => {
    // Prepare: an order at R$ 29,90, then the store pushed with the classic at R$ 32,90 (what `store push` applies)
    const before = await placed([{ sku: 'BURGER-CLASSIC', qty: 2 }]);
    const folder = loadStoreFolder(BURGER_DIR);
    if (!folder.ok) throw new Error('the fixture does not validate');
    const pushed = {
      ...folder.pkg,
      products: folder.pkg.products.map((p) => (p.sku === 'BURGER-CLASSIC' ? { ...p, price: 3290 } : p)),
    };

    // Act
    const applied = await stack.deps.catalog.applyStore(pushed);
    const kept = (await getOrder(stack, before.orderId, before.accessToken)).body;
    const after = await placed([{ sku: 'BURGER-CLASSIC', qty: 2 }]);

    // Assess
    expect(applied).toMatchObject({ added: 0, retired: 0 });
    expect(kept.items).toEqual([{ sku: 'BURGER-CLASSIC', qty: 2, price: 2990 }]);
    expect([kept.subtotal, kept.total]).toEqual([5980, 5980 + 689]);
    expect(await itemOf('BURGER-CLASSIC')).toMatchObject({ price: 3290, stock: 20 - 2 - 2 });
    expect(after.order.items).toEqual([{ sku: 'BURGER-CLASSIC', qty: 2, price: 3290 }]);
  });
});
