// The local stack's geocoder as its root builds it: the offline gazetteer by default, Amazon Location Places (here its
// loopback stand-in) when the settings say so, biased to the store the stack serves, and named in the banner line.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { GeocoderSettings } from '../../../apps/local/config.ts';
import { createLocalGeocoder } from '../../../apps/local/local-geocoder.ts';
import { startLocalStack } from '../../../apps/local/local-stack.ts';
import type { Store } from '../../../core/catalog.ts';
import { DEMO_PRODUCTS, DEMO_STORE } from '../../support/demo-store.ts';
import { type FakeGeoPlaces, startFakeGeoPlaces } from '../../support/fake-geo-places.ts';

const PAULISTA = {
  type: 'PointAddress' as const,
  lat: -23.5614,
  lon: -46.6559,
  country: 'BRA',
  labels: { 'pt-BR': 'Avenida Paulista, 1000 - Bela Vista, São Paulo - SP, 01310-100, Brasil' },
};
const BURGER_PLACE: Store = { ...DEMO_STORE, name: 'Burger da Vila', lat: -23.5614, lon: -46.6559 };
const AUGUSTA = {
  type: 'PointAddress' as const,
  lat: 38.7108,
  lon: -9.1385,
  country: 'PRT',
  labels: { 'pt-BR': 'Rua Augusta 10, 1100-053 Lisboa, Portugal' },
};
const LISBON_SHOP: Store = { ...DEMO_STORE, name: 'Tasca da Baixa', lat: 38.7139, lon: -9.1394, country: 'PRT' };

let places: FakeGeoPlaces;
let settings: GeocoderSettings;
beforeAll(async () => {
  places = await startFakeGeoPlaces({ places: [PAULISTA, AUGUSTA] });
  settings = {
    use: 'places',
    why: 'GEOCODER=places',
    client: {
      region: 'sa-east-1',
      endpoint: places.url,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    },
  };
});
afterAll(() => places.close());
beforeEach(() => {
  places.calls.length = 0;
});

describe('createLocalGeocoder', () => {
  it('is the offline gazetteer without settings, and says so', async () => {
    // Act
    const local = createLocalGeocoder(undefined, async () => DEMO_STORE);

    // Assess
    expect(local.use).toBe('gazetteer');
    expect(local.description).toBe('offline Rio de Janeiro gazetteer (knows Rio and Niterói only)');
    expect(await local.geocoder.geocode('Copacabana', 'pt-BR')).toMatchObject({ found: true });
    expect(places.calls).toHaveLength(0);
  });

  it('names why it chose the gazetteer when the settings chose it', () => {
    // Act
    const local = createLocalGeocoder(
      { use: 'gazetteer', why: 'GEOCODER=auto, and no AWS_REGION is set', client: {} },
      async () => DEMO_STORE,
    );

    // Assess
    expect(local.description).toBe(
      'offline Rio de Janeiro gazetteer (knows Rio and Niterói only) (GEOCODER=auto, and no AWS_REGION is set)',
    );
  });

  it('is Amazon Location Places with the settings’ region, keys and endpoint, and its banner line names them', async () => {
    // Act
    const local = createLocalGeocoder(settings, async () => BURGER_PLACE);
    const typed = await local.geocoder.geocode('Avenida Paulista 1000', 'pt-BR');
    local.close();

    // Assess
    expect(local.use).toBe('places');
    expect(local.description).toBe(
      `Amazon Location Places in sa-east-1 at ${places.url}, biased to the store (GEOCODER=places)`,
    );
    expect(typed).toMatchObject({ found: true, lat: PAULISTA.lat, lon: PAULISTA.lon, precision: 'street' });
    expect(places.calls[0]).toMatchObject({ operation: 'Geocode', region: 'sa-east-1', signingService: 'geo-places' });
    expect(places.calls[0]!.body).toMatchObject({ Filter: { IncludeCountries: ['BRA'] } }); // no country: Brazil
  });
});

describe('the local stack’s geocoder', () => {
  it('biases Places to the store the stack serves, its position and country read from its catalog', async () => {
    // Prepare
    const stack = await startLocalStack({
      port: 0,
      assistant: false,
      geocoder: settings,
      catalog: { store: LISBON_SHOP, products: DEMO_PRODUCTS },
    });

    try {
      // Act
      const typed = await stack.geocoder.geocoder.geocode('Rua Augusta 10, Lisboa', 'pt-BR');

      // Assess
      expect(stack.geocoder.use).toBe('places');
      expect(typed).toMatchObject({ found: true, lat: AUGUSTA.lat, lon: AUGUSTA.lon });
      expect(places.calls[0]!.body).toMatchObject({
        BiasPosition: [LISBON_SHOP.lon, LISBON_SHOP.lat],
        Filter: { IncludeCountries: ['PRT'] },
      });
    } finally {
      await stack.stop();
    }
  });

  it('stays on the offline gazetteer when started without geocoder settings (tests, benchmarks, chaos runs)', async () => {
    // Prepare
    const stack = await startLocalStack({ port: 0, assistant: false });

    try {
      // Act
      const shared = await stack.geocoder.geocoder.reverse(DEMO_STORE.lat, DEMO_STORE.lon, 'pt-BR');

      // Assess
      expect(stack.geocoder.use).toBe('gazetteer');
      expect(shared).toEqual({ found: true, label: 'perto de Copacabana, Rio de Janeiro' });
      expect(places.calls).toHaveLength(0);
    } finally {
      await stack.stop();
    }
  });
});
