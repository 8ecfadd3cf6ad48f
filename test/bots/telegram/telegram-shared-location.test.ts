// A shared Telegram location reads as words (the geocoder's name for the place, else "shared location"), never as
// coordinates: with the offline gazetteer, and with Amazon Location Places through its loopback stand-in, outages too.
import { GeoPlacesClient } from '@aws-sdk/client-geo-places';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LocationPlacesGeocoder, PLACES_CLIENT_DEFAULTS } from '../../../adapters/geo/location-places-geocoder.ts';
import { TEXTS } from '../../../bots/telegram/telegram-texts.ts';
import { quoteDeliveryFee } from '../../../core/delivery-fee.ts';
import { COPACABANA } from '../../support/api-client.ts';
import { DEMO_STORE } from '../../support/demo-store.ts';
import { type FakeGeoPlaces, type FakePlace, startFakeGeoPlaces } from '../../support/fake-geo-places.ts';
import { ChatDriver, checkoutToSummary, type Harness, orderIdsOf, startHarness } from './bot-harness.ts';

const pt = TEXTS['pt-BR'];
const en = TEXTS.en;
/** Anything that looks like a coordinate: a number with four or more decimals. */
const COORDINATE = /-?\d{1,3}[.,]\d{4,}/;

/** Start the checkout of one açaí, up to the address step. */
async function toAddressStep(chat: ChatDriver) {
  await chat.command('/start');
  await chat.press(/^categories$/);
  await chat.press(/^category:acai$/);
  await chat.press(/^qty:ACAI-300:1:/);
  await chat.press(/^cart$/);
  await chat.press(/^checkout:/);
}

describe('shared location, offline gazetteer', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('names the point after its neighbourhood for the customer, and the order keeps those words and the exact point', async () => {
    // Prepare
    const chat = new ChatDriver(h);
    const quote = quoteDeliveryFee(DEMO_STORE, COPACABANA);
    const words = pt.sharedLocationLabel('perto de Copacabana, Rio de Janeiro');

    // Act
    await toAddressStep(chat);
    const located = await chat.location(COPACABANA.lat, COPACABANA.lon);
    await chat.press(/^skip:complement:/);
    await chat.contact('+5521987659001');
    await chat.press(/^pay:pix:/);
    await chat.press(/^skip:note:/);
    await chat.press(pt.buttonConfirmOrder);

    // Assess
    expect(ChatDriver.texts(located)[0]).toContain(pt.addressAccepted(words, undefined, quote.fee, quote.distanceKm));
    expect(chat.transcript().filter((t) => COORDINATE.test(t))).toEqual([]);
    const [orderId] = await orderIdsOf(h, chat.chatId);
    const order = (await h.stack.deps.orders.get(orderId!))!;
    expect(order.address).toMatchObject({ text: words, lat: COPACABANA.lat, lon: COPACABANA.lon });
  });

  it('says "near" to an English-speaking customer', async () => {
    // Prepare
    const chat = new ChatDriver(h, undefined, { languageCode: 'en', firstName: 'John' });
    const quote = quoteDeliveryFee(DEMO_STORE, COPACABANA);

    // Act
    await toAddressStep(chat);
    const located = await chat.location(COPACABANA.lat, COPACABANA.lon);

    // Assess
    expect(ChatDriver.texts(located)[0]).toContain(
      en.addressAccepted(
        en.sharedLocationLabel('near Copacabana, Rio de Janeiro'),
        undefined,
        quote.fee,
        quote.distanceKm,
      ),
    );
  });

  it('falls back to plain words for a point the gazetteer cannot name (off the beach, still in the area)', async () => {
    // Prepare: 5.5 km south of the store, at sea, inside the 8 km radius
    const chat = new ChatDriver(h);
    const point = { lat: -23.02, lon: -43.18 };
    const quote = quoteDeliveryFee(DEMO_STORE, point);
    expect(quote.inArea).toBe(true);

    // Act
    await toAddressStep(chat);
    const located = await chat.location(point.lat, point.lon);

    // Assess
    expect(ChatDriver.texts(located)[0]).toContain(
      pt.addressAccepted('Localização enviada pelo Telegram', undefined, quote.fee, quote.distanceKm),
    );
    expect(COORDINATE.test(ChatDriver.texts(located)[0]!)).toBe(false);
  });
});

describe('shared location and typed addresses, Amazon Location Places', () => {
  const NEAR_COPACABANA: FakePlace = {
    type: 'PointAddress',
    lat: COPACABANA.lat + 0.0003,
    lon: COPACABANA.lon,
    country: 'BRA',
    labels: {
      'pt-BR': 'Rua Barata Ribeiro, 200 - Copacabana, Rio de Janeiro - RJ, 22040-002, Brasil',
      en: 'Rua Barata Ribeiro, 200 - Copacabana, Rio de Janeiro - RJ, 22040-002, Brazil',
    },
  };
  let places: FakeGeoPlaces;
  let client: GeoPlacesClient;
  let h: Harness;
  beforeAll(async () => {
    places = await startFakeGeoPlaces({ places: [NEAR_COPACABANA] });
    client = new GeoPlacesClient({
      ...PLACES_CLIENT_DEFAULTS,
      endpoint: places.url,
      region: 'sa-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    h = await startHarness({
      geocoder: (stack) => new LocationPlacesGeocoder(client, { store: () => stack.deps.catalog.getStore() }),
    });
  });
  afterAll(async () => {
    await h.close();
    client.destroy();
    await places.close();
  });
  beforeEach(() => {
    places.calls.length = 0;
  });

  it('shows the address the service finds at the point, in the customer’s language', async () => {
    // Prepare
    const chat = new ChatDriver(h, undefined, { languageCode: 'en', firstName: 'John' });
    const quote = quoteDeliveryFee(DEMO_STORE, COPACABANA);

    // Act
    await toAddressStep(chat);
    const located = await chat.location(COPACABANA.lat, COPACABANA.lon);

    // Assess
    expect(ChatDriver.texts(located)[0]).toContain(
      en.addressAccepted(en.sharedLocationLabel(NEAR_COPACABANA.labels.en), undefined, quote.fee, quote.distanceKm),
    );
    expect(places.calls.map((c) => [c.operation, c.body.Language])).toEqual([['ReverseGeocode', 'en']]);
  });

  it('still takes the location when the service is down, in plain words, and says why in the log', async () => {
    // Prepare
    const chat = new ChatDriver(h);
    const quote = quoteDeliveryFee(DEMO_STORE, COPACABANA);
    await toAddressStep(chat);
    places.failNext('ReverseGeocode', 'InternalServerException', { times: 2 });

    // Act
    const located = await chat.location(COPACABANA.lat, COPACABANA.lon);

    // Assess: priced from the point as before, and on to the next step
    expect(ChatDriver.texts(located)[0]).toContain(
      pt.addressAccepted('Localização enviada pelo Telegram', undefined, quote.fee, quote.distanceKm),
    );
    expect(ChatDriver.texts(located).join('\n')).toContain(pt.askComplement);
    expect(h.logs.some((l) => l.level === 'warn' && l.msg === 'telegram: reverse geocoder failed')).toBe(true);
  });

  it('geocodes a typed address biased to the store, and says so honestly when the service cannot answer', async () => {
    // Prepare
    const chat = new ChatDriver(h);
    await toAddressStep(chat);
    places.failNext('Geocode', 'ThrottlingException', { times: 2 });

    // Act
    const down = await chat.text('Rua Barata Ribeiro 200, Copacabana');
    const typed = await chat.text('Rua Barata Ribeiro 200, Copacabana');

    // Assess
    expect(down[0]!.params.text).toBe(pt.addressLookupFailed);
    expect((down[0]!.params.reply_markup as any).keyboard[0][0]).toMatchObject({ request_location: true });
    expect(String(typed[0]!.params.text)).toContain(
      `📍 Entrega em: Rua Barata Ribeiro 200, Copacabana (entendi: ${NEAR_COPACABANA.labels['pt-BR']})`,
    );
    expect(places.calls.at(-1)!.body).toMatchObject({
      BiasPosition: [DEMO_STORE.lon, DEMO_STORE.lat],
      Filter: { IncludeCountries: ['BRA'] },
    });
  });

  it('never shows coordinates through a whole checkout', async () => {
    // Prepare
    const chat = new ChatDriver(h);

    // Act
    await checkoutToSummary(chat, { ...COPACABANA, phone: '+5521987659002', payment: /^pay:pix:/ });

    // Assess
    expect(chat.transcript().filter((t) => COORDINATE.test(t))).toEqual([]);
  });
});
