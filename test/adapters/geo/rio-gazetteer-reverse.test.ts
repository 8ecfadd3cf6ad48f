// RioGazetteer.reverse: a shared point named after the nearest known neighbourhood, in words, or not at all.
import { describe, expect, it } from 'vitest';
import { REVERSE_MAX_KM, RioGazetteer } from '../../../adapters/geo/rio-gazetteer.ts';
import { NEIGHBOURHOODS, PT_ARTICLE } from '../../../adapters/geo/rio-neighbourhoods.ts';
import { distanceKm } from '../../../core/geo.ts';
import { DEMO_STORE } from '../../support/demo-store.ts';

const gazetteer = new RioGazetteer();
const nearestKm = (lat: number, lon: number) => Math.min(...NEIGHBOURHOODS.map((e) => distanceKm({ lat, lon }, e)));

describe('RioGazetteer.reverse', () => {
  it('names the store’s own point after Copacabana, with "perto de" in Portuguese and "near" in English', async () => {
    // Act
    const pt = await gazetteer.reverse(DEMO_STORE.lat, DEMO_STORE.lon, 'pt-BR');
    const en = await gazetteer.reverse(DEMO_STORE.lat, DEMO_STORE.lon, 'en');

    // Assess
    expect(pt).toEqual({ found: true, label: 'perto de Copacabana, Rio de Janeiro' });
    expect(en).toEqual({ found: true, label: 'near Copacabana, Rio de Janeiro' });
  });

  it('gives every neighbourhood centroid back its own name and city, and never a digit', async () => {
    // Act
    const labels = await Promise.all(NEIGHBOURHOODS.map((e) => gazetteer.reverse(e.lat, e.lon, 'pt-BR')));

    // Assess
    const wrong = NEIGHBOURHOODS.filter((e, i) => {
      const r = labels[i]!;
      return (
        !r.found ||
        !/^perto d[eoa] /.test(r.label) ||
        !r.label.includes(` ${e.name}`) ||
        !r.label.endsWith(`, ${e.city}`)
      );
    });
    expect(wrong.map((e) => e.id)).toEqual([]);
    expect(labels.filter((r) => r.found && /\d/.test(r.label))).toEqual([]);
  });

  it('names a point across the bay after Niterói', async () => {
    // Act
    const result = await gazetteer.reverse(-22.8945, -43.1235, 'pt-BR');

    // Assess
    expect(result).toEqual({ found: true, label: 'perto do Centro, Niterói' });
  });

  it('says "perto do"/"perto da" where a carioca uses the article, and "perto de" where not', async () => {
    // Prepare
    const at = (id: string) => NEIGHBOURHOODS.find((e) => e.id === id)!;
    // Act
    const labels = await Promise.all(
      ['leblon', 'tijuca', 'botafogo'].map(async (id) => {
        const r = await gazetteer.reverse(at(id).lat, at(id).lon, 'pt-BR');
        return r.found ? r.label : '';
      }),
    );
    // Assess
    expect(labels).toEqual([
      'perto do Leblon, Rio de Janeiro',
      'perto da Tijuca, Rio de Janeiro',
      'perto de Botafogo, Rio de Janeiro',
    ]);
    // Every id in the article table is a neighbourhood: a misspelt id would silently fall back to "de".
    expect(Object.keys(PT_ARTICLE).filter((id) => !NEIGHBOURHOODS.some((e) => e.id === id))).toEqual([]);
  });

  it(`answers found: false beyond ${REVERSE_MAX_KM} km of every known neighbourhood (the open sea, São Paulo)`, async () => {
    // Prepare: the open Atlantic south of Copacabana, and Avenida Paulista
    const points: Array<[number, number]> = [
      [-23.1, -43.18],
      [-23.5614, -46.6559],
    ];
    for (const [lat, lon] of points) expect(nearestKm(lat, lon)).toBeGreaterThan(REVERSE_MAX_KM);

    // Act
    const results = await Promise.all(points.map(([lat, lon]) => gazetteer.reverse(lat, lon, 'en')));

    // Assess
    expect(results).toEqual([{ found: false }, { found: false }]);
  });

  it('still names a point just inside the limit, so the limit is what decides', async () => {
    // Prepare: due south of Copacabana's centroid, 0.9 × the limit away (1° of latitude ≈ 111.2 km)
    const copacabana = NEIGHBOURHOODS.find((e) => e.id === 'copacabana')!;
    const lat = copacabana.lat - (0.9 * REVERSE_MAX_KM) / 111.2;
    expect(nearestKm(lat, copacabana.lon)).toBeLessThanOrEqual(REVERSE_MAX_KM);

    // Act
    const result = await gazetteer.reverse(lat, copacabana.lon, 'pt-BR');

    // Assess
    expect(result.found).toBe(true);
  });

  it.each([
    [Number.NaN, -43.18],
    [91, 0],
    [0, 181],
    ['-22.97' as unknown as number, -43.18],
  ])('answers found: false for coordinates off the globe (%s, %s), never a rejection', async (lat, lon) => {
    // Act + Assess
    await expect(gazetteer.reverse(lat, lon, 'pt-BR')).resolves.toEqual({ found: false });
  });
});
