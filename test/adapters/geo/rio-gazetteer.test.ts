// Offline Rio gazetteer: names with and without accents, typos, abbreviations, streets, the comma rule, shared names,
// failures, and data sanity.
import { describe, expect, it } from 'vitest';
import { editDistance, MAX_ANALYSED_CHARS, RioGazetteer } from '../../../adapters/geo/rio-gazetteer.ts';
import { NEIGHBOURHOODS, STREETS } from '../../../adapters/geo/rio-neighbourhoods.ts';
import { distanceKm } from '../../../core/geo.ts';
import type { GeocodeResult } from '../../../core/geocoder.ts';
import { DEMO_STORE } from '../../support/demo-store.ts';

const gazetteer = new RioGazetteer();
const place = (id: string) => NEIGHBOURHOODS.find((e) => e.id === id)!;
const street = (id: string) => STREETS.find((e) => e.id === id)!;

function found(result: GeocodeResult) {
  if (!result.found) throw new Error(`expected a place, got ${result.reason} ${JSON.stringify(result.suggestions)}`);
  return result;
}

describe('RioGazetteer: neighbourhood names', () => {
  it.each([
    ['Copacabana', 'copacabana'],
    ['copacabana', 'copacabana'],
    ['COPACABANA!!', 'copacabana'],
    ['copa', 'copacabana'],
    ['Ipanema', 'ipanema'],
    ['Jardim Botânico', 'jardim-botanico'],
    ['jardim botanico', 'jardim-botanico'],
    ['jd botanico', 'jardim-botanico'],
    ['São Conrado', 'sao-conrado'],
    ['sao conrado', 'sao-conrado'],
    ['S. Conrado', 'sao-conrado'],
    ['Glória', 'gloria'],
    ['gloria', 'gloria'],
    ['Santa Teresa', 'santa-teresa'],
    ['santa tereza', 'santa-teresa'],
    ['Méier', 'meier'],
    ['meyer', 'meier'],
    ['barra', 'barra-da-tijuca'],
    ['Barra da Tijuca', 'barra-da-tijuca'],
    ['barra tijuca', 'barra-da-tijuca'],
    ['Tijuca', 'tijuca'],
    ['rec', 'recreio'],
    ['Recreio dos Bandeirantes', 'recreio'],
    ['icarai', 'icarai'],
    ['Icaraí, Niterói', 'icarai'],
    ['moro em Laranjeiras', 'laranjeiras'],
    ['Ilha do Governador', 'ilha-do-governador'],
  ])('finds %j as %s, at its centroid with neighbourhood precision', async (text, id) => {
    // Act
    const result = found(await gazetteer.geocode(text, 'pt-BR'));

    // Assess
    const entry = place(id);
    expect(result).toEqual({
      found: true,
      lat: entry.lat,
      lon: entry.lon,
      label: `${entry.name}, ${entry.city}`,
      precision: 'neighbourhood',
      confidence: 0.9,
    });
  });

  it('keeps the longest name that matches: "São Francisco Xavier" (Rio) is not "São Francisco" (Niterói), "Barra de Guaratiba" is not Barra da Tijuca', async () => {
    // Act
    const xavier = found(await gazetteer.geocode('São Francisco Xavier', 'pt-BR'));
    const guaratiba = found(await gazetteer.geocode('Barra de Guaratiba', 'pt-BR'));

    // Assess
    expect(xavier.label).toBe('São Francisco Xavier, Rio de Janeiro');
    expect(guaratiba.label).toBe('Barra de Guaratiba, Rio de Janeiro');
  });

  it('answers the same in English and Portuguese: labels are place names', async () => {
    // Act
    const [pt, en] = [
      await gazetteer.geocode('Rua Barata Ribeiro 200', 'pt-BR'),
      await gazetteer.geocode('Rua Barata Ribeiro 200', 'en'),
    ];

    // Assess
    expect(en).toEqual(pt);
    expect(found(en).label).toBe('Rua Barata Ribeiro, Copacabana');
  });
});

describe('RioGazetteer: typos', () => {
  it.each([
    ['copacabna', 'copacabana'],
    ['ipanemma', 'ipanema'],
    ['botafgo', 'botafogo'],
    ['Botafoga', 'botafogo'],
    ['leblom', 'leblon'],
    ['jacarepagu', 'jacarepagua'],
    ['Laranjieras', 'laranjeiras'],
  ])('finds %j as %s, with less confidence than the exact name', async (text, id) => {
    // Act
    const result = found(await gazetteer.geocode(text, 'pt-BR'));

    // Assess
    expect([result.lat, result.lon]).toEqual([place(id).lat, place(id).lon]);
    expect(result.confidence).toBeLessThan(0.9);
    expect(result.confidence).toBeGreaterThanOrEqual(0.7);
  });

  it('does not stretch short names or change first letters: "Lama" is not Lapa, "vamos" is not Ramos', async () => {
    // Act
    const lama = await gazetteer.geocode('Lama', 'pt-BR');
    const vamos = await gazetteer.geocode('vamos', 'pt-BR');

    // Assess
    expect(lama.found).toBe(false);
    expect(vamos.found).toBe(false);
  });

  it('counts an adjacent transposition as one edit and gives up past the budget', () => {
    // Act
    const swapped = editDistance('botafgoo', 'botafogo', 2);
    const far = editDistance('xyzxyzxyz', 'botafogo', 2);

    // Assess
    expect(swapped).toBe(1);
    expect(far).toBe(3);
  });
});

describe('RioGazetteer: streets and abbreviations', () => {
  it('reads "av atlantica 1702, copa" as Avenida Atlântica in Copacabana, street precision, corroborated by the neighbourhood', async () => {
    // Act
    const result = found(await gazetteer.geocode('av atlantica 1702, copa', 'pt-BR'));

    // Assess
    expect(result).toEqual({
      found: true,
      lat: street('av-atlantica').lat,
      lon: street('av-atlantica').lon,
      label: 'Avenida Atlântica, Copacabana',
      precision: 'street',
      confidence: 0.95,
    });
  });

  it.each([
    ['Av. Nossa Sra. de Copacabana, n.º 500', 'av-nsa-copacabana'],
    ['Av N S Copacabana 500', 'av-nsa-copacabana'],
    ['avenida copacabana 300', 'av-nsa-copacabana'],
    ['R. Visconde de Pirajá, nº 100', 'r-visconde-de-piraja'],
    ['Pça. General Osório', 'pc-general-osorio'],
    ['Barata Ribeiro 200 apto 301', 'r-barata-ribeiro'],
    ['r. barata riberio 12', 'r-barata-ribeiro'],
    ['perto do Posto 6', 'posto-6'],
    ['Arpoador', 'arpoador'],
    ['rua voluntarios da patria 45, humaita', 'r-voluntarios-da-patria'],
  ])('expands abbreviations in %j and finds %s at street precision', async (text, id) => {
    // Act
    const result = found(await gazetteer.geocode(text, 'pt-BR'));

    // Assess
    expect(result.precision).toBe('street');
    expect([result.lat, result.lon]).toEqual([street(id).lat, street(id).lon]);
  });

  it('ignores the house number: two numbers on the same street give the same point', async () => {
    // Act
    const low = found(await gazetteer.geocode('Av. Atlântica 100', 'pt-BR'));
    const high = found(await gazetteer.geocode('Av. Atlântica 4000', 'pt-BR'));

    // Assess
    expect([low.lat, low.lon]).toEqual([high.lat, high.lon]);
    expect(low.label).toBe('Avenida Atlântica, Copacabana');
  });

  it('labels a street that spans two neighbourhoods with the one the customer named', async () => {
    // Act
    const result = found(await gazetteer.geocode('Rua Voluntários da Pátria 400, Humaitá', 'pt-BR'));

    // Assess
    expect(result.label).toBe('Rua Voluntários da Pátria, Humaitá');
  });

  it('takes a known street named with a different neighbourhood for a homonym, and answers the neighbourhood', async () => {
    // Act
    const result = found(await gazetteer.geocode('Rua Barata Ribeiro 10, Leblon', 'pt-BR'));

    // Assess
    expect(result).toMatchObject({
      label: 'Leblon, Rio de Janeiro',
      precision: 'neighbourhood',
      lat: place('leblon').lat,
    });
    expect(result.confidence).toBeLessThan(0.9);
  });
});

describe('RioGazetteer: the comma rule (named neighbourhood beats one inside a street name)', () => {
  it('"Rua Barão da Torre, Ipanema" → that street, labelled Ipanema', async () => {
    // Act
    const result = found(await gazetteer.geocode('Rua Barão da Torre, Ipanema', 'pt-BR'));

    // Assess
    expect(result).toMatchObject({
      label: 'Rua Barão da Torre, Ipanema',
      precision: 'street',
      lat: street('r-barao-da-torre').lat,
    });
  });

  it('"Rua São Clemente, Botafogo" → that street, labelled Botafogo', async () => {
    // Act
    const result = found(await gazetteer.geocode('Rua São Clemente, Botafogo', 'pt-BR'));

    // Assess
    expect(result).toMatchObject({ label: 'Rua São Clemente, Botafogo', precision: 'street' });
  });

  it('"Rua Barão de Ipanema 50, Copacabana" → Copacabana, not the Ipanema inside the (unknown) street name', async () => {
    // Act
    const result = found(await gazetteer.geocode('Rua Barão de Ipanema 50, Copacabana', 'pt-BR'));

    // Assess
    expect(result).toMatchObject({ label: 'Copacabana, Rio de Janeiro', precision: 'neighbourhood', confidence: 0.9 });
  });

  it('falls back to a name inside a street name only when nothing else is named, at low confidence', async () => {
    // Act
    const result = found(await gazetteer.geocode('Rua Barão de Ipanema 50', 'pt-BR'));

    // Assess
    expect(result.label).toBe('Ipanema, Rio de Janeiro');
    expect(result.confidence).toBeLessThanOrEqual(0.5);
  });

  it('treats a neighbourhood after a house number or "em" as named, even without a comma', async () => {
    // Act
    const afterNumber = found(await gazetteer.geocode('Rua Conde de Bonfim 500 Tijuca', 'pt-BR'));
    const afterEm = found(await gazetteer.geocode('moro na rua das flores em Copacabana', 'pt-BR'));

    // Assess
    expect([afterNumber.label, afterNumber.confidence]).toEqual(['Tijuca, Rio de Janeiro', 0.9]);
    expect([afterEm.label, afterEm.confidence]).toEqual(['Copacabana, Rio de Janeiro', 0.9]);
  });
});

describe('RioGazetteer: shared names and ambiguity', () => {
  it('reads a bare "Centro" as Rio\'s Centro, with less confidence than a qualified one', async () => {
    // Act
    const bare = found(await gazetteer.geocode('Centro', 'pt-BR'));
    const qualified = found(await gazetteer.geocode('Centro do Rio', 'pt-BR'));

    // Assess
    expect(bare).toMatchObject({ label: 'Centro, Rio de Janeiro', lat: place('centro').lat, lon: place('centro').lon });
    expect(qualified.label).toBe('Centro, Rio de Janeiro');
    expect(bare.confidence).toBeLessThan(qualified.confidence);
  });

  it.each(['Centro de Niterói', 'Centro, Niterói', 'centro - niteroi'])(
    "reads %j as Niterói's Centro",
    async (text) => {
      // Act
      const result = found(await gazetteer.geocode(text, 'pt-BR'));

      // Assess
      expect(result).toMatchObject({
        label: 'Centro, Niterói',
        lat: place('niteroi-centro').lat,
        lon: place('niteroi-centro').lon,
        confidence: 0.9,
      });
    },
  );

  it('reads "São Francisco" as Niterói\'s (Rio has only São Francisco Xavier)', async () => {
    // Act
    const result = found(await gazetteer.geocode('São Francisco', 'pt-BR'));

    // Assess
    expect(result.label).toBe('São Francisco, Niterói');
  });

  it('asks which "Freguesia" (Jacarepaguá or the Ilha, ~20 km apart) unless the district is named', async () => {
    // Act
    const bare = await gazetteer.geocode('Freguesia', 'pt-BR');
    const jacarepagua = found(await gazetteer.geocode('Freguesia, Jacarepaguá', 'pt-BR'));
    const ilha = found(await gazetteer.geocode('Freguesia - Ilha do Governador', 'pt-BR'));

    // Assess
    expect(bare).toEqual({
      found: false,
      reason: 'AMBIGUOUS',
      suggestions: expect.arrayContaining(['Freguesia (Jacarepaguá)', 'Freguesia (Ilha do Governador)']),
    });
    expect(jacarepagua.lat).toBe(place('freguesia-jacarepagua').lat);
    expect(ilha.lat).toBe(place('freguesia-ilha').lat);
  });

  it('lets a district only qualify one of its parts: "Taquara, Jacarepaguá" → Taquara', async () => {
    // Act
    const result = found(await gazetteer.geocode('Taquara, Jacarepaguá', 'pt-BR'));

    // Assess
    expect(result).toMatchObject({ label: 'Taquara, Rio de Janeiro', confidence: 0.9 });
  });

  it('takes the first of two neighbouring names, but asks when they are far apart', async () => {
    // Act
    const near = found(await gazetteer.geocode('Leme, Copacabana', 'pt-BR'));
    const far = await gazetteer.geocode('Copacabana ou Barra da Tijuca', 'pt-BR');

    // Assess
    expect(near.label).toBe('Leme, Rio de Janeiro');
    expect(near.confidence).toBeLessThan(0.9);
    expect(far).toEqual({ found: false, reason: 'AMBIGUOUS', suggestions: ['Copacabana', 'Barra da Tijuca'] });
  });

  it('places "Niterói" alone at its Centro with low confidence, but not "Rio de Janeiro" alone', async () => {
    // Act
    const niteroi = found(await gazetteer.geocode('niteroi', 'pt-BR'));
    const rio = await gazetteer.geocode('Rio de Janeiro, RJ', 'pt-BR');

    // Assess
    expect(niteroi).toMatchObject({ label: 'Centro, Niterói', confidence: 0.4 });
    expect(rio).toEqual({ found: false, reason: 'NOT_UNDERSTOOD', suggestions: [] });
  });
});

describe('RioGazetteer: not understood, empty, and hostile input', () => {
  it('suggests Botafogo for "Botafugu" (two edits: too far to assume, close enough to ask)', async () => {
    // Act
    const result = await gazetteer.geocode('Botafugu', 'pt-BR');

    // Assess
    expect(result).toEqual({ found: false, reason: 'NOT_UNDERSTOOD', suggestions: ['Botafogo'] });
  });

  it('offers suggestions that are found when the customer taps or types them back', async () => {
    // Prepare
    const failures = await Promise.all(
      ['Freguesia', 'Copacabana ou Barra da Tijuca', 'Botafugu', 'Barata Rybeyru', 'Ipamena', 'Icarahy'].map((t) =>
        gazetteer.geocode(t, 'pt-BR'),
      ),
    );
    const suggestions = failures.flatMap((r) => (r.found ? [] : r.suggestions));

    // Act
    const answers = await Promise.all(suggestions.map((s) => gazetteer.geocode(s, 'pt-BR')));

    // Assess
    expect(suggestions.length).toBeGreaterThanOrEqual(5);
    expect(answers.filter((a) => !a.found)).toEqual([]);
  });

  it('suggests nothing for nonsense or chat', async () => {
    // Act
    const nonsense = await gazetteer.geocode('xyzzy qwerty', 'pt-BR');
    const chat = await gazetteer.geocode('quero uma pizza de calabresa', 'pt-BR');

    // Assess
    expect(nonsense).toEqual({ found: false, reason: 'NOT_UNDERSTOOD', suggestions: [] });
    expect(chat).toEqual({ found: false, reason: 'NOT_UNDERSTOOD', suggestions: [] });
  });

  it.each(['', '   ', '\n\t '])('answers EMPTY for %j', async (text) => {
    // Act
    const result = await gazetteer.geocode(text, 'en');

    // Assess
    expect(result).toEqual({ found: false, reason: 'EMPTY', suggestions: [] });
  });

  it('never rejects on emoji, control characters, lone surrogates, 100k characters or a non-string from JavaScript callers', async () => {
    // Prepare
    const inputs: unknown[] = [
      '🍕🍕🍕',
      '\u0000\u0007\u001b[31m',
      '\uD800\uDC00\uD800',
      'x'.repeat(100_000),
      'ab, '.repeat(25_000),
      '1'.repeat(100_000),
      '٣٤٥ شارع',
      'Ｃｏｐａｃａｂａｎａ',
      null,
      undefined,
      42,
    ];

    // Act
    const results = await Promise.all(inputs.map((text) => gazetteer.geocode(text as string, 'pt-BR')));

    // Assess
    expect(results.every((r) => typeof r.found === 'boolean')).toBe(true);
    expect(results.slice(-3)).toEqual(Array(3).fill({ found: false, reason: 'EMPTY', suggestions: [] }));
  });

  it('analyses only the head of a long paste, quickly: a name at the start is found, one past the cap is not', async () => {
    // Prepare
    const padding = ' blá'.repeat(50_000);
    const started = performance.now();

    // Act
    const head = await gazetteer.geocode(`Copacabana${padding}`, 'pt-BR');
    const tail = await gazetteer.geocode(`${'x'.repeat(MAX_ANALYSED_CHARS)} Copacabana`, 'pt-BR');
    const elapsedMs = performance.now() - started;

    // Assess
    expect(found(head).label).toBe('Copacabana, Rio de Janeiro');
    expect(tail.found).toBe(false);
    expect(elapsedMs).toBeLessThan(500);
  });
});

describe('RioGazetteer: data', () => {
  it('covers at least 60 neighbourhoods and 20 streets or landmarks, with unique ids and known neighbourhoods for every street', () => {
    // Prepare
    const ids = new Set(NEIGHBOURHOODS.map((e) => e.id));

    // Assess
    expect(NEIGHBOURHOODS.length).toBeGreaterThanOrEqual(60);
    expect(STREETS.length).toBeGreaterThanOrEqual(20);
    expect(ids.size).toBe(NEIGHBOURHOODS.length);
    expect(new Set(STREETS.map((s) => s.id)).size).toBe(STREETS.length);
    expect(STREETS.flatMap((s) => s.neighbourhoods).filter((id) => !ids.has(id))).toEqual([]);
    expect(NEIGHBOURHOODS.flatMap((e) => (e.district && !ids.has(e.district) ? [e.id] : []))).toEqual([]);
  });

  it('puts every point inside the Rio/Niterói box (lat -23.1..-22.7, lon -43.8..-43.0), with 4 decimals at most', () => {
    // Prepare
    const points = [...NEIGHBOURHOODS, ...STREETS];

    // Act
    const outside = points.filter((p) => !(p.lat > -23.1 && p.lat < -22.7 && p.lon > -43.8 && p.lon < -43.0));
    const tooPrecise = points.filter(
      (p) => Math.round(p.lat * 1e4) / 1e4 !== p.lat || Math.round(p.lon * 1e4) / 1e4 !== p.lon,
    );

    // Assess
    expect(outside.map((p) => p.name)).toEqual([]);
    expect(tooPrecise.map((p) => p.name)).toEqual([]);
  });

  it('keeps each street within 2.5 km of the centroid of a neighbourhood it runs through (Copacabana is ~4 km long; catches a mistyped digit)', () => {
    // Act
    const stray = STREETS.filter((s) => Math.min(...s.neighbourhoods.map((id) => distanceKm(s, place(id)))) > 2.5);

    // Assess
    expect(stray.map((s) => s.name)).toEqual([]);
  });

  it('orders the beaches west to east as on the map: Barra < São Conrado < Leblon < Ipanema < Copacabana < Leme, Niterói across the bay', () => {
    // Prepare
    const westToEast = ['barra-da-tijuca', 'sao-conrado', 'leblon', 'ipanema', 'copacabana', 'leme'].map(
      (id) => place(id).lon,
    );

    // Assess
    expect(westToEast).toEqual([...westToEast].sort((a, b) => a - b));
    expect(NEIGHBOURHOODS.filter((e) => e.city === 'Niterói').every((e) => e.lon > -43.13)).toBe(true);
    expect(NEIGHBOURHOODS.filter((e) => e.city === 'Rio de Janeiro').every((e) => e.lon < -43.15)).toBe(true);
    expect(place('tijuca').lat).toBeGreaterThan(place('copacabana').lat);
  });

  it('matters for the 8 km delivery radius: Copacabana is within 1.5 km of the store, Barra da Tijuca and every Niterói place beyond 8 km', () => {
    // Act
    const copacabana = distanceKm(DEMO_STORE, place('copacabana'));
    const barra = distanceKm(DEMO_STORE, place('barra-da-tijuca'));
    const niteroi = NEIGHBOURHOODS.filter((e) => e.city === 'Niterói').map((e) => distanceKm(DEMO_STORE, e));

    // Assess
    expect(copacabana).toBeLessThan(1.5);
    expect(barra).toBeGreaterThan(8);
    expect(distanceKm(DEMO_STORE, place('icarai'))).toBeGreaterThan(8);
    expect(Math.min(...niteroi)).toBeGreaterThan(DEMO_STORE.deliveryRadiusKm);
  });

  it('agrees within 1 km with the reference centroids for Copacabana, Ipanema, Barra da Tijuca and Tijuca', () => {
    // Prepare
    const reference: Array<[string, number, number]> = [
      ['copacabana', -22.9711, -43.1863],
      ['ipanema', -22.9838, -43.2096],
      ['barra-da-tijuca', -23.0004, -43.3659],
      ['tijuca', -22.925, -43.232],
    ];

    // Act
    const errorsKm = reference.map(([id, lat, lon]) => distanceKm(place(id), { lat, lon }));

    // Assess
    expect(Math.max(...errorsKm)).toBeLessThan(1);
  });

  it('finds every entry by its own name (qualified where shared), and every street by its full name', async () => {
    // Prepare
    const queries = [
      ...NEIGHBOURHOODS.map((e) => ({
        text: e.qualifier ? `${e.name}, ${e.qualifier}` : e.name,
        lat: e.lat,
        lon: e.lon,
      })),
      ...STREETS.map((s) => ({ text: s.name, lat: s.lat, lon: s.lon })),
    ];

    // Act
    const misses: string[] = [];
    for (const q of queries) {
      const r = await gazetteer.geocode(q.text, 'pt-BR');
      if (!r.found || r.lat !== q.lat || r.lon !== q.lon) misses.push(q.text);
    }

    // Assess
    expect(misses).toEqual([]);
  });
});
