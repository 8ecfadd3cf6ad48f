// "Order again" on a delivered or cancelled order: its items at today's prices (what is sold out is left out and
// named), to the same address and with the same payment, straight to the checkout summary.
import { isAvailable } from '../../core/catalog.ts';
import { quoteDeliveryFee } from '../../core/delivery-fee.ts';
import { isTerminal } from '../../core/order.ts';
import { type BotContext, sendView } from './bot-context.ts';
import { changeView } from './cash-change.ts';
import { paymentsOf, paymentView, summaryView } from './checkout-views.ts';
import { button, contactKeyboard, inline, mainMenuKeyboard } from './keyboards.ts';
import { resolveOwnOrder } from './order-intents.ts';
import { newNonce, touchCart } from './session.ts';
import { currentRefusal } from './store-state.ts';

/** Repeats one of this chat's finished orders into the cart and a checkout that waits for Confirm. */
export async function onOrderAgain(ctx: BotContext, orderId: string): Promise<void> {
  const { t, lang } = ctx.conv;
  const r = await resolveOwnOrder(ctx, orderId);
  if (r.kind !== 'found' || !isTerminal(r.order.status)) {
    await sendView(ctx, { text: t.orderNotFound(orderId), markup: mainMenuKeyboard(t) });
    return;
  }
  const order = r.order;
  const [products, store] = await Promise.all([
    ctx.deps.orders.catalog.listProducts(),
    ctx.deps.orders.catalog.getStore(),
  ]);
  const bySku = new Map(products.map((p) => [p.sku, p]));
  const kept = order.items.filter((l) => {
    const p = bySku.get(l.sku);
    return p && isAvailable(p) && (p.stock === null || p.stock >= l.qty);
  });
  const leftOut = order.items.filter((l) => !kept.includes(l)).map((l) => bySku.get(l.sku)?.name[lang] ?? l.name);
  if (kept.length === 0) {
    await sendView(ctx, {
      text: t.reorderNothing,
      markup: inline([button(t.buttonMenu, { op: 'categories' }), button(t.buttonMainMenu, { op: 'home' })]),
    });
    return;
  }
  const refusal = await currentRefusal(ctx);
  const quote = quoteDeliveryFee(store, order.address);
  const payment = paymentsOf(store).includes(order.payment.method) ? order.payment.method : undefined;
  const stage = await ctx.conv.update((s) => {
    s.cart.lines = kept.map((l) => ({ sku: l.sku, qty: l.qty }));
    touchCart(s);
    delete s.awaiting;
    delete s.checkout;
    if (refusal || !quote.inArea) return 'cart' as const;
    const stage = !s.profile ? 'phone' : !payment ? 'payment' : payment === 'cash' ? 'change' : 'confirm';
    s.checkout = {
      nonce: newNonce(),
      stage,
      address: { ...order.address },
      deliveryFee: quote.fee,
      distanceKm: quote.distanceKm,
      ...(payment ? { payment } : {}),
      ...(order.note ? { note: order.note } : {}),
    };
    if (stage === 'phone') s.awaiting = 'checkout_phone';
    if (stage === 'change') s.awaiting = 'checkout_change';
    return stage;
  });
  const head = [t.reorderIntro, ...(leftOut.length ? [t.reorderLeftOut(t.wordsList(leftOut))] : [])].join('\n');
  if (stage === 'cart') {
    // The shop does not take orders now, or the old address is outside today's area: the cart is ready for later.
    const why = refusal ?? t.outOfArea(quote.distanceKm, store.deliveryRadiusKm);
    await sendView(ctx, {
      text: `${head}\n\n${why}\n${t.cartKept}`,
      markup: inline([button(t.buttonCart(0, 0), { op: 'cart' }), button(t.buttonMainMenu, { op: 'home' })]),
    });
    return;
  }
  if (stage === 'phone') {
    await sendView(ctx, { text: head });
    await sendView(ctx, { text: t.askPhone, markup: contactKeyboard(t) });
    return;
  }
  if (stage === 'change') {
    await sendView(ctx, changeView(ctx, head));
    return;
  }
  if (stage === 'payment') {
    await sendView(ctx, await paymentView(ctx, head));
    return;
  }
  await sendView(ctx, { text: head });
  const summary = await summaryView(ctx);
  if (summary) await sendView(ctx, summary);
}
