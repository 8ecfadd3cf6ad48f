// Geocoder on Amazon Location Service Places (geo-places Geocode and ReverseGeocode), biased to the store's position
// and country.
import {
  GeocodeCommand,
  type GeocodeResultItem,
  type GeoPlacesClient,
  type GeoPlacesClientConfig,
  ReverseGeocodeCommand,
  ValidationException,
} from '@aws-sdk/client-geo-places';
import { distanceKm, isValidLatLon, type LatLon } from '../../core/geo.ts';
import type { GeocodeResult, Geocoder, ReverseGeocodeResult } from '../../core/geocoder.ts';
import type { Lang } from '../../core/lang.ts';

/** ISO 3166 alpha-3 of the country searched when the store names none. */
export const DEFAULT_COUNTRY = 'BRA';
/** The service's limit on QueryText (1-200 characters); the order itself accepts 300. */
export const MAX_QUERY_CHARS = 200;
/** Enough to see a rival of the best match, few enough to offer as buttons. */
export const MAX_RESULTS = 5;
/** The best match must cover at least this share of what was typed (MatchScores.Overall) to be taken. */
export const MIN_MATCH_SCORE = 0.5;
/** Below MIN_MATCH_SCORE a match is still offered as a suggestion from this score up; under it, it is noise. */
export const MIN_SUGGESTION_SCORE = 0.3;
/** A result scoring within this of the best one is as likely to be what the customer meant... */
export const AMBIGUITY_MARGIN = 0.1;
/** ...unless it lies this close to the best one: the same place found twice (an address and its street). */
export const SAME_PLACE_KM = 1;
/** A shared point is named after the nearest address or place within this radius, else not at all. */
export const REVERSE_RADIUS_M = 500;
const MAX_SUGGESTIONS = 5;

/**
 * Client settings for the roots: an address step waits on this call, so a slow service fails in seconds (one retry,
 * 3 s per try) rather than the SDK's default of three tries without a timeout. `throwOnRequestTimeout` is what makes
 * requestTimeout end the call: without it, @smithy/node-http-handler 4.x only logs a warning and keeps waiting (a
 * never-answering stand-in hung the call for good). The endpoint is left to the SDK, which reads
 * AWS_ENDPOINT_URL_GEO_PLACES (and AWS_ENDPOINT_URL) by itself: that is how the tests point it at a stand-in.
 */
export const PLACES_CLIENT_DEFAULTS = {
  maxAttempts: 2,
  requestHandler: { connectionTimeout: 1000, requestTimeout: 3000, throwOnRequestTimeout: true },
} satisfies GeoPlacesClientConfig;

/** Where the shop is: results are ranked by distance to it, and kept to its country. */
export interface StorePosition {
  lat: number;
  lon: number;
  /** ISO 3166 alpha-3 (or alpha-2), e.g. 'BRA'; DEFAULT_COUNTRY when unset. */
  country?: string;
}

export interface LocationPlacesGeocoderOptions {
  /** The store's position, read at every call (the catalog caches it, and a store push may move the shop). */
  store: () => Promise<StorePosition>;
}

// What a point stands for. Country, Region and SubRegion are in neither set: far too large to price a delivery.
const STREET_TYPES = new Set([
  'PointAddress',
  'InterpolatedAddress',
  'SecondaryAddress',
  'Street',
  'Intersection',
  'PointOfInterest',
]);
const AREA_TYPES = new Set(['District', 'SubDistrict', 'Locality', 'PostalCode', 'Block', 'SubBlock']);

interface Candidate extends LatLon {
  label: string;
  precision: 'street' | 'neighbourhood';
  score: number;
}

/** Whitespace collapsed, and cut at a word boundary to the service's limit: the head of an address holds the street and the neighbourhood. */
export function queryTextOf(text: string): string {
  const flat = (typeof text === 'string' ? text : '').replace(/\s+/g, ' ').trim();
  if (flat.length <= MAX_QUERY_CHARS) return flat;
  const head = flat.slice(0, MAX_QUERY_CHARS + 1);
  const cut = head.lastIndexOf(' ');
  return (cut > 0 ? head.slice(0, cut) : head.slice(0, MAX_QUERY_CHARS)).replace(/[\s,;.-]+$/, '');
}

function candidateOf(item: GeocodeResultItem): Candidate | undefined {
  const [lon, lat] = item.Position ?? [];
  const label = (item.Address?.Label ?? item.Title ?? '').trim();
  const type = item.PlaceType ?? '';
  const precision = STREET_TYPES.has(type) ? 'street' : AREA_TYPES.has(type) ? 'neighbourhood' : undefined;
  if (!precision || !label || !isValidLatLon(lat, lon)) return undefined;
  const score = Math.min(1, Math.max(0, item.MatchScores?.Overall ?? 0));
  return { lat: lat!, lon: lon!, label, precision, score };
}

const unique = (labels: string[]) => [...new Set(labels)].slice(0, MAX_SUGGESTIONS);

/**
 * Reads the service's answer the way the gazetteer answers: the best match (by MatchScores.Overall; the service's own
 * order, which weighs the bias position, breaks ties) is taken when it covers enough of the text and no other result
 * scores nearly as well somewhere else; rivals make it AMBIGUOUS, weak matches only suggestions.
 */
export function geocodeResultOf(items: readonly GeocodeResultItem[]): GeocodeResult {
  const candidates = items.flatMap((item) => candidateOf(item) ?? []);
  const best = candidates.reduce<Candidate | undefined>((top, c) => (!top || c.score > top.score ? c : top), undefined);
  if (!best) return { found: false, reason: 'NOT_UNDERSTOOD', suggestions: [] };
  if (best.score < MIN_MATCH_SCORE) {
    const near = candidates.filter((c) => c.score >= MIN_SUGGESTION_SCORE);
    return { found: false, reason: 'NOT_UNDERSTOOD', suggestions: unique(near.map((c) => c.label)) };
  }
  const rivals = candidates.filter(
    (c) => c !== best && c.score >= best.score - AMBIGUITY_MARGIN && distanceKm(c, best) > SAME_PLACE_KM,
  );
  if (rivals.length) {
    return { found: false, reason: 'AMBIGUOUS', suggestions: unique([best, ...rivals].map((c) => c.label)) };
  }
  const { lat, lon, label, precision, score } = best;
  return { found: true, lat, lon, label, precision, confidence: Math.round(score * 100) / 100 };
}

/**
 * A ValidationException about what the customer typed is bad input (found: false). One about anything else (the
 * store's position or country, the language) is our configuration, and must not pass for "no such address".
 */
function isAboutQueryText(err: unknown): boolean {
  if (!(err instanceof ValidationException)) return false;
  const fields = err.FieldList ?? [];
  return fields.length === 0 || fields.every((f) => /querytext/i.test(f.Name ?? ''));
}

/**
 * The contract of the Geocoder port, kept here explicitly: bad input (nothing typed, no match, a point at sea, a
 * QueryText the service refuses) is answered with `found: false`; an outage (throttling after the retry, a 5xx, a
 * timeout, refused credentials, a store profile the service rejects) REJECTS, so the caller (bots/telegram/
 * address-input.ts) logs it and tells the customer to try again or share the location, instead of saying the address
 * does not exist.
 *
 * IntendedUse is Storage on both calls: the order keeps the point and the label, and the service terms require
 * Storage for results that are kept (it is billed at the higher rate).
 */
export class LocationPlacesGeocoder implements Geocoder {
  constructor(
    private readonly client: GeoPlacesClient,
    private readonly opts: LocationPlacesGeocoderOptions,
  ) {}

  async geocode(text: string, lang: Lang): Promise<GeocodeResult> {
    const query = queryTextOf(text);
    if (!query) return { found: false, reason: 'EMPTY', suggestions: [] };
    const { position, country } = await this.where();
    try {
      const out = await this.client.send(
        new GeocodeCommand({
          QueryText: query,
          MaxResults: MAX_RESULTS,
          BiasPosition: position,
          Filter: { IncludeCountries: [country] },
          Language: lang,
          IntendedUse: 'Storage',
        }),
      );
      return geocodeResultOf(out.ResultItems ?? []);
    } catch (err) {
      if (isAboutQueryText(err)) return { found: false, reason: 'NOT_UNDERSTOOD', suggestions: [] };
      throw err;
    }
  }

  async reverse(lat: number, lon: number, lang: Lang): Promise<ReverseGeocodeResult> {
    if (!isValidLatLon(lat, lon)) return { found: false };
    const out = await this.client.send(
      new ReverseGeocodeCommand({
        QueryPosition: [lon, lat],
        QueryRadius: REVERSE_RADIUS_M,
        MaxResults: 1,
        Language: lang,
        IntendedUse: 'Storage',
      }),
    );
    const item = out.ResultItems?.[0];
    const label = (item?.Address?.Label ?? item?.Title ?? '').trim();
    return label ? { found: true, label } : { found: false };
  }

  /** The bias, [lon, lat] as the service takes positions, and the country filter; a broken profile is an error, not an empty answer. */
  private async where(): Promise<{ position: number[]; country: string }> {
    const store = await this.opts.store();
    if (!isValidLatLon(store.lat, store.lon)) {
      throw new Error(`the store's position (${store.lat}, ${store.lon}) is not a valid point to bias geocoding to`);
    }
    const country = (store.country ?? DEFAULT_COUNTRY).trim().toUpperCase();
    if (!/^[A-Z]{2,3}$/.test(country)) {
      throw new Error(`the store's country "${store.country}" is not an ISO 3166 alpha-3 (or alpha-2) code`);
    }
    return { position: [store.lon, store.lat], country };
  }
}
