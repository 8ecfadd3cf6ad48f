// The store file (store.yaml) schema: every field and rule, its conversion into a StorePackage, and its JSON Schema.
import * as z from 'zod';
import { CATEGORY_ID_PATTERN, SKU_PATTERN, type Store, type StorePackage, WEEKDAYS } from './catalog.ts';
import { isTimeZone, parseRange } from './opening-hours.ts';
import { PAYMENT_METHODS } from './order.ts';

/** Reais with at most two decimals, checked on the decimal text so 29.90 passes and 29.999 does not. */
const hasCents = (n: number) => Number.isFinite(n) && /^-?\d+(\.\d{1,2})?$/.test(String(n));
const reais = (what: string) =>
  z
    .number()
    .nonnegative()
    .refine(hasCents, 'at most 2 decimals (reais and centavos)')
    .describe(`${what}, in reais (at most 2 decimals); stored as integer centavos`);
/** Exact conversion: the decimal text, never a float product (0.29 × 100 is 28.999999999999996). */
export const toCents = (reaisValue: number): number => {
  const [whole = '0', frac = ''] = String(reaisValue).split('.');
  return Number(whole) * 100 + Math.sign(reaisValue || 1) * Number(frac.padEnd(2, '0'));
};

const text = z
  .string({ error: (i) => (i.input === undefined ? 'required' : 'must be text') })
  .trim()
  .min(1, 'must not be empty');
const translation = z
  .string({ error: (i) => (i.input === undefined ? 'missing: every text needs pt-BR and en' : 'must be text') })
  .trim()
  .min(1, 'must not be empty');
const localized = z
  .object({ 'pt-BR': translation.describe('Portuguese (Brazil)'), en: translation.describe('English') })
  .strict()
  .describe('the same text in pt-BR and en');

const range = z
  .string()
  .refine(
    (r) => parseRange(r) !== null,
    'expected "HH:MM-HH:MM" (00:00-24:00; an end before the start runs overnight)',
  );
const weekly = z
  .object(
    Object.fromEntries(WEEKDAYS.map((d) => [d, z.array(range).optional()])) as Record<
      (typeof WEEKDAYS)[number],
      z.ZodOptional<z.ZodArray<typeof range>>
    >,
  )
  .strict()
  .describe('weekday (mon..sun) -> "HH:MM-HH:MM" ranges in the store time zone; a missing day or [] is closed');

const slug = z.string().regex(CATEGORY_ID_PATTERN, 'lowercase letters, digits and dashes, at most 24');

export const StoreFileSchema = z
  .object({
    name: text.describe('the shop name customers see'),
    timezone: z.string().refine(isTimeZone, 'not an IANA time zone').describe('IANA time zone, e.g. America/Sao_Paulo'),
    location: z
      .object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) })
      .strict()
      .describe('where the kitchen is: the delivery radius and fee count from here'),
    country: z
      .string()
      .regex(/^[A-Z]{3}$/, 'ISO 3166-1 alpha-3, e.g. BRA')
      .optional()
      .describe('country the geocoder favours; BRA when unset'),
    phone: z
      .string()
      .regex(/^\+[1-9]\d{7,14}$/, 'international format, e.g. +5511912345678')
      .optional()
      .describe('offered when no person can answer in chat'),
    prepMinutes: z.number().int().min(0).max(240).describe('kitchen time used by the ETA, in minutes'),
    stageOverdueMinutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .optional()
      .describe('minutes a delivery stage may wait before the team is alerted; 30 when unset'),
    hours: weekly,
    teamHours: weekly.optional().describe('when the team answers in chat; the shop hours when unset'),
    delivery: z
      .object({
        radiusKm: z.number().positive('must be more than 0').max(100).describe('delivery radius in km'),
        fee: z.object({ base: reais('fixed part'), perKm: reais('per km of distance') }).strict(),
      })
      .strict(),
    payments: z
      .array(z.enum(PAYMENT_METHODS as ['card', 'pix', 'cash']))
      .min(1, 'list at least one payment method')
      .refine((p) => new Set(p).size === p.length, 'a method is listed twice')
      .describe('accepted payment methods: pix, card, cash'),
    categories: z
      .array(z.object({ id: slug, name: localized }).strict())
      .min(1, 'list at least one category')
      .describe('menu sections, in menu order'),
    items: z
      .array(
        z
          .object({
            sku: z.string().regex(SKU_PATTERN, 'uppercase letters, digits and dashes, at most 24'),
            category: slug.describe('a category id above'),
            name: localized,
            price: reais('unit price').refine((p) => p > 0, 'must be more than 0'),
            stock: z
              .number()
              .int()
              .nonnegative()
              .optional()
              .describe('initial stock of a new item; omitted means not tracked (always available)'),
            allergens: z.array(text).optional(),
            synonyms: z
              .array(text)
              .max(20)
              .optional()
              .describe(
                'other names customers type for the item ("calabresa", "refri"), matched in orders typed in words',
              ),
          })
          .strict(),
      )
      .min(1, 'list at least one item'),
  })
  .strict()
  .strict();
export type StoreFile = z.input<typeof StoreFileSchema>;

/** One problem in a store folder, located for `file:line: field: message`. */
export interface StoreProblem {
  /** Dotted path into the file, e.g. items.2.price. */
  field: string;
  message: string;
  path: (string | number)[];
}

/** Validates parsed YAML; the problems carry paths the folder reader turns into lines. */
export function parseStoreFile(
  data: unknown,
): { ok: true; pkg: StorePackage } | { ok: false; problems: StoreProblem[] } {
  const res = StoreFileSchema.safeParse(data);
  const problems: StoreProblem[] = [
    ...(res.success ? [] : res.error.issues).map((i) => ({
      path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
      field: i.path.join('.') || '(file)',
      message: i.message,
    })),
    ...crossChecks(data),
  ];
  if (!res.success || problems.length) return { ok: false, problems };
  const f = res.data;
  const store: Store = {
    name: f.name,
    lat: f.location.lat,
    lon: f.location.lon,
    deliveryRadiusKm: f.delivery.radiusKm,
    currency: 'BRL',
    fee: { baseCents: toCents(f.delivery.fee.base), perKmCents: toCents(f.delivery.fee.perKm) },
    timezone: f.timezone,
    hours: f.hours,
    prepMinutes: f.prepMinutes,
    payments: f.payments,
    categories: f.categories,
    ...(f.teamHours ? { teamHours: f.teamHours } : {}),
    ...(f.phone ? { phone: f.phone } : {}),
    ...(f.country ? { country: f.country } : {}),
    ...(f.stageOverdueMinutes ? { stageOverdueMinutes: f.stageOverdueMinutes } : {}),
  };
  const products = f.items.map((i) => ({
    sku: i.sku,
    name: i.name,
    category: i.category,
    price: toCents(i.price),
    stock: i.stock ?? null,
    ...(i.allergens ? { allergens: i.allergens } : {}),
    ...(i.synonyms?.length ? { synonyms: i.synonyms } : {}),
  }));
  return { ok: true, pkg: { store, products } };
}

/**
 * Rules across fields (duplicate ids and skus, an item in an unknown category), run on the raw data even when the
 * schema fails elsewhere, so one `store check` lists every problem.
 */
function crossChecks(data: unknown): StoreProblem[] {
  const out: StoreProblem[] = [];
  const add = (path: (string | number)[], message: string) => out.push({ path, field: path.join('.'), message });
  const file = (data ?? {}) as { categories?: unknown; items?: unknown };
  const categories = Array.isArray(file.categories) ? (file.categories as { id?: unknown }[]) : [];
  const items = Array.isArray(file.items) ? (file.items as { sku?: unknown; category?: unknown }[]) : [];
  const ids = new Set<unknown>();
  categories.forEach((c, i) => {
    if (c?.id === undefined) return;
    if (ids.has(c.id)) add(['categories', i, 'id'], `duplicate id ${String(c.id)}`);
    ids.add(c.id);
  });
  const skus = new Set<unknown>();
  items.forEach((item, i) => {
    if (item?.sku !== undefined) {
      if (skus.has(item.sku)) add(['items', i, 'sku'], `duplicate sku ${String(item.sku)}`);
      skus.add(item.sku);
    }
    if (item?.category !== undefined && categories.length && !ids.has(item.category))
      add(['items', i, 'category'], `unknown category ${String(item.category)} (known: ${[...ids].join(', ')})`);
  });
  return out;
}

/** The published JSON Schema (stores/store.schema.json), generated from the same zod schema. */
export function storeJsonSchema(): unknown {
  return {
    ...z.toJSONSchema(StoreFileSchema, { io: 'input', unrepresentable: 'any' }),
    $id: 'https://github.com/delivery-assistant/delivery-assistant/stores/store.schema.json',
    title: 'Delivery Assistant store (store.yaml)',
  };
}
