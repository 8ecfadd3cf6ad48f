// What the shop can say about delivering to a neighbourhood the customer names: served, served in part (its centroid
// is near the radius) or not, with the fee at its centroid. Pure; the place comes from the geocoder.
import type { Store } from './catalog.ts';
import { quoteDeliveryFee } from './delivery-fee.ts';
import { distanceKm, type LatLon } from './geo.ts';
import { formatMoney, type Lang } from './lang.ts';

/** A neighbourhood's centroid is good to about this much, so within it of the radius the exact address decides. */
export const CENTROID_UNCERTAINTY_KM = 1;

export type AreaVerdict = 'served' | 'edge' | 'not-served';

/** Served when the centroid is a kilometre or more inside the radius, not served a kilometre or more outside it. */
export function areaVerdict(store: Store, place: LatLon): AreaVerdict {
  const km = distanceKm(store, place);
  if (km <= store.deliveryRadiusKm - CENTROID_UNCERTAINTY_KM) return 'served';
  if (km <= store.deliveryRadiusKm + CENTROID_UNCERTAINTY_KM) return 'edge';
  return 'not-served';
}

/** The heading the answer is cited by ("Fonte: Entrega por bairro"). */
export const AREA_ANSWER_TITLE: Record<Lang, string> = {
  'pt-BR': 'Entrega por bairro',
  en: 'Delivery by neighbourhood',
};

const km = (n: number, lang: Lang, digits: number) =>
  new Intl.NumberFormat(lang === 'en' ? 'en-US' : 'pt-BR', { maximumFractionDigits: digits }).format(n);

// One sentence each: the offline answer quotes a passage's best sentence, and the fee must come with the verdict.
const TEXTS: Record<Lang, Record<AreaVerdict, (name: string, km: string, fee: string, radius: string) => string>> = {
  'pt-BR': {
    served: (name, d, fee) =>
      `${name}: sim, entregamos, a cerca de ${d} km da loja, com taxa de entrega em torno de ${fee} (o valor exato aparece no resumo do pedido).`,
    edge: (name, _d, _fee, r) =>
      `${name}: entregamos em parte do bairro, conforme o endereço exato, porque ele fica perto do limite de ${r} km da loja; ao fechar o pedido, calculamos a distância e a taxa pelo endereço.`,
    'not-served': (name, d, _fee, r) =>
      `${name}: não entregamos, porque fica a cerca de ${d} km da loja, fora do nosso raio de ${r} km.`,
  },
  en: {
    served: (name, d, fee) =>
      `${name}: yes, we deliver there, about ${d} km from the shop, with a delivery fee of about ${fee} (the exact fee shows in the order summary).`,
    edge: (name, _d, _fee, r) =>
      `${name}: we deliver to part of it, depending on the exact address, as it sits near the edge of our ${r} km radius; at checkout, we work out the distance and the fee from the address.`,
    'not-served': (name, d, _fee, r) =>
      `${name}: we do not deliver there, as it is about ${d} km from the shop, outside our ${r} km radius.`,
  },
};

/** One sentence a customer can read: whether the shop delivers to `name` and, if it does, about what fee. */
export function deliveryAreaAnswer(store: Store, place: LatLon & { name: string }, lang: Lang): string {
  const verdict = areaVerdict(store, place);
  const quote = quoteDeliveryFee(store, place);
  const fee = formatMoney(quote.fee, lang);
  const distance = km(quote.distanceKm, lang, verdict === 'not-served' ? 0 : 1);
  return TEXTS[lang][verdict](place.name, distance, fee, km(store.deliveryRadiusKm, lang, 1));
}
