// Great-circle distance (haversine) against published distances and an independent formula, and coordinate validity.
import { describe, expect, it } from 'vitest';
import { distanceKm, isValidLatLon, type LatLon } from '../../core/geo.ts';

const COPACABANA_STORE: LatLon = { lat: -22.9711, lon: -43.1822 };

/** Vincenty's formula on a sphere (atan2 form): a different computation from haversine, exact on the same sphere. */
function sphericalVincentyKm(a: LatLon, b: LatLon, radiusKm = 6371.0088): number {
  const r = (d: number) => (d * Math.PI) / 180;
  const [p1, p2, dl] = [r(a.lat), r(b.lat), r(b.lon - a.lon)];
  const y = Math.hypot(
    Math.cos(p2) * Math.sin(dl),
    Math.cos(p1) * Math.sin(p2) - Math.sin(p1) * Math.cos(p2) * Math.cos(dl),
  );
  const x = Math.sin(p1) * Math.sin(p2) + Math.cos(p1) * Math.cos(p2) * Math.cos(dl);
  return radiusKm * Math.atan2(y, x);
}

describe('distanceKm', () => {
  it('matches the published BNA → LAX great-circle distance (Rosetta Code "Haversine formula": 2887.26 km) within 0.5%', () => {
    // Prepare: Nashville airport N 36°7.2' W 86°40.2', Los Angeles airport N 33°56.4' W 118°24.0'.
    const bna = { lat: 36.12, lon: -86.67 };
    const lax = { lat: 33.94, lon: -118.4 };

    // Act
    const km = distanceKm(bna, lax);

    // Assess
    expect(Math.abs(km - 2887.26) / 2887.26).toBeLessThan(0.005);
  });

  it('gives 111.19 km per degree along a meridian and half the circumference between antipodes', () => {
    // Act
    const oneDegree = distanceKm({ lat: 0, lon: 0 }, { lat: 1, lon: 0 });
    const antipodes = distanceKm({ lat: 0, lon: 0 }, { lat: 0, lon: 180 });

    // Assess: 2πR/360 and πR with the IUGG mean radius 6371.0088 km.
    expect(oneDegree).toBeCloseTo(111.195, 2);
    expect(antipodes).toBeCloseTo(20015.09, 1);
  });

  it('puts a Copacabana street ~0.69 km from the store, agreeing with an independent spherical formula', () => {
    // Prepare
    const street = { lat: -22.9668, lon: -43.187 };

    // Act
    const km = distanceKm(COPACABANA_STORE, street);

    // Assess
    expect(km).toBeCloseTo(sphericalVincentyKm(COPACABANA_STORE, street), 9);
    expect(km).toBeGreaterThan(0.6);
    expect(km).toBeLessThan(0.8);
  });

  it('puts Niterói and Barra da Tijuca beyond 8 km from the store', () => {
    // Prepare
    const niteroi = { lat: -22.8832, lon: -43.1034 };
    const barra = { lat: -23.0004, lon: -43.3659 };

    // Act
    const toNiteroi = distanceKm(COPACABANA_STORE, niteroi);
    const toBarra = distanceKm(COPACABANA_STORE, barra);

    // Assess
    expect(toNiteroi).toBeCloseTo(sphericalVincentyKm(COPACABANA_STORE, niteroi), 9);
    expect(toNiteroi).toBeGreaterThan(8);
    expect(toBarra).toBeCloseTo(sphericalVincentyKm(COPACABANA_STORE, barra), 9);
    expect(toBarra).toBeGreaterThan(8);
  });

  it('is zero for the same point and symmetric', () => {
    // Prepare
    const street = { lat: -22.9668, lon: -43.187 };

    // Act
    const same = distanceKm(COPACABANA_STORE, COPACABANA_STORE);
    const there = distanceKm(COPACABANA_STORE, street);
    const back = distanceKm(street, COPACABANA_STORE);

    // Assess
    expect(same).toBe(0);
    expect(there).toBeCloseTo(back, 12);
  });
});

describe('isValidLatLon', () => {
  it('accepts the inclusive bounds and ordinary coordinates', () => {
    // Act
    const accepted = [
      [90, 180],
      [-90, -180],
      [0, 0],
      [-22.9711, -43.1822],
    ].map(([lat, lon]) => isValidLatLon(lat, lon));

    // Assess
    expect(accepted).toEqual([true, true, true, true]);
  });

  it.each([
    ['lat 91', 91, 0],
    ['lat -90.0001', -90.0001, 0],
    ['lon 181', 0, 181],
    ['lon -181', 0, -181],
    ['NaN', Number.NaN, 0],
    ['Infinity', 0, Number.POSITIVE_INFINITY],
    ['numeric string', '-22.9', -43.1],
    ['"NaN" string', 'NaN', 0],
    ['null', null, 0],
    ['missing lon', 0, undefined],
  ])('rejects %s', (_label, lat, lon) => {
    // Act
    const valid = isValidLatLon(lat, lon);

    // Assess
    expect(valid).toBe(false);
  });
});
