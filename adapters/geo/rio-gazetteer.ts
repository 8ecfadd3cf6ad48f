// Offline, deterministic Geocoder for the local stack: matches typed Rio de Janeiro / Niterói addresses against a small
// gazetteer.
import { distanceKm, isValidLatLon } from '../../core/geo.ts';
import type { GeocodeResult, Geocoder, ReverseGeocodeResult } from '../../core/geocoder.ts';
import type { Lang } from '../../core/lang.ts';
import {
  CITY_ALIASES,
  type City,
  NEIGHBOURHOODS,
  type NeighbourhoodEntry,
  PT_ARTICLE,
  STREETS,
  type StreetEntry,
} from './rio-neighbourhoods.ts';

/** Only the head of a message is analysed: an address fits in a few hundred characters, and the cost stays flat on 100k-character pastes. */
export const MAX_ANALYSED_CHARS = 400;
const MAX_TOKENS = 80;
/**
 * A shared point is named after the nearest neighbourhood centroid only within this distance: half the gazetteer's
 * neighbourhoods have another within 1.4 km, so 3 km still says "near" honestly; farther out (the bay, another city)
 * the gazetteer has no name for the place.
 */
export const REVERSE_MAX_KM = 3;
/** "perto do Leblon", "perto da Tijuca", "perto de Copacabana"; "near" in English. */
function near(entry: NeighbourhoodEntry, lang: Lang): string {
  if (lang === 'en') return 'near';
  const article = PT_ARTICLE[entry.id];
  return article ? `perto d${article}` : 'perto de';
}
/** Two different neighbourhoods named together ("Leme, Copacabana") are taken as one place when this close: either point serves. */
const SAME_PLACE_KM = 3;

// Connectives are dropped before matching, so "Barra Tijuca" and "Barra da Tijuca" are the same name; they are
// remembered
// as the previous word, which is how a neighbourhood name inside a street name ("Rua Barão de Ipanema") is recognised.
const CONNECTIVES = new Set(['de', 'da', 'do', 'das', 'dos', 'd']);
const STREET_TYPES = new Set([
  'rua',
  'avenida',
  'praca',
  'travessa',
  'estrada',
  'alameda',
  'largo',
  'ladeira',
  'rodovia',
  'beco',
  'viela',
  'boulevard',
]);
const ABBREVIATIONS: Record<string, string> = {
  av: 'avenida',
  ave: 'avenida',
  avda: 'avenida',
  r: 'rua',
  pca: 'praca',
  pc: 'praca',
  tv: 'travessa',
  trav: 'travessa',
  est: 'estrada',
  estr: 'estrada',
  al: 'alameda',
  lgo: 'largo',
  lg: 'largo',
  lad: 'ladeira',
  rod: 'rodovia',
  num: 'numero',
  nro: 'numero',
  jd: 'jardim',
  jdm: 'jardim',
  jard: 'jardim',
  vl: 'vila',
  s: 'sao',
  sto: 'santo',
  sta: 'santa',
  ns: 'nossa senhora',
  nsa: 'nossa',
  sra: 'senhora',
  gen: 'general',
  gal: 'general',
  mal: 'marechal',
  pres: 'presidente',
  cons: 'conselheiro',
  dr: 'doutor',
  prof: 'professor',
  eng: 'engenheiro',
  visc: 'visconde',
  cde: 'conde',
  marq: 'marques',
  sen: 'senador',
  dep: 'deputado',
  cel: 'coronel',
  alm: 'almirante',
  min: 'ministro',
};

type Target =
  | { kind: 'street'; street: StreetEntry }
  | { kind: 'neighbourhood'; entry: NeighbourhoodEntry }
  | { kind: 'city'; city: City };

/** Every target sharing one normalised spelling ("centro" → Rio's and Niterói's). */
interface AliasGroup {
  text: string;
  tokenCount: number;
  tolerance: number;
  targets: Target[];
}
interface Token {
  text: string;
  isNumber: boolean /** The word before it in the same segment, connectives included; null at the start. */;
  prev: string | null;
}
interface Segment {
  tokens: Token[] /** Index of the first street-type word, or -1. */;
  streetTypeAt: number;
}
interface Mention {
  segment: number;
  start: number;
  end: number;
  group: AliasGroup;
  edits: number;
}

interface ResolvedPlace {
  entry: NeighbourhoodEntry;
  mention: Mention;
  explicit: boolean;
  viaDefault: boolean;
}

/** Typo budget by name length: short names must be exact ("Lapa" vs "Lama"), long ones absorb a slip or two. */
function toleranceFor(length: number): number {
  if (length >= 9) return 2;
  if (length >= 5) return 1;
  return 0;
}

// Three reusable rows: distance is computed thousands of times per message, so rows are not reallocated per call.
let rows = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/** Optimal-string-alignment distance (Levenshtein plus adjacent transpositions), giving up once it exceeds `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (rows[0].length <= b.length) rows = rows.map(() => new Int32Array(b.length * 2 + 1));
  let [before, previous, current] = rows;
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      let v = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, before[j - 2] + 1);
      current[j] = v;
      if (v < rowMin) rowMin = v;
    }
    // Row minima never decrease, so once a whole row is over budget the answer is too.
    if (rowMin > max) return max + 1;
    [before, previous, current] = [previous, current, before];
  }
  return previous[b.length];
}

/** Lower case, no accents, "nº 12"-style markers unified, split into segments at commas, semicolons, brackets and " - ". */
function segmentsOf(text: string): Segment[] {
  const flat = text
    .slice(0, MAX_ANALYSED_CHARS)
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/\b(?:n|no|nro|num|numero)\s*[.ºª°]?\s*[.ºª°]?\s*(?=\d)/g, ' numero ');
  const segments: Segment[] = [];
  let budget = MAX_TOKENS;
  for (const part of flat.split(/[,;:\n\r|()[\]{}]+|\s+[-–—]+\s+/)) {
    const words = expand(
      part
        .replace(/[^a-z0-9]+/g, ' ')
        .trim()
        .split(' ')
        .filter(Boolean),
    );
    const tokens: Token[] = [];
    let prev: string | null = null;
    for (const word of words) {
      if (budget-- <= 0) break;
      if (!CONNECTIVES.has(word)) tokens.push({ text: word, isNumber: /^\d/.test(word) || word === 'numero', prev });
      prev = word;
    }
    if (tokens.length) segments.push({ tokens, streetTypeAt: tokens.findIndex((t) => STREET_TYPES.has(t.text)) });
  }
  return segments;
}

/** Expands abbreviations; "n" and "s" depend on their neighbour ("N. S. Copacabana", "s/n" = no number, "n 12"). */
function expand(words: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const [word, next] = [words[i], words[i + 1]];
    if (word === 'n' && (next === 's' || next === 'sra' || next === 'senhora')) {
      out.push('nossa', 'senhora');
      i++;
      continue;
    }
    if (word === 's' && next === 'n') {
      out.push('numero');
      i++;
      continue;
    }
    if (word === 'n') {
      out.push('numero');
      continue;
    }
    out.push(...(ABBREVIATIONS[word] ?? word).split(' '));
  }
  return out;
}

function normaliseName(name: string): string {
  return segmentsOf(name)
    .flatMap((s) => s.tokens.map((t) => t.text))
    .join(' ');
}

function suggestionName(target: Target): string {
  if (target.kind === 'street') return target.street.name;
  if (target.kind === 'city') return target.city;
  const { name, qualifier } = target.entry;
  return qualifier ? `${name} (${qualifier})` : name;
}

function neighbourhoodLabel(entry: NeighbourhoodEntry): string {
  const name = entry.qualifier && entry.qualifier !== entry.city ? `${entry.name} (${entry.qualifier})` : entry.name;
  return `${name}, ${entry.city}`;
}

const confidence = (value: number) => Math.round(Math.min(1, Math.max(0.1, value)) * 100) / 100;

/**
 * Rules, in order:
 * 1. A known street or landmark gives precision 'street' at its representative point; a house number is accepted and
 * ignored
 *    (no interpolation), so a long street like Avenida Atlântica is only good to ~2 km. If the customer also names a
 * neighbourhood the street does not run through, the street is taken for a homonym elsewhere and the neighbourhood
 * wins;
 *    likewise a Rio street is ignored when only Niterói is named.
 * 2. Otherwise a neighbourhood. Overlapping matches keep the longest name ("Barra da Tijuca" over "Tijuca", "Centro de
 *    Niterói" over "Centro"). A neighbourhood name inside a street name — right after the street type word or a
 *    connective, before any house number, as in "Rua Barão de Ipanema" or "Rua Humaitá" — only counts when nothing
 *    else is named, at low confidence; one named on its own (after a comma, a number, or "em") beats it.
 * 3. Shared names: the city or the enclosing district named anywhere decides ("Centro, Niterói", "Freguesia,
 *    Jacarepaguá"); else the entry marked default (Rio's Centro) at lower confidence; else AMBIGUOUS. A district named
 *    next to one of its parts only qualifies it ("Taquara, Jacarepaguá" → Taquara).
 * 4. Several different neighbourhoods: the first one named wins when the rest are within SAME_PLACE_KM, else AMBIGUOUS.
 * 5. "Niterói" alone resolves to its Centro at low confidence (a small city, named alone by customers across the bay);
 *    "Rio de Janeiro" alone is too large to place and is NOT_UNDERSTOOD.
 * Typos: names of 5+ characters absorb one edit, 9+ two, and a fuzzy match must keep the first letter ("Ramos" ≠
 * "vamos").
 * Labels of typed addresses are place names, the same in every language, so `lang` is not used there; `reverse` says
 * "perto de"/"near" in the customer's language.
 */
export class RioGazetteer implements Geocoder {
  private readonly exact = new Map<string, AliasGroup>();
  private readonly byFirstLetter = new Map<string, AliasGroup[]>();
  private readonly maxWindow: number;

  constructor() {
    for (const entry of NEIGHBOURHOODS) {
      for (const name of [entry.name, ...(entry.aliases ?? [])]) this.index(name, { kind: 'neighbourhood', entry });
    }
    for (const street of STREETS) {
      const bare = street.name.split(' ');
      // "Rua Barata Ribeiro" is also typed as "Barata Ribeiro"; the type word is optional (and often wrong).
      const names = [
        street.name,
        ...(street.aliases ?? []),
        ...(STREET_TYPES.has(normaliseName(bare[0])) ? [bare.slice(1).join(' ')] : []),
      ];
      for (const name of names) this.index(name, { kind: 'street', street });
    }
    for (const [city, names] of Object.entries(CITY_ALIASES) as Array<[City, string[]]>) {
      for (const name of names) this.index(name, { kind: 'city', city });
    }
    for (const group of this.exact.values()) {
      const list = this.byFirstLetter.get(group.text[0]) ?? [];
      list.push(group);
      this.byFirstLetter.set(group.text[0], list);
    }
    this.maxWindow = Math.max(...[...this.exact.values()].map((g) => g.tokenCount)) + 1;
  }

  async geocode(text: string, _lang: Lang): Promise<GeocodeResult> {
    return this.resolve(text);
  }

  /** The nearest known neighbourhood, "perto de Copacabana, Rio de Janeiro": a centroid is all the gazetteer knows, so never a street. */
  async reverse(lat: number, lon: number, lang: Lang): Promise<ReverseGeocodeResult> {
    if (!isValidLatLon(lat, lon)) return { found: false };
    let nearest: { entry: NeighbourhoodEntry; km: number } | undefined;
    for (const entry of NEIGHBOURHOODS) {
      const km = distanceKm({ lat, lon }, entry);
      if (!nearest || km < nearest.km) nearest = { entry, km };
    }
    if (!nearest || nearest.km > REVERSE_MAX_KM) return { found: false };
    return { found: true, label: `${near(nearest.entry, lang)} ${neighbourhoodLabel(nearest.entry)}` };
  }

  /** The same answer synchronously: the gazetteer does no I/O. */
  resolve(text: string): GeocodeResult {
    // Plain JavaScript callers can pass anything; a non-string is treated as nothing typed rather than a crash.
    const trimmed = typeof text === 'string' ? text.trim() : '';
    if (!trimmed) return { found: false, reason: 'EMPTY', suggestions: [] };
    const segments = segmentsOf(trimmed);
    const mentions = this.select(this.match(segments));
    return (
      this.decide(segments, mentions) ?? { found: false, reason: 'NOT_UNDERSTOOD', suggestions: this.suggest(segments) }
    );
  }

  private index(name: string, target: Target): void {
    const text = normaliseName(name);
    const group = this.exact.get(text) ?? {
      text,
      tokenCount: text.split(' ').length,
      tolerance: toleranceFor(text.length),
      targets: [],
    };
    if (!group.targets.some((t) => sameTarget(t, target))) group.targets.push(target);
    this.exact.set(text, group);
  }

  /** Every exact and near match of a known name over windows of consecutive words within one segment. */
  private match(segments: Segment[]): Mention[] {
    const found: Mention[] = [];
    segments.forEach((segment, s) => {
      const { tokens } = segment;
      for (let start = 0; start < tokens.length; start++) {
        for (let end = start + 1; end <= Math.min(tokens.length, start + this.maxWindow); end++) {
          const window = tokens.slice(start, end);
          const key = window.map((t) => t.text).join(' ');
          const hit = this.exact.get(key);
          if (hit) found.push({ segment: s, start, end, group: hit, edits: 0 });
          // Numbers are never misspelt names, and a typo'd window next to a number would swallow it.
          if (key.length < 5 || window.some((t) => t.isNumber)) continue;
          for (const group of this.byFirstLetter.get(key[0]) ?? []) {
            if (group === hit || group.tolerance === 0 || Math.abs(group.tokenCount - window.length) > 1) continue;
            const edits = editDistance(key, group.text, group.tolerance);
            if (edits <= group.tolerance) found.push({ segment: s, start, end, group, edits });
          }
        }
      }
    });
    return found;
  }

  /** Non-overlapping mentions, preferring longer names, then fewer edits, then streets, then earlier ones. */
  private select(mentions: Mention[]): Mention[] {
    const rank = (m: Mention) =>
      m.group.targets.some((t) => t.kind === 'street')
        ? 2
        : m.group.targets.some((t) => t.kind === 'neighbourhood')
          ? 1
          : 0;
    const sorted = [...mentions].sort(
      (a, b) =>
        b.group.tokenCount - a.group.tokenCount ||
        a.edits - b.edits ||
        rank(b) - rank(a) ||
        a.segment - b.segment ||
        a.start - b.start,
    );
    const kept: Mention[] = [];
    for (const m of sorted) {
      if (!kept.some((k) => k.segment === m.segment && k.start < m.end && m.start < k.end)) kept.push(m);
    }
    return kept.sort((a, b) => a.segment - b.segment || a.start - b.start);
  }

  /** Inside a street-typed segment, a name right after the type word or a connective, before any number, is part of the street's name. */
  private isEmbedded(segments: Segment[], m: Mention): boolean {
    const { tokens, streetTypeAt } = segments[m.segment];
    if (streetTypeAt < 0 || streetTypeAt >= m.start) return false;
    if (tokens.slice(streetTypeAt, m.start).some((t) => t.isNumber)) return false;
    const prev = tokens[m.start].prev;
    return prev !== null && (CONNECTIVES.has(prev) || STREET_TYPES.has(prev));
  }

  private decide(segments: Segment[], mentions: Mention[]): GeocodeResult | undefined {
    const cities = new Set<City>();
    const streets: Mention[] = [];
    const places: Mention[] = [];
    for (const m of mentions) {
      const kinds = new Set(m.group.targets.map((t) => t.kind));
      if (kinds.has('street')) streets.push(m);
      else if (kinds.has('neighbourhood')) places.push(m);
      else for (const t of m.group.targets) if (t.kind === 'city') cities.add(t.city);
    }
    const mentionedIds = new Set(
      places.flatMap((m) => m.group.targets.flatMap((t) => (t.kind === 'neighbourhood' ? [t.entry.id] : []))),
    );

    const resolved: ResolvedPlace[] = [];
    const ambiguous: NeighbourhoodEntry[][] = [];
    for (const m of places) {
      const candidates = m.group.targets.flatMap((t) => (t.kind === 'neighbourhood' ? [t.entry] : []));
      const explicit = !this.isEmbedded(segments, m);
      if (candidates.length === 1) {
        resolved.push({ entry: candidates[0], mention: m, explicit, viaDefault: false });
        continue;
      }
      const byCity = candidates.filter((c) => cities.has(c.city));
      const byDistrict = candidates.filter((c) => c.district !== undefined && mentionedIds.has(c.district));
      const qualified = byDistrict.length === 1 ? byDistrict : byCity.length === 1 ? byCity : [];
      const fallback = candidates.filter((c) => c.defaultFor?.includes(m.group.text));
      if (qualified.length === 1) resolved.push({ entry: qualified[0], mention: m, explicit, viaDefault: false });
      else if (fallback.length === 1) resolved.push({ entry: fallback[0], mention: m, explicit, viaDefault: true });
      else ambiguous.push(byCity.length > 1 ? byCity : candidates);
    }
    // A district named next to one of its parts only says where that part is.
    const districts = new Set(resolved.flatMap((r) => (r.entry.district ? [r.entry.district] : [])));
    const own = resolved.filter((r) => !districts.has(r.entry.id));
    const explicitPlaces = own.filter((r) => r.explicit);

    const street = this.pickStreet(streets, explicitPlaces, cities);
    if (street) return street;

    const pool = explicitPlaces.length ? explicitPlaces : own;
    if (pool.length) return this.placeResult(pool, explicitPlaces.length > 0, streets.length > 0, ambiguous.length > 0);
    if (ambiguous.length)
      return {
        found: false,
        reason: 'AMBIGUOUS',
        suggestions: ambiguous[0].map((e) => suggestionName({ kind: 'neighbourhood', entry: e })),
      };
    if (cities.has('Niterói') && !cities.has('Rio de Janeiro')) {
      const centre = NEIGHBOURHOODS.find((e) => e.city === 'Niterói' && e.name === 'Centro')!;
      return {
        found: true,
        lat: centre.lat,
        lon: centre.lon,
        label: neighbourhoodLabel(centre),
        precision: 'neighbourhood',
        confidence: 0.4,
      };
    }
    return undefined;
  }

  private pickStreet(
    streets: Mention[],
    explicitPlaces: ResolvedPlace[],
    cities: Set<City>,
  ): GeocodeResult | undefined {
    // Every known street is in Rio: with only Niterói named, a match is a homonym across the bay.
    if (!streets.length || (cities.has('Niterói') && !cities.has('Rio de Janeiro'))) return undefined;
    const entries = (m: Mention) => m.group.targets.flatMap((t) => (t.kind === 'street' ? [t.street] : []));
    for (const m of streets) {
      for (const street of entries(m)) {
        const place = explicitPlaces.find((p) => street.neighbourhoods.includes(p.entry.id));
        if (place) return this.streetResult(street, place.entry.id, 0.95 - 0.1 * (m.edits + place.mention.edits));
      }
    }
    if (explicitPlaces.length) return undefined;
    const [first] = streets;
    const street = entries(first)[0];
    return this.streetResult(street, street.neighbourhoods[0], 0.9 - 0.1 * first.edits);
  }

  private streetResult(street: StreetEntry, neighbourhoodId: string, score: number): GeocodeResult {
    const place = NEIGHBOURHOODS.find((e) => e.id === neighbourhoodId);
    return {
      found: true,
      lat: street.lat,
      lon: street.lon,
      label: `${street.name}, ${place?.name ?? 'Rio de Janeiro'}`,
      precision: 'street',
      confidence: confidence(score),
    };
  }

  private placeResult(
    pool: ResolvedPlace[],
    explicit: boolean,
    contradictsStreet: boolean,
    alsoAmbiguous: boolean,
  ): GeocodeResult {
    const first = pool[0];
    const others = pool.filter((r) => r.entry.id !== first.entry.id);
    if (others.some((r) => distanceKm(first.entry, r.entry) > SAME_PLACE_KM)) {
      const names = [...new Set(pool.map((r) => suggestionName({ kind: 'neighbourhood', entry: r.entry })))];
      return { found: false, reason: 'AMBIGUOUS', suggestions: names.slice(0, 3) };
    }
    let score = explicit ? 0.9 : 0.5;
    if (first.viaDefault) score -= 0.2;
    if (others.length) score -= 0.15;
    if (contradictsStreet) score -= 0.1;
    if (alsoAmbiguous) score -= 0.1;
    score -= 0.1 * first.mention.edits;
    return {
      found: true,
      lat: first.entry.lat,
      lon: first.entry.lon,
      label: neighbourhoodLabel(first.entry),
      precision: 'neighbourhood',
      confidence: confidence(score),
    };
  }

  /**
   * Up to 3 known names closest to a 1–3 word window: within a third of the name's length (at least 1 edit) and with
   * the
   * same first letter, like fuzzy matching, so plain nonsense or chat ("quero uma pizza") suggests nothing.
   */
  private suggest(segments: Segment[]): string[] {
    const best = new Map<string, number>();
    for (const { tokens } of segments) {
      for (let start = 0; start < tokens.length; start++) {
        for (let end = start + 1; end <= Math.min(tokens.length, start + 3); end++) {
          const window = tokens.slice(start, end);
          if (window.some((t) => t.isNumber)) continue;
          const key = window.map((t) => t.text).join(' ');
          for (const group of this.byFirstLetter.get(key[0]) ?? []) {
            if (group.text.length < 4 || group.targets.every((t) => t.kind === 'city')) continue;
            const limit = Math.max(1, Math.floor(group.text.length / 3));
            const d = editDistance(key, group.text, limit);
            if (d > limit) continue;
            for (const target of group.targets) {
              const name = suggestionName(target);
              if (d < (best.get(name) ?? Infinity)) best.set(name, d);
            }
          }
        }
      }
    }
    return [...best.entries()]
      .sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]))
      .slice(0, 3)
      .map(([name]) => name);
  }
}

function sameTarget(a: Target, b: Target): boolean {
  if (a.kind === 'street' && b.kind === 'street') return a.street.id === b.street.id;
  if (a.kind === 'neighbourhood' && b.kind === 'neighbourhood') return a.entry.id === b.entry.id;
  return a.kind === 'city' && b.kind === 'city' && a.city === b.city;
}
