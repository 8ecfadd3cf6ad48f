// Turns a shared location or a typed address into a priced delivery address, or tells the customer why not and asks
// again.
import { quoteDeliveryFee } from '../../core/delivery-fee.ts';
import { isValidLatLon } from '../../core/geo.ts';
import type { Address } from '../../core/order.ts';
import { type BotContext, sendView } from './bot-context.ts';
import { locationKeyboard } from './keyboards.ts';

/** Longest address text an order accepts (core/order-request.ts). */
const MAX_ADDRESS_CHARS = 300;
const MAX_SUGGESTIONS = 5;

/** Where a delivery address comes from: a location share (possibly a venue) or what the customer typed. */
export type AddressInput =
  | { kind: 'location'; lat: number; lon: number; venue?: string }
  | { kind: 'text'; text: string };

/** An address inside the delivery area, with the fee quoted from the store's profile. */
export interface QuotedAddress {
  /** What the courier reads: the customer's own words for a typed address (with flat numbers and references). */
  address: Address;
  /** How the geocoder understood a typed address, shown so the customer can spot a wrong match. */
  understoodAs?: string;
  deliveryFee: number;
  distanceKm: number;
}

/** Reads the address out of the current message: a location (or venue) share, or text. */
export function addressInputOf(ctx: BotContext): AddressInput | undefined {
  const msg = ctx.message;
  if (msg?.location) {
    const venue = msg.venue ? [msg.venue.title, msg.venue.address].filter(Boolean).join(', ') : undefined;
    return { kind: 'location', lat: msg.location.latitude, lon: msg.location.longitude, venue: venue || undefined };
  }
  if (typeof msg?.text === 'string') return { kind: 'text', text: msg.text };
  return undefined;
}

/**
 * A shared point in words for the customer, the staff card and the courier: the geocoder's name for the place, else
 * plain "shared location". Never the coordinates (the order keeps those). A geocoder outage only costs the name.
 */
async function sharedLocationText(ctx: BotContext, lat: number, lon: number): Promise<string> {
  const { t, lang } = ctx.conv;
  try {
    const place = await ctx.deps.geocoder.reverse(lat, lon, lang);
    return t.sharedLocationLabel(place.found ? place.label : undefined);
  } catch (err) {
    ctx.deps.log.warn('telegram: reverse geocoder failed', { error: err });
    return t.sharedLocationLabel(undefined);
  }
}

/**
 * Resolves and prices the address. On any failure (not understood, ambiguous, outside the delivery radius) the
 * customer is told why, with the location button and suggestions, and null is returned: the flow stays on this step.
 */
export async function resolveDeliveryAddress(ctx: BotContext, input: AddressInput): Promise<QuotedAddress | null> {
  const { t, lang } = ctx.conv;
  const askAgain = (text: string, suggestions: string[] = []) =>
    sendView(ctx, { text, markup: locationKeyboard(t, suggestions.slice(0, MAX_SUGGESTIONS)) });

  let address: Address;
  let understoodAs: string | undefined;
  if (input.kind === 'location') {
    if (!isValidLatLon(input.lat, input.lon)) {
      await askAgain(t.addressNotUnderstood);
      return null;
    }
    address = {
      text: (input.venue ?? (await sharedLocationText(ctx, input.lat, input.lon))).slice(0, MAX_ADDRESS_CHARS),
      lat: input.lat,
      lon: input.lon,
    };
  } else {
    const text = input.text.trim().replace(/\s+/g, ' ');
    if (text.length > MAX_ADDRESS_CHARS) {
      await askAgain(t.addressNotUnderstood);
      return null;
    }
    let result: Awaited<ReturnType<typeof ctx.deps.geocoder.geocode>>;
    try {
      result = await ctx.deps.geocoder.geocode(text, lang);
    } catch (err) {
      // The geocoder could not answer (Geocoder port: an outage rejects): not the same as an address that does not exist.
      ctx.deps.log.warn('telegram: geocoder failed', { error: err });
      await askAgain(t.addressLookupFailed);
      return null;
    }
    if (!result.found) {
      if (result.reason === 'EMPTY') await askAgain(t.addressEmpty);
      else if (result.reason === 'AMBIGUOUS')
        await askAgain(`${t.addressAmbiguous}\n${t.addressSuggestions}`, result.suggestions);
      else
        await askAgain(
          result.suggestions.length ? `${t.addressNotUnderstood}\n${t.addressSuggestions}` : t.addressNotUnderstood,
          result.suggestions,
        );
      return null;
    }
    address = { text, lat: result.lat, lon: result.lon };
    understoodAs = result.label;
  }

  const store = await ctx.deps.orders.catalog.getStore();
  const quote = quoteDeliveryFee(store, address);
  if (!quote.inArea) {
    await askAgain(t.outOfArea(quote.distanceKm, store.deliveryRadiusKm));
    return null;
  }
  return { address, understoodAs, deliveryFee: quote.fee, distanceKm: quote.distanceKm };
}
