// The one table of intents: where each is answered (from data or from the store's knowledge), whether it is about the
// customer's own order, and how a question about an order intent is settled when the customer has no open order.
import type { Intent } from './intent-classifier.ts';
import { isTerminal, ORDER_STATUSES, type OrderStatus } from './order.ts';
import { normalizeText } from './text-normalization.ts';

export interface IntentRow {
  /** 'data': answered from the store's data or the customer's orders; 'rag': from the store's knowledge. */
  route: 'data' | 'rag';
  /** True when the answer is about one of the customer's own orders (read from the verified chat identity). */
  ownOrder: boolean;
}

/**
 * Every intent the phrase rules and the router's cheap classifier can choose. Additive: a new intent adds its row here
 * (a test checks that every intent of INTENTS has one).
 */
export const INTENT_TABLE: Readonly<Record<Intent, IntentRow>> = {
  greeting: { route: 'rag', ownOrder: false },
  faq: { route: 'rag', ownOrder: false },
  browse_menu: { route: 'data', ownOrder: false },
  place_order: { route: 'data', ownOrder: false },
  human_handoff: { route: 'data', ownOrder: false },
  order_status: { route: 'data', ownOrder: true },
  delivery_eta: { route: 'data', ownOrder: true },
  change_address: { route: 'data', ownOrder: true },
  cancel_order: { route: 'data', ownOrder: true },
};

const isStatus = (s: string): s is OrderStatus => (ORDER_STATUSES as readonly string[]).includes(s);

/** True when one of the orders (the caller's own summaries) is still in progress. */
export const hasOpenOrder = (orders: readonly { status: string }[]): boolean =>
  orders.some((o) => isStatus(o.status) && !isTerminal(o.status));

// "my order", "meu pedido": the customer speaks of their own order.
const POSSESSIVE = /\b(?:meu|minha|meus|minhas|my|mine|our|nosso|nossa)\b/;
// Policy shapes: the average, the usual, the hypothetical ("posso…", "can I…", "se eu…", "after ordering").
const POLICY =
  /\b(?:em media|na media|media|normalmente|geralmente|costuma|costumam|usually|usual|on average|average|typically|normally|in general|em geral|posso|pode|podem|da pra|da para|tem como|consigo|can i|could i|is it possible|do you|se eu|se (?:o|a|meu|minha)|if (?:i|my|the)|(?:do|will|would|am) i|depois de|depois que|after (?:ordering|i order|placing)|antes de|before|como funciona|how does|how do|qual (?:e )?a politica|policy|politica|onde (?:eu )?(?:acho|vejo|encontro|consigo ver|fica)|where (?:do|can|would) i|consegue|conseguem|can (?:he|she|they|someone|anyone)|alguem (?:mais )?(?:consegue|pode)|someone else|anyone else|will (?:the|it|they)|(?:em|in) (?:que|qual|which|what) (?:lingua|idioma|language)|which language|what language)\b/;

/**
 * The intent to answer, once the customer's orders are known. An order intent from a customer with no open order
 * answers the policy (from the knowledge) unless the message is plainly about their own order ("cadê meu pedido?", an
 * order id): "em média quantos minutos leva?" gets the kitchen time and the distance, not "no orders yet". With an
 * open order, the order intent stands: that order's ETA, status, address or cancellation.
 */
export function settleIntent(
  intent: Intent,
  message: string,
  opts: { orderId: string | null; openOrder: boolean },
): Intent {
  if (!INTENT_TABLE[intent].ownOrder || opts.openOrder || opts.orderId) return intent;
  const text = normalizeText(message);
  const aboutTheirOrder = POSSESSIVE.test(text) && !POLICY.test(text);
  return aboutTheirOrder ? intent : 'faq';
}
