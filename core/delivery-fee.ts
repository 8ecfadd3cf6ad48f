// Delivery fee from the store to a location: base + per-km over the great-circle distance, rounded to centavos.
import type { Store } from './catalog.ts';
import { distanceKm, type LatLon } from './geo.ts';

export interface FeeQuote {
  inArea: boolean;
  /** Rounded to 0.01 km, for display and history. */
  distanceKm: number;
  /** Centavos; 0 when out of area. */
  fee: number;
}

export function quoteDeliveryFee(store: Store, to: LatLon): FeeQuote {
  const km = distanceKm(store, to);
  const rounded = Math.round(km * 100) / 100;
  if (km > store.deliveryRadiusKm) return { inArea: false, distanceKm: rounded, fee: 0 };
  return { inArea: true, distanceKm: rounded, fee: store.fee.baseCents + Math.round(store.fee.perKmCents * km) };
}
