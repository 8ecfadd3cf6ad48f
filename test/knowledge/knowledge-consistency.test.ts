// The store's documents agree with the code: radius, fee formula and worked examples, areas served, products, hours,
// ETA, ids, labels.
import { beforeAll, describe, expect, it } from 'vitest';
import { NEIGHBOURHOODS, type NeighbourhoodEntry } from '../../adapters/geo/rio-neighbourhoods.ts';
import { foldAccents } from '../../adapters/local/bm25-knowledge-retriever.ts';
import {
  type KnowledgeDocument,
  loadKnowledgeDocuments,
  splitFrontMatter,
} from '../../adapters/local/knowledge-documents.ts';
import { TEXTS } from '../../bots/telegram/telegram-texts.ts';
import { ETA_ASSUMPTIONS } from '../../core/delivery-eta.ts';
import { quoteDeliveryFee } from '../../core/delivery-fee.ts';
import { distanceKm } from '../../core/geo.ts';
import type { Lang } from '../../core/lang.ts';
import { isOrderIdShaped, newOrderId } from '../../core/order-ids.ts';
import { DEMO_PRODUCTS, DEMO_STORE, DEMO_WITH_HOURS } from '../support/demo-store.ts';

const LANGS: Lang[] = ['pt-BR', 'en'];
let docs: KnowledgeDocument[];
beforeAll(async () => {
  docs = await loadKnowledgeDocuments();
});

const docOf = (lang: Lang, topic: string) => {
  const doc = docs.find((d) => d.lang === lang && d.topic === topic);
  if (!doc) throw new Error(`no ${topic} document in ${lang}`);
  return doc.markdown;
};
const allMarkdown = (lang: Lang) =>
  docs
    .filter((d) => d.lang === lang)
    .map((d) => d.markdown)
    .join('\n');
/** Every capture group 1..n of every match, as numbers-or-strings, for a global regex. */
const matchesOf = (text: string, re: RegExp) => [...text.matchAll(re)];
const toCents = (reais: string, cents: string) => Number(reais) * 100 + Number(cents);
const rioByName = (name: string) =>
  NEIGHBOURHOODS.find((n) => n.city === 'Rio de Janeiro' && foldAccents(n.name) === foldAccents(name));
const distanceTo = (entries: NeighbourhoodEntry[]) => Math.min(...entries.map((e) => distanceKm(DEMO_STORE, e)));

/** The patterns each language writes its facts in (a change of wording must change these too). */
const P = {
  'pt-BR': {
    radius: /(?:raio de|mais de|a até) (\d+) km/g,
    formula: /R\$ (\d+),(\d{2}) mais R\$ (\d+),(\d{2}) por km/g,
    example: /^- (.+?) \(lat (-?\d+\.\d+), lon (-?\d+\.\d+)\): (\d+),(\d{2}) km, taxa R\$ (\d+),(\d{2})\.$/gm,
    whole: /^Atendemos estes bairros inteiros: (.+)\.$/m,
    partial: /^Atendemos parte destes bairros, conforme o endereço exato: (.+)\.$/m,
    and: ' e ',
    notServed: /^- ([^:(]+?): não entregamos\. .*?cerca de (\d+) km/gm,
    hours: /Abrimos todos os dias às (\d{2}:\d{2}) e fechamos às (\d{2}:\d{2}), inclusive aos domingos e feriados\./,
    sundays: /Entregamos aos domingos e feriados no mesmo horário: das (\d{2}:\d{2}) às (\d{2}:\d{2})\./,
    team: /Nossa equipe responde (?:no chat )?das (\d{2}):00 às (\d{2}):00\./g,
    eta: /cerca de (\d+) minutos até a cozinha começar, (\d+) minutos de preparo e, no trajeto, (\d+) minutos mais (\d+) minutos por km/,
    idLength: /código de (\d+) caracteres/,
    idExample: /por exemplo ([A-Z0-9]+)\./,
    idExcluded: /não usa ((?:\w, )*\w) nem (\w),/,
  },
  en: {
    radius: /(?:within an?|more than|within) (\d+) km/g,
    formula: /R\$ (\d+)\.(\d{2}) plus R\$ (\d+)\.(\d{2}) per km/g,
    example: /^- (.+?) \(lat (-?\d+\.\d+), lon (-?\d+\.\d+)\): (\d+)\.(\d{2}) km, fee R\$ (\d+)\.(\d{2})\.$/gm,
    whole: /^We serve these whole neighbourhoods: (.+)\.$/m,
    partial: /^We serve part of these neighbourhoods, depending on the exact address: (.+)\.$/m,
    and: ' and ',
    notServed: /^- ([^:(]+?): we do not deliver there\. .*?about (\d+) km/gm,
    hours: /We open every day at (\d{2}:\d{2}) and close at (\d{2}:\d{2}), Sundays and public holidays included\./,
    sundays: /We deliver on Sundays and public holidays at the same hours: from (\d{2}:\d{2}) to (\d{2}:\d{2})\./,
    team: /Our team answers (?:in the chat )?from (\d{2}):00 to (\d{2}):00\./g,
    eta: /about (\d+) minutes until the kitchen starts, (\d+) minutes of preparation and, on the way, (\d+) minutes plus (\d+) minutes per km/,
    idLength: /(\d+)-character code/,
    idExample: /for example ([A-Z0-9]+)\./,
    idExcluded: /never uses ((?:\w, )*\w) or (\w),/,
  },
} satisfies Record<Lang, Record<string, RegExp | string>>;

const listOf = (line: string, and: string) =>
  line
    .split(and)
    .flatMap((part) => part.split(', '))
    .map((s) => s.trim());

describe.each(LANGS)('knowledge (%s) agrees with the code', (lang) => {
  const p = P[lang];

  it('names DEMO_STORE and states its delivery radius, and no other', () => {
    // Act
    const stated = matchesOf(docOf(lang, 'delivery-areas'), p.radius).map((m) => Number(m[1]));

    // Assess
    expect(stated.length).toBeGreaterThanOrEqual(3);
    expect(new Set(stated)).toEqual(new Set([DEMO_STORE.deliveryRadiusKm]));
    expect(docOf(lang, 'delivery-areas')).toContain(DEMO_STORE.name);
  });

  it('states the fee formula of DEMO_STORE: base plus per km', () => {
    // Act
    const formulas = matchesOf(docOf(lang, 'delivery-areas'), p.formula);

    // Assess
    expect(formulas).toHaveLength(1);
    const [, baseR, baseC, kmR, kmC] = formulas[0]!;
    expect({ baseCents: toCents(baseR!, baseC!), perKmCents: toCents(kmR!, kmC!) }).toEqual(DEMO_STORE.fee);
  });

  it('gives worked fee examples equal to quoteDeliveryFee for the coordinates they name, which are those neighbourhoods', () => {
    // Act
    const examples = matchesOf(docOf(lang, 'delivery-areas'), p.example);

    // Assess
    expect(examples.length).toBeGreaterThanOrEqual(2);
    for (const [line, name, lat, lon, kmInt, kmDec, feeR, feeC] of examples) {
      const quote = quoteDeliveryFee(DEMO_STORE, { lat: Number(lat), lon: Number(lon) });
      expect(quote, line).toEqual({
        inArea: true,
        distanceKm: Number(`${kmInt}.${kmDec}`),
        fee: toCents(feeR!, feeC!),
      });
      expect(rioByName(name!), line).toMatchObject({ lat: Number(lat), lon: Number(lon) });
    }
  });

  it('lists as served whole the neighbourhoods well inside the radius, and as partly served those at its edge', () => {
    // Prepare
    const md = docOf(lang, 'delivery-areas');
    const r = DEMO_STORE.deliveryRadiusKm;

    // Act
    const whole = listOf(p.whole.exec(md)![1]!, p.and);
    const partial = listOf(p.partial.exec(md)![1]!, p.and);

    // Assess: centroids are good to ~1 km, hence the margin
    const km = (name: string) => {
      const entry = rioByName(name);
      if (!entry) throw new Error(`${name} is not a neighbourhood of the gazetteer`);
      return distanceKm(DEMO_STORE, entry);
    };
    for (const name of whole) expect(km(name), name).toBeLessThanOrEqual(r - 1);
    for (const name of partial) expect(km(name), name).toBeGreaterThan(r - 1);
    for (const name of partial) expect(km(name), name).toBeLessThanOrEqual(r + 1);
    // ...and none is left out
    const listed = new Set([...whole, ...partial].map(foldAccents));
    const missing = NEIGHBOURHOODS.filter(
      (n) => n.city === 'Rio de Janeiro' && distanceKm(DEMO_STORE, n) <= r && !listed.has(foldAccents(n.name)),
    );
    expect(missing.map((n) => n.name)).toEqual([]);
  });

  it('names as not served places beyond the radius, at the distance it states, Niterói and Barra da Tijuca among them', () => {
    // Act
    const places = matchesOf(docOf(lang, 'delivery-areas'), p.notServed).map((m) => ({
      name: m[1]!.trim(),
      km: Number(m[2]),
    }));

    // Assess
    expect(places.map((x) => x.name)).toEqual(expect.arrayContaining(['Niterói', 'Barra da Tijuca']));
    for (const place of places) {
      const entries =
        place.name === 'Niterói' ? NEIGHBOURHOODS.filter((n) => n.city === 'Niterói') : [rioByName(place.name)!];
      expect(entries[0], place.name).toBeDefined();
      const km = distanceTo(entries);
      expect(km, place.name).toBeGreaterThan(DEMO_STORE.deliveryRadiusKm);
      expect(Math.abs(km - place.km), place.name).toBeLessThanOrEqual(1);
      expect(
        entries.every((e) => !quoteDeliveryFee(DEMO_STORE, e).inArea),
        place.name,
      ).toBe(true);
    }
  });

  it('writes in bold only product names of the catalog, and the allergens document names every product', () => {
    // Prepare
    const names = new Set(DEMO_PRODUCTS.map((prod) => prod.name[lang]));

    // Act
    const bold = matchesOf(allMarkdown(lang), /\*\*(.+?)\*\*/g).map((m) => m[1]!);
    const inAllergens = new Set(matchesOf(docOf(lang, 'allergens'), /\*\*(.+?)\*\*/g).map((m) => m[1]!));

    // Assess
    expect(bold.filter((b) => !names.has(b))).toEqual([]);
    expect([...names].filter((n) => !inAllergens.has(n))).toEqual([]);
  });

  it('quotes no price but the fee formula, the fee examples and the catalog prices', () => {
    // Prepare
    const examples = matchesOf(docOf(lang, 'delivery-areas'), p.example).map((m) => toCents(m[6]!, m[7]!));
    const allowed = new Set([
      DEMO_STORE.fee.baseCents,
      DEMO_STORE.fee.perKmCents,
      ...examples,
      ...DEMO_PRODUCTS.map((prod) => prod.price),
    ]);

    // Act
    const amounts = matchesOf(allMarkdown(lang), /R\$\s*(\d+)[.,](\d{2})/g).map((m) => toCents(m[1]!, m[2]!));

    // Assess
    expect(amounts.length).toBeGreaterThan(0);
    expect(amounts.filter((a) => !allowed.has(a))).toEqual([]);
  });

  it('states the same opening hours everywhere, Sundays included, and the team hours of store.yaml', () => {
    // Prepare: the team's hours as the store file has them (the bot tells customers these)
    const hoursDoc = docOf(lang, 'opening-hours');
    const [teamFrom, teamTo] = DEMO_WITH_HOURS.store
      .teamHours!.mon![0]!.split('-')
      .map((hm) => Number(hm.split(':')[0]));
    const team = `${teamFrom}:00–${teamTo}:00`;

    // Act
    const [, open, close] = p.hours.exec(hoursDoc)!;
    const [, sundayOpen, sundayClose] = p.sundays.exec(hoursDoc)!;
    const teamMentions = matchesOf(allMarkdown(lang), p.team).map((m) => `${Number(m[1])}:00–${Number(m[2])}:00`);
    const times = new Set(matchesOf(allMarkdown(lang), /\b(\d{1,2}:\d{2})\b/g).map((m) => m[1]!));

    // Assess
    expect([sundayOpen, sundayClose]).toEqual([open, close]);
    expect(teamMentions.length).toBeGreaterThanOrEqual(2);
    expect(new Set(teamMentions)).toEqual(new Set([team]));
    const pad = (h: number) => `${String(h).padStart(2, '0')}:00`;
    expect(times).toEqual(new Set([open, close, pad(teamFrom!), pad(teamTo!)]));
  });

  it("describes the delivery estimate with the assumptions of core/delivery-eta.ts and the store's preparation time", () => {
    // Act
    const [, queue, prepare, travelBase, perKm] = p.eta.exec(docOf(lang, 'order-tracking'))!;

    // Assess
    expect([queue, prepare, travelBase, perKm].map(Number)).toEqual([
      ETA_ASSUMPTIONS.queueMinutes,
      DEMO_STORE.prepMinutes,
      ETA_ASSUMPTIONS.travelBaseMinutes,
      ETA_ASSUMPTIONS.travelPerKmMinutes,
    ]);
  });

  it('describes the order id as core/order-ids.ts makes it: its length, a valid example, and the characters it never uses', () => {
    // Prepare
    const md = docOf(lang, 'order-tracking');

    // Act
    const length = Number(p.idLength.exec(md)![1]);
    const example = p.idExample.exec(md)![1]!;
    const [, list, last] = p.idExcluded.exec(md)!;
    const excluded = [...list!.split(', '), last!];

    // Assess
    expect(length).toBe(newOrderId().length);
    expect(isOrderIdShaped(example)).toBe(true);
    expect(excluded.sort()).toEqual(['0', '1', 'I', 'L', 'O', 'U']);
    for (const c of excluded) expect(isOrderIdShaped(`${example.slice(0, 5)}${c}`), c).toBe(false);
  });

  it("uses the bot's names for the payment methods and for the status after which nothing can be cancelled", () => {
    // Prepare
    const texts = TEXTS[lang];

    // Act
    const payments = docOf(lang, 'payment-methods').toLowerCase();
    const cancel = docOf(lang, 'refunds-and-cancellation');

    // Assess
    for (const label of Object.values(texts.paymentName)) expect(payments, label).toContain(label.toLowerCase());
    expect(cancel).toContain(`"${texts.statusName.OUT_FOR_DELIVERY}"`);
  });
});

describe('knowledge: the two languages pair up', () => {
  it('has every topic in pt-BR and in en, once each, declared in front matter', () => {
    // Act
    const byLang = (lang: Lang) => docs.filter((d) => d.lang === lang);
    const declared = docs.map((d) => splitFrontMatter(d.markdown).meta.topic);

    // Assess
    expect(declared.every((t) => typeof t === 'string' && /^[a-z-]+$/.test(t))).toBe(true);
    const topics = (lang: Lang) =>
      byLang(lang)
        .map((d) => d.topic)
        .sort();
    expect(topics('pt-BR').length).toBeGreaterThanOrEqual(6);
    expect(topics('pt-BR')).toEqual(topics('en'));
    expect(new Set(topics('en')).size).toBe(topics('en').length);
  });

  it('gives each pair the same structure and the same figures', () => {
    for (const topic of new Set(docs.map((d) => d.topic))) {
      // Act
      const [pt, en] = LANGS.map((lang) => docs.find((d) => d.lang === lang && d.topic === topic)!);
      const numbers = (md: string) =>
        matchesOf(splitFrontMatter(md).body, /\d+(?:[.,]\d+)?/g).map((m) => m[0].replace(',', '.'));

      // Assess
      const headings = (md: string) => matchesOf(md, /^(#+) /gm).map((m) => m[1]!.length);
      expect(headings(en!.markdown), topic).toEqual(headings(pt!.markdown));
      expect(numbers(en!.markdown), topic).toEqual(numbers(pt!.markdown));
    }
  });
});
