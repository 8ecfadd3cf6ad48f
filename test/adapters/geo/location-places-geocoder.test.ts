// LocationPlacesGeocoder through the real @aws-sdk/client-geo-places, pointed at the loopback stand-in by
// AWS_ENDPOINT_URL_GEO_PLACES alone: what it sends (bias, country, language), how it reads results, and outages.
import { GeoPlacesClient, ThrottlingException } from '@aws-sdk/client-geo-places';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  LocationPlacesGeocoder,
  MAX_QUERY_CHARS,
  PLACES_CLIENT_DEFAULTS,
  REVERSE_RADIUS_M,
  type StorePosition,
} from '../../../adapters/geo/location-places-geocoder.ts';
import { DEMO_STORE } from '../../support/demo-store.ts';
import { type FakeGeoPlaces, type FakePlace, startFakeGeoPlaces } from '../../support/fake-geo-places.ts';

const BARATA_200: FakePlace = {
  type: 'PointAddress',
  lat: -22.9668,
  lon: -43.1849,
  country: 'BRA',
  labels: {
    'pt-BR': 'Rua Barata Ribeiro, 200 - Copacabana, Rio de Janeiro - RJ, 22040-002, Brasil',
    en: 'Rua Barata Ribeiro, 200 - Copacabana, Rio de Janeiro - RJ, 22040-002, Brazil',
  },
};
const BARATA_STREET: FakePlace = {
  type: 'Street',
  lat: -22.9672,
  lon: -43.1855,
  country: 'BRA',
  labels: { 'pt-BR': 'Rua Barata Ribeiro - Copacabana, Rio de Janeiro - RJ, Brasil' },
};
const COPACABANA: FakePlace = {
  type: 'District',
  lat: -22.9711,
  lon: -43.1863,
  country: 'BRA',
  labels: { 'pt-BR': 'Copacabana, Rio de Janeiro - RJ, Brasil', en: 'Copacabana, Rio de Janeiro - RJ, Brazil' },
};
// Two streets of the same name 10 km apart: typed without a neighbourhood, either could be meant.
const SAO_JOSE_CENTRO: FakePlace = {
  type: 'Street',
  lat: -22.9045,
  lon: -43.1755,
  country: 'BRA',
  labels: { 'pt-BR': 'Rua São José - Centro, Rio de Janeiro - RJ, Brasil' },
};
const SAO_JOSE_MADUREIRA: FakePlace = {
  type: 'Street',
  lat: -22.8735,
  lon: -43.3385,
  country: 'BRA',
  labels: { 'pt-BR': 'Rua São José - Madureira, Rio de Janeiro - RJ, Brasil' },
};
const STATE: FakePlace = {
  type: 'Region',
  lat: -22.25,
  lon: -42.66,
  country: 'BRA',
  labels: { 'pt-BR': 'Rio de Janeiro, Brasil' },
};
const LISBON_COPACABANA: FakePlace = {
  type: 'PointOfInterest',
  lat: 38.7139,
  lon: -9.1394,
  country: 'PRT',
  labels: { 'pt-BR': 'Restaurante Copacabana, Rua Augusta 10, 1100-053 Lisboa, Portugal' },
};

const RIO: StorePosition = { lat: DEMO_STORE.lat, lon: DEMO_STORE.lon };
let places: FakeGeoPlaces;
let client: GeoPlacesClient;
let store: StorePosition;
let geocoder: LocationPlacesGeocoder;
const saved = new Map<string, string | undefined>();

beforeAll(async () => {
  places = await startFakeGeoPlaces({
    places: [BARATA_200, BARATA_STREET, COPACABANA, SAO_JOSE_CENTRO, SAO_JOSE_MADUREIRA, STATE, LISBON_COPACABANA],
  });
  // Only the per-service variable names the stand-in: no endpoint is given to the client.
  for (const k of ['AWS_ENDPOINT_URL_GEO_PLACES', 'AWS_ENDPOINT_URL', 'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS']) {
    saved.set(k, process.env[k]);
    delete process.env[k];
  }
  process.env.AWS_ENDPOINT_URL_GEO_PLACES = places.url;
  client = new GeoPlacesClient({
    ...PLACES_CLIENT_DEFAULTS,
    region: 'sa-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  geocoder = new LocationPlacesGeocoder(client, { store: async () => store });
});
afterAll(async () => {
  client.destroy();
  await places.close();
  for (const [k, v] of saved) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});
beforeEach(() => {
  store = RIO;
  places.calls.length = 0;
});
afterEach(() => places.scriptGeocode(undefined));

describe('LocationPlacesGeocoder.geocode: the request', () => {
  it('reaches the stand-in through AWS_ENDPOINT_URL_GEO_PLACES, signed for geo-places, biased to the store, kept to Brazil, in the customer’s language', async () => {
    // Act
    await geocoder.geocode('  Rua Barata Ribeiro   200, Copacabana ', 'pt-BR');

    // Assess
    expect(places.calls).toHaveLength(1);
    expect(places.calls[0]).toEqual({
      operation: 'Geocode',
      signingService: 'geo-places',
      region: 'sa-east-1',
      body: {
        QueryText: 'Rua Barata Ribeiro 200, Copacabana',
        MaxResults: 5,
        BiasPosition: [DEMO_STORE.lon, DEMO_STORE.lat],
        Filter: { IncludeCountries: ['BRA'] },
        Language: 'pt-BR',
        IntendedUse: 'Storage',
      },
    });
  });

  it('follows the store: its position and country at each call, and English for an English-speaking customer', async () => {
    // Prepare
    store = { lat: 38.7139, lon: -9.1394, country: 'prt' };

    // Act
    const result = await geocoder.geocode('Copacabana', 'en');

    // Assess
    expect(places.calls[0]!.body).toMatchObject({
      BiasPosition: [-9.1394, 38.7139],
      Filter: { IncludeCountries: ['PRT'] },
      Language: 'en',
    });
    expect(result).toMatchObject({ found: true, label: LISBON_COPACABANA.labels['pt-BR'] });
  });

  it(`cuts a long message at a word boundary to the service’s ${MAX_QUERY_CHARS} characters, so it is still answered`, async () => {
    // Prepare: 300 characters, as the order accepts; the stand-in refuses QueryText over 200 as the service does
    const text = `Rua Barata Ribeiro 200 Copacabana ${'apartamento fundos interfone quebrado '.repeat(8)}`.slice(
      0,
      300,
    );
    places.scriptGeocode([
      {
        PlaceId: 'p',
        PlaceType: 'PointAddress',
        Title: 'Rua Barata Ribeiro, 200',
        Address: { Label: BARATA_200.labels['pt-BR'] },
        Position: [BARATA_200.lon, BARATA_200.lat],
        MatchScores: { Overall: 0.6 },
      },
    ]);

    // Act
    const result = await geocoder.geocode(text, 'pt-BR');

    // Assess
    const sent = places.calls[0]!.body.QueryText as string;
    expect(sent.length).toBeLessThanOrEqual(MAX_QUERY_CHARS);
    expect(text.startsWith(sent)).toBe(true);
    expect(text[sent.length]).toBe(' ');
    expect(result).toMatchObject({ found: true, label: BARATA_200.labels['pt-BR'] });
  });

  it('cuts one endless word hard at the limit', async () => {
    // Act
    await geocoder.geocode('x'.repeat(MAX_QUERY_CHARS + 50), 'pt-BR');

    // Assess
    expect(places.calls[0]!.body.QueryText).toBe('x'.repeat(MAX_QUERY_CHARS));
  });

  it('answers EMPTY for blank text without calling the service', async () => {
    // Act
    const result = await geocoder.geocode(' \n ', 'pt-BR');

    // Assess
    expect(result).toEqual({ found: false, reason: 'EMPTY', suggestions: [] });
    expect(places.calls).toHaveLength(0);
  });
});

describe('LocationPlacesGeocoder.geocode: reading the results', () => {
  it('takes a full match of a point address as street precision, with MatchScores.Overall as confidence, in the customer’s language', async () => {
    // Act
    const pt = await geocoder.geocode('Rua Barata Ribeiro 200, Copacabana', 'pt-BR');
    const en = await geocoder.geocode('Rua Barata Ribeiro 200, Copacabana', 'en');

    // Assess
    expect(pt).toEqual({
      found: true,
      lat: BARATA_200.lat,
      lon: BARATA_200.lon,
      label: BARATA_200.labels['pt-BR'],
      precision: 'street',
      confidence: 1,
    });
    expect(en).toMatchObject({ found: true, label: BARATA_200.labels.en });
  });

  it('takes a district as neighbourhood precision', async () => {
    // Prepare: only the district matches both words
    places.scriptGeocode([
      {
        PlaceId: 'd1',
        PlaceType: 'District',
        Title: 'Copacabana',
        Address: { Label: COPACABANA.labels['pt-BR'] },
        Position: [COPACABANA.lon, COPACABANA.lat],
        MatchScores: { Overall: 0.87 },
      },
    ]);

    // Act
    const result = await geocoder.geocode('copacabana rio', 'pt-BR');

    // Assess
    expect(result).toEqual({
      found: true,
      lat: COPACABANA.lat,
      lon: COPACABANA.lon,
      label: COPACABANA.labels['pt-BR'],
      precision: 'neighbourhood',
      confidence: 0.87,
    });
  });

  it('answers AMBIGUOUS, listing both, when two places far apart match equally well', async () => {
    // Act
    const result = await geocoder.geocode('Rua São José', 'pt-BR');

    // Assess: the one nearer the store first, as the bias ranks it
    expect(result).toEqual({
      found: false,
      reason: 'AMBIGUOUS',
      suggestions: [SAO_JOSE_CENTRO.labels['pt-BR'], SAO_JOSE_MADUREIRA.labels['pt-BR']],
    });
  });

  it('is not ambiguous when the close matches are one place (the address and its street, metres apart)', async () => {
    // Act: "Rua Barata Ribeiro" alone matches the point address and the street equally
    const result = await geocoder.geocode('Rua Barata Ribeiro', 'pt-BR');

    // Assess
    expect(result).toMatchObject({ found: true, precision: 'street' });
  });

  it('is not ambiguous when the rival scores clearly lower', async () => {
    // Prepare
    places.scriptGeocode([
      {
        PlaceId: 'a',
        PlaceType: 'Street',
        Title: 'Rua São José',
        Address: { Label: SAO_JOSE_CENTRO.labels['pt-BR'] },
        Position: [SAO_JOSE_CENTRO.lon, SAO_JOSE_CENTRO.lat],
        MatchScores: { Overall: 0.95 },
      },
      {
        PlaceId: 'b',
        PlaceType: 'Street',
        Title: 'Rua São José',
        Address: { Label: SAO_JOSE_MADUREIRA.labels['pt-BR'] },
        Position: [SAO_JOSE_MADUREIRA.lon, SAO_JOSE_MADUREIRA.lat],
        MatchScores: { Overall: 0.7 },
      },
    ]);

    // Act
    const result = await geocoder.geocode('Rua São José, Centro', 'pt-BR');

    // Assess
    expect(result).toMatchObject({ found: true, label: SAO_JOSE_CENTRO.labels['pt-BR'], confidence: 0.95 });
  });

  it('answers NOT_UNDERSTOOD, offering the weak matches, when the best covers less than half of the text', async () => {
    // Act: one word of three matches ("Copacabana")
    const result = await geocoder.geocode('Copacabana xyzzy qwerty', 'pt-BR');

    // Assess
    expect(result.found).toBe(false);
    expect(result).toMatchObject({ reason: 'NOT_UNDERSTOOD' });
    if (!result.found) expect(result.suggestions).toContain(COPACABANA.labels['pt-BR']);
  });

  it('answers NOT_UNDERSTOOD with no suggestions when nothing matches, or only a whole state does', async () => {
    // Act
    const nothing = await geocoder.geocode('xyzzy qwerty', 'pt-BR');
    places.scriptGeocode([
      {
        PlaceId: 'r',
        PlaceType: 'Region',
        Title: 'Rio de Janeiro',
        Address: { Label: STATE.labels['pt-BR'] },
        Position: [STATE.lon, STATE.lat],
        MatchScores: { Overall: 1 },
      },
    ]);
    const state = await geocoder.geocode('Rio de Janeiro', 'pt-BR');

    // Assess
    expect(nothing).toEqual({ found: false, reason: 'NOT_UNDERSTOOD', suggestions: [] });
    expect(state).toMatchObject({ found: false, reason: 'NOT_UNDERSTOOD' });
    expect(state.found === false && state.suggestions).not.toContain(STATE.labels['pt-BR']);
  });

  it('ignores results without a usable position', async () => {
    // Prepare
    places.scriptGeocode([
      { PlaceId: 'x', PlaceType: 'Street', Title: 'Rua Sem Ponto', MatchScores: { Overall: 1 } },
      { PlaceId: 'y', PlaceType: 'Street', Title: 'Rua Fora', Position: [200, 100], MatchScores: { Overall: 1 } },
    ]);

    // Act
    const result = await geocoder.geocode('Rua Sem Ponto', 'pt-BR');

    // Assess
    expect(result).toEqual({ found: false, reason: 'NOT_UNDERSTOOD', suggestions: [] });
  });
});

describe('LocationPlacesGeocoder.geocode: bad input answers, an outage rejects', () => {
  it('retries one throttled call and answers', async () => {
    // Prepare
    places.failNext('Geocode', 'ThrottlingException');

    // Act
    const result = await geocoder.geocode('Rua Barata Ribeiro 200', 'pt-BR');

    // Assess
    expect(result.found).toBe(true);
    expect(places.calls).toHaveLength(2);
  });

  it.each([
    ['ThrottlingException', 2],
    ['InternalServerException', 2],
    ['AccessDeniedException', 1],
  ] as const)(
    'rejects with the service’s %s (after %i tries) instead of calling the address unknown',
    async (code, tries) => {
      // Prepare
      places.failNext('Geocode', code, { times: tries });

      // Act
      const outcome = geocoder.geocode('Rua Barata Ribeiro 200', 'pt-BR');

      // Assess
      await expect(outcome).rejects.toMatchObject({ name: code });
      expect(places.calls).toHaveLength(tries);
    },
  );

  it('answers NOT_UNDERSTOOD when the service refuses the query text itself', async () => {
    // Prepare
    places.failNext('Geocode', 'ValidationException', { field: 'QueryText' });

    // Act
    const result = await geocoder.geocode('Rua Barata Ribeiro 200', 'pt-BR');

    // Assess
    expect(result).toEqual({ found: false, reason: 'NOT_UNDERSTOOD', suggestions: [] });
  });

  it('rejects when the service refuses anything but the query text: that is our configuration, not the address', async () => {
    // Prepare
    places.failNext('Geocode', 'ValidationException', { field: 'Language' });

    // Act + Assess
    await expect(geocoder.geocode('Rua Barata Ribeiro 200', 'pt-BR')).rejects.toMatchObject({
      name: 'ValidationException',
      FieldList: [{ Name: 'Language', Message: 'Injected ValidationException' }],
    });
  });

  it('rejects, without calling the service, when the store’s country or position is not usable', async () => {
    // Prepare
    const stores: StorePosition[] = [
      { ...RIO, country: 'Brasil' },
      { lat: Number.NaN, lon: -43.18 },
    ];

    // Act + Assess
    for (const s of stores) {
      store = s;
      await expect(geocoder.geocode('Rua Barata Ribeiro 200', 'pt-BR')).rejects.toThrow(/store/);
    }
    expect(places.calls).toHaveLength(0);
  });

  it('rejects, within seconds, when the service takes the call and never answers', async () => {
    // Prepare
    places.stallNext('Geocode', 2);
    const started = Date.now();

    // Act
    const outcome = geocoder.geocode('Rua Barata Ribeiro 200', 'pt-BR');

    // Assess: two tries of 3 s each (PLACES_CLIENT_DEFAULTS), not an endless wait
    await expect(outcome).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(places.calls).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('rejects when the service cannot be reached at all', async () => {
    // Prepare: a stand-in that is already gone
    const gone = await startFakeGeoPlaces();
    await gone.close();
    const offline = new GeoPlacesClient({
      ...PLACES_CLIENT_DEFAULTS,
      endpoint: gone.url,
      region: 'sa-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });

    // Act
    const outcome = new LocationPlacesGeocoder(offline, { store: async () => RIO }).geocode('Copacabana', 'pt-BR');

    // Assess
    await expect(outcome).rejects.toThrow(/ECONNREFUSED/);
    offline.destroy();
  });
});

describe('LocationPlacesGeocoder.reverse', () => {
  it('sends the point as [lon, lat] within a radius, in the customer’s language, and answers the nearest address', async () => {
    // Act
    const pt = await geocoder.reverse(BARATA_200.lat + 0.0002, BARATA_200.lon, 'pt-BR');
    const en = await geocoder.reverse(BARATA_200.lat + 0.0002, BARATA_200.lon, 'en');

    // Assess
    expect(places.calls[0]).toEqual({
      operation: 'ReverseGeocode',
      signingService: 'geo-places',
      region: 'sa-east-1',
      body: {
        QueryPosition: [BARATA_200.lon, BARATA_200.lat + 0.0002],
        QueryRadius: REVERSE_RADIUS_M,
        MaxResults: 1,
        Language: 'pt-BR',
        IntendedUse: 'Storage',
      },
    });
    expect(pt).toEqual({ found: true, label: BARATA_200.labels['pt-BR'] });
    expect(en).toEqual({ found: true, label: BARATA_200.labels.en });
  });

  it('answers found: false for a point with nothing within the radius (the open sea)', async () => {
    // Act
    const result = await geocoder.reverse(-23.1, -43.18, 'pt-BR');

    // Assess
    expect(result).toEqual({ found: false });
    expect(places.calls).toHaveLength(1);
  });

  it('answers found: false for coordinates off the globe without calling the service', async () => {
    // Act
    const results = await Promise.all([geocoder.reverse(95, 0, 'pt-BR'), geocoder.reverse(0, Number.NaN, 'en')]);

    // Assess
    expect(results).toEqual([{ found: false }, { found: false }]);
    expect(places.calls).toHaveLength(0);
  });

  it('rejects on an outage, so the caller falls back to words of its own', async () => {
    // Prepare
    places.failNext('ReverseGeocode', 'ThrottlingException', { times: 2 });

    // Act + Assess
    await expect(geocoder.reverse(BARATA_200.lat, BARATA_200.lon, 'pt-BR')).rejects.toBeInstanceOf(ThrottlingException);
  });
});
