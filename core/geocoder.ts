// Geocoder port: turns an address a customer typed (instead of sharing a location) into a point for the delivery-fee
// quote.
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

/** Implemented offline by a gazetteer locally and by a geocoding service on AWS. Bad input is answered with found: false, never a rejection. */
export interface Geocoder {
  geocode(text: string, lang: Lang): Promise<GeocodeResult>;
}
