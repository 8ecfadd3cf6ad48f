// Store, category and product types: what a store package (stores/<name>/store.yaml) becomes once validated.
import type { PaymentMethod } from './order.ts';

/** A text in both customer languages. */
export interface LocalizedText {
  'pt-BR': string;
  en: string;
}

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
/** Weekday → "HH:MM-HH:MM" ranges in the store's time zone; a missing day or [] is closed. An end before its start
 * runs past midnight ("18:00-02:00"); "24:00" is the end of the day. */
export type WeeklyHours = Partial<Record<Weekday, string[]>>;

/** A sku and a category id fit a Telegram button's 64-byte callback data with room for the rest. */
export const SKU_PATTERN = /^[A-Z0-9][A-Z0-9-]{0,23}$/;
export const CATEGORY_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,23}$/;

export interface Category {
  id: string;
  name: LocalizedText;
}

export interface Store {
  name: string;
  lat: number;
  lon: number;
  deliveryRadiusKm: number;
  currency: 'BRL';
  /** Delivery fee = base + perKm × distance, in centavos. */
  fee: { baseCents: number; perKmCents: number };
  /** The store's phone, offered to a customer when no person is available in chat. */
  phone?: string;
  /** How long a delivery stage may wait for staff before the team is alerted (STAGE_OVERDUE); 30 when unset. */
  stageOverdueMinutes?: number;
  /** IANA time zone the hours are written in, e.g. America/Sao_Paulo. */
  timezone: string;
  /** When the shop takes orders. */
  hours: WeeklyHours;
  /** When the team answers in chat; the shop's hours when unset. */
  teamHours?: WeeklyHours;
  /** Kitchen time the ETA counts, in minutes. */
  prepMinutes: number;
  payments: PaymentMethod[];
  categories: Category[];
  /** ISO 3166-1 alpha-3 country the geocoder is biased to; BRA when unset. */
  country?: string;
  /** Live state, never from the file: orders are paused until this instant (ISO 8601). */
  pausedUntil?: string;
  /** Live state, never from the file: minutes the kitchen runs late, added to every ETA. */
  delayMinutes?: number;
}

export interface Product {
  sku: string;
  name: LocalizedText;
  /** A category id of the store. */
  category: string;
  /** Unit price in centavos. */
  price: number;
  /** Units on hand (holds already taken out); null when the store does not track this item (always available). */
  stock: number | null;
  allergens?: string[];
  /** Other names customers type for it ("calabresa", "refri"): an order typed in words matches them too. */
  synonyms?: string[];
}

/** A whole store as a store folder describes it: the profile and the menu. */
export interface StorePackage {
  store: Store;
  products: Product[];
}

/** What applying a store package changed: counted so `store push` and the start-up banner can say so. */
export interface StoreApplyResult {
  added: number;
  updated: number;
  /** Items in the table that the file no longer lists: hidden from the menu, their holds kept. */
  retired: number;
  restocked: number;
}

/** The store's phone, when its profile has one: the honest "call us" line needs it. */
export function storePhoneOf(store: Store): string | undefined {
  const phone: unknown = store.phone;
  return typeof phone === 'string' && phone.trim() ? phone.trim() : undefined;
}

/** True when the item can be sold now: untracked, or with units left. */
export const isAvailable = (p: Pick<Product, 'stock'>): boolean => p.stock === null || p.stock > 0;

export const DEFAULT_STAGE_OVERDUE_MINUTES = 30;
/** The store's overdue threshold in seconds, as the workflow's heartbeat takes it. */
export const stageHeartbeatSeconds = (store: Pick<Store, 'stageOverdueMinutes'>) =>
  Math.max(1, Math.round((store.stageOverdueMinutes ?? DEFAULT_STAGE_OVERDUE_MINUTES) * 60));
