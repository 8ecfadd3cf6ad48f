// GET /api/catalog's body: the store with whether it takes orders now, its categories and the menu in one language.
import { isAvailable, type Product, type Store } from '../core/catalog.ts';
import type { Lang } from '../core/lang.ts';
import { storeStateAt } from '../core/opening-hours.ts';

/** The store as clients see it: its profile, whether it takes orders now (else when it opens, or until when it is
 * paused), and the kitchen delay staff set, when there is one. */
export function storeView(store: Store, now: Date) {
  const state = storeStateAt(store, now);
  return {
    name: store.name,
    lat: store.lat,
    lon: store.lon,
    deliveryRadiusKm: store.deliveryRadiusKm,
    currency: store.currency,
    timezone: store.timezone,
    open: state.state === 'open',
    ...(state.state === 'closed' && state.opensAt ? { opensAt: state.opensAt.toISOString() } : {}),
    ...(state.state === 'paused' ? { pausedUntil: state.pausedUntil.toISOString() } : {}),
    ...(store.delayMinutes ? { delayMinutes: store.delayMinutes } : {}),
  };
}

/** One menu item in one language: `stock` is null when untracked, `available` false when sold out. */
export function itemView(p: Product, lang: Lang) {
  return {
    sku: p.sku,
    name: p.name[lang],
    category: p.category,
    price: p.price,
    stock: p.stock === null ? null : Math.max(0, p.stock),
    available: isAvailable(p),
  };
}

export function catalogView(store: Store, products: Product[], lang: Lang, now: Date) {
  return {
    store: storeView(store, now),
    categories: store.categories.map((c) => ({ id: c.id, name: c.name[lang] })),
    items: products.map((p) => itemView(p, lang)),
  };
}
