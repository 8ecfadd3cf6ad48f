// Builds the local stack's geocoder from its settings (apps/local/config.ts): Amazon Location Places biased to the
// store, or the offline Rio gazetteer, with the banner line saying which and why.
import { GeoPlacesClient } from '@aws-sdk/client-geo-places';
import {
  LocationPlacesGeocoder,
  PLACES_CLIENT_DEFAULTS,
  type StorePosition,
} from '../../adapters/geo/location-places-geocoder.ts';
import { RioGazetteer } from '../../adapters/geo/rio-gazetteer.ts';
import type { Geocoder } from '../../core/geocoder.ts';
import type { GeocoderSettings } from './config.ts';

export interface LocalGeocoder {
  geocoder: Geocoder;
  use: GeocoderSettings['use'];
  /** One line for the startup banner, e.g. "Amazon Location Places in sa-east-1 (GEOCODER=auto, and …)". */
  description: string;
  /** Closes the Places client's sockets. */
  close(): void;
}

const GAZETTEER = 'offline Rio de Janeiro gazetteer (knows Rio and Niterói only)';

/** Without settings (tests, benchmarks, chaos runs), the offline gazetteer: nothing leaves the machine. */
export function createLocalGeocoder(
  settings: GeocoderSettings | undefined,
  store: () => Promise<StorePosition>,
): LocalGeocoder {
  if (settings?.use !== 'places') {
    return {
      geocoder: new RioGazetteer(),
      use: 'gazetteer',
      description: settings ? `${GAZETTEER} (${settings.why})` : GAZETTEER,
      close: () => {},
    };
  }
  const { region, profile, credentials, endpoint } = settings.client;
  const client = new GeoPlacesClient({
    ...PLACES_CLIENT_DEFAULTS,
    ...(region ? { region } : {}),
    ...(profile ? { profile } : {}),
    ...(credentials ? { credentials } : {}),
    ...(endpoint ? { endpoint } : {}),
  });
  const where = [region ? `in ${region}` : undefined, endpoint ? `at ${endpoint}` : undefined].filter(Boolean);
  return {
    geocoder: new LocationPlacesGeocoder(client, { store }),
    use: 'places',
    description: `Amazon Location Places${where.length ? ` ${where.join(' ')}` : ''}, biased to the store (${settings.why})`,
    close: () => client.destroy(),
  };
}
