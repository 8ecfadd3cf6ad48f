// A stand-in for Amazon Location Service Places (geo-places v2) on loopback: the REST-JSON protocol of
// @aws-sdk/client-geo-places for Geocode (POST /v2/geocode) and ReverseGeocode (POST /v2/reverse-geocode), over a
// small in-memory map.
import { distanceKm } from '../../core/geo.ts';
import { type ReceivedRequest, type Reply, startLoopbackServer } from './loopback-server.ts';

export type GeoPlacesOperation = 'Geocode' | 'ReverseGeocode';
export type GeoPlacesErrorCode =
  | 'ValidationException'
  | 'AccessDeniedException'
  | 'ThrottlingException'
  | 'InternalServerException';

/** One place of the stand-in's map. `labels` are its address label per language (BCP 47); the first one is its default. */
export interface FakePlace {
  type: 'PointAddress' | 'Street' | 'PointOfInterest' | 'District' | 'Locality' | 'Region' | 'Country';
  lat: number;
  lon: number;
  labels: Record<string, string>;
  /** ISO 3166 alpha-3. */
  country: string;
}

export interface GeoPlacesCall {
  operation: GeoPlacesOperation;
  body: Record<string, unknown>;
  /** The SigV4 credential scope's service, e.g. 'geo-places' (undefined when the request was not signed). */
  signingService: string | undefined;
  region: string | undefined;
}

export interface FakeGeoPlaces {
  url: string;
  calls: GeoPlacesCall[];
  places: FakePlace[];
  /**
   * The next `times` (1) calls of `operation` fail with this error, with the HTTP status the service sends; a
   * ValidationException names `field` in its fieldList.
   */
  failNext(operation: GeoPlacesOperation, code: GeoPlacesErrorCode, opts?: { times?: number; field?: string }): void;
  /** The next `times` (1) calls of `operation` are never answered, as a service that hangs. */
  stallNext(operation: GeoPlacesOperation, times?: number): void;
  /** Replaces what Geocode answers (ResultItems as the service shapes them), for cases the matcher cannot make. */
  scriptGeocode(items: Record<string, unknown>[] | undefined): void;
  close(): Promise<void>;
}

const STATUS: Record<GeoPlacesErrorCode, number> = {
  ValidationException: 400,
  AccessDeniedException: 403,
  ThrottlingException: 429,
  InternalServerException: 500,
};
const PATHS: Record<string, GeoPlacesOperation> = { '/v2/geocode': 'Geocode', '/v2/reverse-geocode': 'ReverseGeocode' };

class GeoPlacesError extends Error {
  constructor(
    readonly code: GeoPlacesErrorCode,
    message: string,
    readonly fields: Array<{ name: string; message: string }> = [],
  ) {
    super(message);
  }
}
const invalid = (field: string, message: string) =>
  new GeoPlacesError('ValidationException', `${field}: ${message}`, [{ name: field, message }]);

function fail(e: GeoPlacesError): Reply {
  const body: Record<string, unknown> = { message: e.message };
  if (e.code === 'ValidationException') Object.assign(body, { reason: 'FieldValidationFailed', fieldList: e.fields });
  return {
    status: STATUS[e.code],
    contentType: 'application/json',
    headers: { 'x-amzn-errortype': e.code },
    body: JSON.stringify(body),
  };
}

const words = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);

function position(value: unknown, field: string): { lat: number; lon: number } {
  if (!Array.isArray(value) || value.length !== 2 || !value.every((n) => typeof n === 'number')) {
    throw invalid(field, 'must be [longitude, latitude]');
  }
  const [lon, lat] = value as [number, number];
  if (lon < -180 || lon > 180 || lat < -90 || lat > 90) throw invalid(field, 'out of range');
  return { lat, lon };
}

function maxResults(value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || (value as number) < 1 || (value as number) > 100) {
    throw invalid('MaxResults', 'must be 1-100');
  }
  return value as number;
}

function language(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length < 2 || value.length > 35) throw invalid('Language', 'not a BCP 47 tag');
  return value;
}

function labelOf(place: FakePlace, lang: string | undefined): string {
  return (lang && place.labels[lang]) || Object.values(place.labels)[0]!;
}

function item(place: FakePlace, lang: string | undefined, extra: Record<string, unknown>) {
  const label = labelOf(place, lang);
  return {
    PlaceId: `fake-${Math.abs(place.lat).toFixed(5)}-${Math.abs(place.lon).toFixed(5)}`,
    PlaceType: place.type,
    Title: label.split(',')[0],
    Address: { Label: label, Country: { Code3: place.country } },
    Position: [place.lon, place.lat],
    ...extra,
  };
}

export async function startFakeGeoPlaces(opts: { places?: FakePlace[] } = {}): Promise<FakeGeoPlaces> {
  const calls: GeoPlacesCall[] = [];
  const places = [...(opts.places ?? [])];
  const failures: Array<{ operation: GeoPlacesOperation; code: GeoPlacesErrorCode; field?: string }> = [];
  let scripted: Record<string, unknown>[] | undefined;
  const stalls: GeoPlacesOperation[] = [];
  const never = new Promise<Reply>(() => {});

  /** Matches by words: the share of the query's words found in a place's label is its MatchScores.Overall. */
  function geocode(body: Record<string, unknown>): Record<string, unknown> {
    const text = body.QueryText;
    if (typeof text !== 'string' || text.length < 1 || text.length > 200) {
      throw invalid('QueryText', 'length must be between 1 and 200');
    }
    const limit = maxResults(body.MaxResults, 20);
    const bias = body.BiasPosition === undefined ? undefined : position(body.BiasPosition, 'BiasPosition');
    const lang = language(body.Language);
    const countries = (body.Filter as { IncludeCountries?: unknown } | undefined)?.IncludeCountries;
    if (countries !== undefined && (!Array.isArray(countries) || countries.some((c) => !/^[A-Z]{2,3}$/.test(c)))) {
      throw invalid('Filter.IncludeCountries', 'must be ISO 3166 alpha-2 or alpha-3 codes');
    }
    if (scripted) return { ResultItems: scripted };
    const query = words(text);
    const scored = places
      .filter((p) => !countries || (countries as string[]).includes(p.country))
      .map((p) => {
        const label = new Set(Object.values(p.labels).flatMap(words));
        return { p, score: query.filter((w) => label.has(w)).length / query.length };
      })
      .filter((s) => s.score > 0)
      .sort((a, b) => b.score - a.score || (bias ? distanceKm(a.p, bias) - distanceKm(b.p, bias) : 0));
    return {
      ResultItems: scored.slice(0, limit).map(({ p, score }) =>
        item(p, lang, {
          MatchScores: { Overall: Math.round(score * 100) / 100 },
          ...(bias ? { Distance: Math.round(distanceKm(p, bias) * 1000) } : {}),
        }),
      ),
    };
  }

  /** The nearest places within QueryRadius (meters), nearest first, MaxResults of them (1 by default). */
  function reverse(body: Record<string, unknown>): Record<string, unknown> {
    const at = position(body.QueryPosition, 'QueryPosition');
    const limit = maxResults(body.MaxResults, 1);
    const lang = language(body.Language);
    const radius = body.QueryRadius;
    if (radius !== undefined && (typeof radius !== 'number' || radius < 1))
      throw invalid('QueryRadius', 'must be >= 1');
    const near = places
      .map((p) => ({ p, m: distanceKm(p, at) * 1000 }))
      .filter(({ m }) => radius === undefined || m <= (radius as number))
      .sort((a, b) => a.m - b.m);
    return { ResultItems: near.slice(0, limit).map(({ p, m }) => item(p, lang, { Distance: Math.round(m) })) };
  }

  function handle(req: ReceivedRequest): Reply | Promise<Reply> {
    const operation = PATHS[req.url.split('?')[0]!];
    if (req.method !== 'POST' || !operation) {
      return { status: 404, contentType: 'application/json', body: JSON.stringify({ message: 'Not Found' }) };
    }
    const scope = /Credential=[^/]+\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(String(req.headers.authorization));
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(req.body || '{}') as Record<string, unknown>;
    } catch {
      return fail(new GeoPlacesError('ValidationException', 'Could not parse the request body'));
    }
    calls.push({ operation, body, region: scope?.[1], signingService: scope?.[2] });
    const stall = stalls.indexOf(operation);
    if (stall >= 0) {
      stalls.splice(stall, 1);
      return never; // the server's close() drops the connection
    }
    try {
      if (scope?.[2] !== 'geo-places')
        throw new GeoPlacesError('AccessDeniedException', 'Missing SigV4 for geo-places');
      const i = failures.findIndex((f) => f.operation === operation);
      if (i >= 0) {
        const [f] = failures.splice(i, 1);
        if (f!.field) throw invalid(f!.field, `Injected ${f!.code}`);
        throw new GeoPlacesError(f!.code, `Injected ${f!.code}`);
      }
      const out = operation === 'Geocode' ? geocode(body) : reverse(body);
      return {
        status: 200,
        contentType: 'application/json',
        headers: { 'x-amz-geo-pricing-bucket': 'Standard' },
        body: JSON.stringify(out),
      };
    } catch (err) {
      if (err instanceof GeoPlacesError) return fail(err);
      throw err;
    }
  }

  const server = await startLoopbackServer(handle);
  return {
    url: server.url,
    calls,
    places,
    failNext: (operation, code, { times = 1, field } = {}) => {
      for (let i = 0; i < times; i++) failures.push({ operation, code, ...(field ? { field } : {}) });
    },
    stallNext: (operation, times = 1) => {
      for (let i = 0; i < times; i++) stalls.push(operation);
    },
    scriptGeocode: (items) => {
      scripted = items;
    },
    close: () => server.close(),
  };
}
