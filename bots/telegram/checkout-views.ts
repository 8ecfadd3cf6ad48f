// The checkout's messages: the optional address details and kitchen note questions, the payment choice (the store's
// methods only) and the order summary.
import { priceCart } from '../../core/cart.ts';
import type { Store } from '../../core/catalog.ts';
import type { PaymentMethod } from '../../core/order.ts';
import { type BotContext, sendView, type View } from './bot-context.ts';
import { button, inline } from './keyboards.ts';
import { cartView } from './menu-and-cart.ts';

/** The order the payment buttons appear in; a store offers some of them (store.payments). */
const PAYMENT_ORDER: readonly PaymentMethod[] = ['pix', 'card', 'cash'];

/** The store's payment methods, in the order the buttons show them. */
export const paymentsOf = (store: Pick<Store, 'payments'>): PaymentMethod[] =>
  PAYMENT_ORDER.filter((m) => store.payments.includes(m));

/** "Complement or landmark?", with a skip button: optional, one question for both. */
export function complementView(ctx: BotContext, prefix?: string): View {
  const { t, state } = ctx.conv;
  const nonce = state.checkout!.nonce;
  return {
    text: prefix ? `${prefix}\n\n${t.askComplement}` : t.askComplement,
    markup: inline(
      [button(t.buttonNoComplement, { op: 'skip', step: 'complement', nonce })],
      [button(t.buttonAbortCheckout, { op: 'abort', nonce })],
    ),
  };
}

/** "A note for the kitchen?", with a skip button. */
export function noteView(ctx: BotContext, prefix?: string): View {
  const { t, state } = ctx.conv;
  const nonce = state.checkout!.nonce;
  return {
    text: prefix ? `${prefix}\n\n${t.askNote}` : t.askNote,
    markup: inline(
      [button(t.buttonNoNote, { op: 'skip', step: 'note', nonce })],
      [button(t.buttonAbortCheckout, { op: 'abort', nonce })],
    ),
  };
}

/** One button per method the store takes; the card stand-in is explained only when card is among them. */
export async function paymentView(ctx: BotContext, prefix?: string): Promise<View> {
  const { t, state } = ctx.conv;
  const nonce = state.checkout!.nonce;
  const methods = paymentsOf(await ctx.deps.orders.catalog.getStore());
  const text = [...(prefix ? [prefix, ''] : []), t.askPayment, ...(methods.includes('card') ? [t.cardStandIn] : [])];
  return {
    text: text.join('\n'),
    markup: inline(
      methods.map((method) => button(t.paymentName[method], { op: 'pay', method, nonce })),
      [button(t.buttonAbortCheckout, { op: 'abort', nonce })],
    ),
  };
}

/** The summary with a Confirm button; undefined (after telling the customer) when stock no longer covers the cart. */
export async function summaryView(ctx: BotContext): Promise<View | undefined> {
  const { t, state, lang } = ctx.conv;
  const c = state.checkout!;
  const priced = priceCart(state.cart.lines, await ctx.deps.orders.catalog.listProducts(), lang);
  if (priced.unavailable.length > 0) {
    await sendView(ctx, { text: t.checkoutUnavailable(priced.unavailable.map((l) => l.name).join(', ')) });
    await sendView(ctx, await cartView(ctx));
    return undefined;
  }
  const text = [
    t.summaryTitle,
    t.summary({
      lines: priced.lines,
      subtotal: priced.subtotal,
      deliveryFee: c.deliveryFee!,
      distanceKm: c.distanceKm!,
      total: priced.subtotal + c.deliveryFee!,
      address: c.address!.text,
      ...(c.address!.complement ? { complement: c.address!.complement } : {}),
      ...(c.address!.reference ? { reference: c.address!.reference } : {}),
      ...(c.note ? { note: c.note } : {}),
      payment: c.payment!,
    }),
    ...(c.payment === 'cash' ? [c.changeFor ? t.summaryChange(c.changeFor) : t.summaryNoChange] : []),
    ...(c.payment === 'card' ? ['', t.cardStandIn] : []),
  ].join('\n');
  return {
    text,
    markup: inline(
      [button(t.buttonConfirmOrder, { op: 'place', nonce: c.nonce })],
      [button(t.buttonAbortCheckout, { op: 'abort', nonce: c.nonce })],
    ),
  };
}
