// Delivery fee quotes: base 500 + 150 per km over the great-circle distance, in centavos; 0 and out of area past 8 km.
import { describe, expect, it } from 'vitest';
import type { Store } from '../../core/catalog.ts';
import { quoteDeliveryFee } from '../../core/delivery-fee.ts';
import { distanceKm } from '../../core/geo.ts';
import { DEMO_STORE } from '../support/demo-store.ts';

/** Haversine written out independently of core/geo.ts, with the IUGG mean Earth radius. */
function referenceKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const R = 6371.0088;
  const rad = Math.PI / 180;
  const s =
    Math.sin(((b.lat - a.lat) * rad) / 2) ** 2 +
    Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(((b.lon - a.lon) * rad) / 2) ** 2;
  return 2 * R * Math.atan2(Math.sqrt(s), Math.sqrt(1 - s));
}

describe('quoteDeliveryFee', () => {
  it('prices a Copacabana street (~0.69 km) at 500 + 150/km rounded to centavos', () => {
    // Prepare
    const street = { lat: -22.9668, lon: -43.187 };
    const km = referenceKm(DEMO_STORE, street);

    // Act
    const quote = quoteDeliveryFee(DEMO_STORE, street);

    // Assess: 0.6856 km → 500 + round(102.85) = 603.
    expect(quote).toEqual({ inArea: true, distanceKm: 0.69, fee: 500 + Math.round(150 * km) });
    expect(quote.fee).toBe(603);
  });

  it('prices a point ~1 km due north of the store at 650 centavos', () => {
    // Prepare: 0.009° of latitude ≈ 1.0008 km.
    const north = { lat: DEMO_STORE.lat + 0.009, lon: DEMO_STORE.lon };

    // Act
    const quote = quoteDeliveryFee(DEMO_STORE, north);

    // Assess
    expect(referenceKm(DEMO_STORE, north)).toBeCloseTo(1.0008, 3);
    expect(quote).toEqual({ inArea: true, distanceKm: 1, fee: 650 });
  });

  it('charges just the base fee at the store itself', () => {
    // Act
    const quote = quoteDeliveryFee(DEMO_STORE, { lat: DEMO_STORE.lat, lon: DEMO_STORE.lon });

    // Assess
    expect(quote).toEqual({ inArea: true, distanceKm: 0, fee: 500 });
  });

  it.each([
    ['Niterói', { lat: -22.8832, lon: -43.1034 }],
    ['Barra da Tijuca', { lat: -23.0004, lon: -43.3659 }],
  ])('refuses %s (beyond 8 km) with fee 0 and the rounded distance', (_name, where) => {
    // Act
    const quote = quoteDeliveryFee(DEMO_STORE, where);

    // Assess
    expect(quote.inArea).toBe(false);
    expect(quote.fee).toBe(0);
    expect(quote.distanceKm).toBeGreaterThan(8);
    expect(quote.distanceKm).toBe(Math.round(referenceKm(DEMO_STORE, where) * 100) / 100);
  });

  it('delivers exactly at the radius and refuses just past it', () => {
    // Prepare: a store whose radius is exactly the distance to the point, and one a hair shorter.
    const point = { lat: -22.9, lon: -43.2 };
    const km = distanceKm(DEMO_STORE, point);
    const atRadius: Store = { ...DEMO_STORE, deliveryRadiusKm: km };
    const justShort: Store = { ...DEMO_STORE, deliveryRadiusKm: km - 1e-9 };

    // Act
    const inside = quoteDeliveryFee(atRadius, point);
    const outside = quoteDeliveryFee(justShort, point);

    // Assess
    expect(inside).toEqual({ inArea: true, distanceKm: Math.round(km * 100) / 100, fee: 500 + Math.round(150 * km) });
    expect(outside).toEqual({ inArea: false, distanceKm: Math.round(km * 100) / 100, fee: 0 });
  });

  it('refuses a point ~8.01 km due north and accepts one ~7.99 km due north of the demo store', () => {
    // Prepare: one degree of latitude is 111.195 km on the mean sphere.
    const degPerKm = 1 / 111.19508;
    const beyond = { lat: DEMO_STORE.lat + 8.01 * degPerKm, lon: DEMO_STORE.lon };
    const within = { lat: DEMO_STORE.lat + 7.99 * degPerKm, lon: DEMO_STORE.lon };

    // Act
    const out = quoteDeliveryFee(DEMO_STORE, beyond);
    const inn = quoteDeliveryFee(DEMO_STORE, within);

    // Assess
    expect(out).toEqual({ inArea: false, distanceKm: 8.01, fee: 0 });
    expect(inn).toEqual({ inArea: true, distanceKm: 7.99, fee: 500 + Math.round(150 * 7.99) });
  });

  it("uses the store's own fee settings and always returns whole centavos", () => {
    // Prepare
    const store: Store = { ...DEMO_STORE, fee: { baseCents: 0, perKmCents: 333 } };
    const points = [0.001, 0.0037, 0.013, 0.029, 0.051].map((d) => ({
      lat: DEMO_STORE.lat + d,
      lon: DEMO_STORE.lon - d,
    }));

    // Act
    const fees = points.map((p) => quoteDeliveryFee(store, p).fee);

    // Assess
    fees.forEach((fee, i) => {
      expect(Number.isInteger(fee)).toBe(true);
      expect(fee).toBe(Math.round(333 * referenceKm(DEMO_STORE, points[i]!)));
    });
  });
});
