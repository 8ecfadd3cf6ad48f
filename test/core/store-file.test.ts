// The store file schema: the demo and a second store convert exactly (reais to centavos), and each kind of mistake
// is reported on its field; the published JSON Schema is the one generated from the code.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseStoreFile, storeJsonSchema, toCents } from '../../core/store-file.ts';

const minimal = () => ({
  name: 'Burger da Vila',
  timezone: 'America/Sao_Paulo',
  location: { lat: -23.5614, lon: -46.6559 },
  prepMinutes: 20,
  hours: { mon: ['11:00-15:00', '18:00-23:00'], sun: ['00:00-24:00'] },
  delivery: { radiusKm: 5, fee: { base: 4.0, perKm: 1.2 } },
  payments: ['pix', 'card', 'cash'],
  categories: [{ id: 'burgers', name: { 'pt-BR': 'Hambúrgueres', en: 'Burgers' } }],
  items: [
    {
      sku: 'BURGER-CLASSIC',
      category: 'burgers',
      name: { 'pt-BR': 'X-Burger clássico', en: 'Classic cheeseburger' },
      price: 29.9,
      stock: 20,
      allergens: ['gluten', 'lactose'],
    },
    { sku: 'SODA', category: 'burgers', name: { 'pt-BR': 'Refri', en: 'Soda' }, price: 0.29 },
  ],
});

describe('toCents', () => {
  it.each([
    [29.9, 2990],
    [0.29, 29],
    [4, 400],
    [1.2, 120],
    [1234.56, 123456],
    [0.07, 7],
  ])('%s reais is %s centavos, exactly', (reais, cents) => expect(toCents(reais)).toBe(cents));
});

describe('parseStoreFile', () => {
  it('turns the issue example into a package: centavos, an untracked item, the hours as written', () => {
    const r = parseStoreFile(minimal());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.pkg.store).toMatchObject({
      name: 'Burger da Vila',
      fee: { baseCents: 400, perKmCents: 120 },
      deliveryRadiusKm: 5,
      currency: 'BRL',
      prepMinutes: 20,
    });
    expect(r.pkg.products).toEqual([
      expect.objectContaining({ sku: 'BURGER-CLASSIC', price: 2990, stock: 20, allergens: ['gluten', 'lactose'] }),
      { sku: 'SODA', category: 'burgers', name: { 'pt-BR': 'Refri', en: 'Soda' }, price: 29, stock: null },
    ]);
  });

  const broken: [string, (f: ReturnType<typeof minimal>) => void, string, RegExp][] = [
    ['an unknown category', (f) => (f.items[0]!.category = 'pizza'), 'items.0.category', /unknown category pizza/],
    ['a duplicate sku', (f) => (f.items[1]!.sku = 'BURGER-CLASSIC'), 'items.1.sku', /duplicate sku/],
    ['hours 25:00-26:00', (f) => (f.hours.mon = ['25:00-26:00']), 'hours.mon.0', /HH:MM-HH:MM/],
    ['a price with 3 decimals', (f) => (f.items[0]!.price = 29.999), 'items.0.price', /at most 2 decimals/],
    ['a radius of 0', (f) => (f.delivery.radiusKm = 0), 'delivery.radiusKm', /more than 0/],
    [
      'a missing language',
      (f) => delete (f.categories[0]!.name as Partial<Record<string, string>>).en,
      'categories.0.name.en',
      /pt-BR and en/,
    ],
    ['an unknown time zone', (f) => (f.timezone = 'America/Rio'), 'timezone', /IANA/],
    ['an unknown weekday', (f) => ((f.hours as Record<string, string[]>).seg = ['10:00-11:00']), 'hours', /seg/],
    ['an unknown payment', (f) => (f.payments = ['pix', 'boleto']), 'payments.1', /./],
  ];
  it.each(broken)('reports %s on its field', (_what, breakIt, field, message) => {
    const f = minimal();
    breakIt(f);
    const r = parseStoreFile(f);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toContainEqual(expect.objectContaining({ field, message: expect.stringMatching(message) }));
  });

  it('lists every problem at once', () => {
    const f = minimal();
    f.items[0]!.category = 'pizza';
    f.delivery.radiusKm = 0;
    f.items[1]!.price = 1.234;
    const r = parseStoreFile(f);
    expect(r.ok ? [] : r.problems.map((p) => p.field).sort()).toEqual([
      'delivery.radiusKm',
      'items.0.category',
      'items.1.price',
    ]);
  });
});

describe('stores/store.schema.json', () => {
  it('is what `store schema` generates from the code (regenerate it with npx delivery-assistant store schema)', () => {
    const published = JSON.parse(readFileSync(new URL('../../stores/store.schema.json', import.meta.url), 'utf8'));
    expect(published).toEqual(storeJsonSchema());
    expect(published.required).toEqual(expect.arrayContaining(['name', 'timezone', 'hours', 'items', 'prepMinutes']));
  });
});
