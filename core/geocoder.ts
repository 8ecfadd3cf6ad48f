// Geocoder port: turns an address a customer typed (instead of sharing a location) into a point for the delivery-fee
// quote, and a shared point back into words a customer can read.
import type { Lang } from './lang.ts';

/**
 * `precision` says what the point stands for (a street's representative point or a neighbourhood centroid), so a caller
 * knows how far to trust a distance near the delivery radius; `confidence` (0..1) says how sure the text match is, so a
 * caller can ask the customer to confirm before quoting. Not found: EMPTY (nothing typed), NOT_UNDERSTOOD (no known
 * place; `suggestions` are near names worth offering, possibly none), AMBIGUOUS (several places fit; `suggestions`
 * lists them).
 */
export type GeocodeResult =
  | { found: true; lat: number; lon: number; label: string; precision: 'street' | 'neighbourhood'; confidence: number }
  | { found: false; reason: 'EMPTY' | 'NOT_UNDERSTOOD' | 'AMBIGUOUS'; suggestions: string[] };

/** A readable name for a point ("Avenida Atlântica, 1702 - Copacabana, …", "perto de Copacabana, Rio de Janeiro"), in the customer's language where the source has one. */
export type ReverseGeocodeResult = { found: true; label: string } | { found: false };

/**
 * Implemented offline by a gazetteer locally and by a geocoding service on AWS.
 *
 * The contract, for both methods: bad input (nothing typed, nonsense, coordinates off the globe, a point with no known
 * place near it) is answered with `found: false`, never a rejection. A rejection means the geocoder itself could not
 * answer (the service is down, throttled or refuses our credentials): the caller logs it and tells the customer to try
 * again or share the location, and never takes it as "that address does not exist".
 */
export interface Geocoder {
  geocode(text: string, lang: Lang): Promise<GeocodeResult>;
  /** The place at or near a shared point (latitude, longitude in WGS 84), to show instead of raw coordinates. */
  reverse(lat: number, lon: number, lang: Lang): Promise<ReverseGeocodeResult>;
}
