// Menu and cart: categories and items as inline keyboards with prices and stock, quantity changes, and the cart
// summary.

import { checkQuantity, priceCart, quantityOf, setCartQuantity } from '../../core/cart.ts';
import { isAvailable, type Product, type Store } from '../../core/catalog.ts';
import { MAX_QTY_PER_LINE } from '../../core/order-request.ts';
import { type BotContext, editOrSend, sendView, type View } from './bot-context.ts';
import type { CallbackAction } from './callback-data.ts';
import { button, inline, mainMenuKeyboard } from './keyboards.ts';
import { touchCart } from './session.ts';
import { refusalOf } from './store-state.ts';

type QtyAction = Extract<CallbackAction, { op: 'qty' }>;

const productsOf = (ctx: BotContext) => ctx.deps.orders.catalog.listProducts();

function cartButton(ctx: BotContext, products: Product[]) {
  const priced = priceCart(ctx.conv.state.cart.lines, products, ctx.conv.lang);
  return button(ctx.conv.t.buttonCart(priced.itemCount, priced.subtotal), { op: 'cart' });
}

/**
 * What a closed or paused shop says on top of the menu and the cart. A good attendant lets the customer look and
 * fill the cart (a pause lasts minutes; an evening shop is browsed at lunch) but says so first; checkout refuses.
 */
function closedNotice(ctx: BotContext, store: Store): string[] {
  const refusal = refusalOf(ctx, store);
  return refusal ? [refusal, ctx.conv.t.browseWhileClosed, ''] : [];
}

/** The categories that have products, two per row, then the cart. */
export async function categoriesView(ctx: BotContext): Promise<View> {
  const { t } = ctx.conv;
  const [products, store] = await Promise.all([productsOf(ctx), ctx.deps.orders.catalog.getStore()]);
  const present = store.categories.filter((c) => products.some((p) => p.category === c.id));
  const rows = [];
  for (let i = 0; i < present.length; i += 2)
    rows.push(present.slice(i, i + 2).map((c) => button(c.name[ctx.conv.lang], { op: 'category', category: c.id })));
  return {
    text: [...closedNotice(ctx, store), t.categoriesTitle].join('\n'),
    markup: inline(...rows, [cartButton(ctx, products), button(t.buttonMainMenu, { op: 'home' })]),
  };
}

/** One category: each item with its price; a tap adds one. Sold-out items are listed but their button only explains. */
export async function categoryView(ctx: BotContext, category: string): Promise<View> {
  const { t, state } = ctx.conv;
  const [products, store] = await Promise.all([productsOf(ctx), ctx.deps.orders.catalog.getStore()]);
  const categoryName = store.categories.find((c) => c.id === category)?.name[ctx.conv.lang] ?? category;
  const items = products.filter((p) => p.category === category);
  const lines = items.map((p) =>
    t.itemLine(p.name[ctx.conv.lang], p.price, isAvailable(p), quantityOf(state.cart.lines, p.sku)),
  );
  const rows = items.map((p) => {
    const inCart = quantityOf(state.cart.lines, p.sku);
    const label = t.itemButton(p.name[ctx.conv.lang], p.price, isAvailable(p), inCart);
    return [
      isAvailable(p)
        ? button(label, {
            op: 'qty',
            sku: p.sku,
            qty: Math.min(inCart + 1, MAX_QTY_PER_LINE),
            rev: state.cart.rev,
            view: 'menu',
          })
        : button(label, { op: 'soldout', sku: p.sku }),
    ];
  });
  const text = [
    ...closedNotice(ctx, store),
    t.categoryTitle(categoryName),
    '',
    ...(lines.length ? lines : [t.emptyCategory]),
  ].join('\n');
  return {
    text,
    markup: inline(...rows, [button(t.buttonCategories, { op: 'categories' }), cartButton(ctx, products)]),
  };
}

/** The cart with its subtotal; per line: one less, one more, remove. */
export async function cartView(ctx: BotContext): Promise<View> {
  const { t, state, lang } = ctx.conv;
  const [products, store] = await Promise.all([productsOf(ctx), ctx.deps.orders.catalog.getStore()]);
  const priced = priceCart(state.cart.lines, products, lang);
  if (priced.lines.length === 0) {
    return {
      text: [...closedNotice(ctx, store), t.cartEmpty].join('\n'),
      markup: inline([button(t.buttonMenu, { op: 'categories' }), button(t.buttonMainMenu, { op: 'home' })]),
    };
  }
  const rev = state.cart.rev;
  const text = [
    ...closedNotice(ctx, store),
    t.cartTitle,
    ...priced.lines.map((l) => t.cartLine(l.qty, l.name, l.lineTotal, l.available)),
    '',
    t.cartSubtotal(priced.subtotal),
  ].join('\n');
  const rows = priced.lines.map((l) => [
    button(t.buttonMinus, { op: 'qty', sku: l.sku, qty: l.qty - 1, rev, view: 'cart' }),
    button(t.cartLineLabel(l.qty, l.name), { op: 'cart' }),
    button(t.buttonPlus, { op: 'qty', sku: l.sku, qty: Math.min(l.qty + 1, MAX_QTY_PER_LINE), rev, view: 'cart' }),
    button(t.buttonRemove, { op: 'qty', sku: l.sku, qty: 0, rev, view: 'cart' }),
  ]);
  return {
    text,
    markup: inline(
      ...rows,
      [button(t.buttonAddMore, { op: 'categories' }), button(t.buttonClearCart, { op: 'clear', rev })],
      [button(t.buttonCheckout, { op: 'checkout', rev })],
    ),
  };
}

/** A button drawn from an older cart: explain briefly, and show the cart as it is now in a new message. */
export async function answerStaleCart(ctx: BotContext): Promise<string> {
  await sendView(ctx, await cartView(ctx));
  return ctx.conv.t.staleButton;
}

/** Sets one item's quantity (add, one more/less, remove); the revision check makes an old button harmless. */
export async function onQuantity(ctx: BotContext, action: QtyAction): Promise<string | undefined> {
  const { t, lang } = ctx.conv;
  if (action.rev !== ctx.conv.state.cart.rev) return answerStaleCart(ctx);
  const products = await productsOf(ctx);
  const product = products.find((p) => p.sku === action.sku);
  if (action.qty === MAX_QTY_PER_LINE && quantityOf(ctx.conv.state.cart.lines, action.sku) === MAX_QTY_PER_LINE)
    return t.maxPerLine(MAX_QTY_PER_LINE);
  const check = checkQuantity(ctx.conv.state.cart.lines, action.sku, action.qty, product);
  if (!check.ok) {
    switch (check.reason) {
      case 'UNKNOWN_SKU':
        return t.unknownItem;
      case 'UNAVAILABLE':
        return t.unavailable;
      case 'OVER_STOCK':
        return t.onlyLeft(check.stock);
      case 'OVER_LIMIT':
        return t.maxPerLine(check.max);
      case 'TOO_MANY_LINES':
        return t.tooManyLines;
    }
  }
  const applied = await ctx.conv.update((s) => {
    if (s.cart.rev !== action.rev) return false;
    s.cart.lines = setCartQuantity(s.cart.lines, action.sku, action.qty);
    touchCart(s);
    return true;
  });
  if (!applied) return answerStaleCart(ctx);
  const name = product?.name[lang] ?? action.sku;
  if (action.view === 'cart') await editOrSend(ctx, await cartView(ctx));
  else if (product) await editOrSend(ctx, await categoryView(ctx, product.category));
  if (action.qty === 0) return t.removed(name);
  // Added while the shop does not take orders: the notice on the pressed button says so, not only the menu's top.
  const refusal = refusalOf(ctx, await ctx.deps.orders.catalog.getStore());
  return refusal ? `${t.added(name, action.qty)} ${refusal}` : t.added(name, action.qty);
}

/** Empties the cart shown on the pressed message, unless that message is older than the cart. */
export async function onClearCart(ctx: BotContext, rev: string): Promise<string> {
  const applied = await ctx.conv.update((s) => {
    if (s.cart.rev !== rev) return false;
    s.cart.lines = [];
    touchCart(s);
    return true;
  });
  if (!applied) return answerStaleCart(ctx);
  await editOrSend(ctx, await cartView(ctx));
  return ctx.conv.t.cartCleared;
}

/** A sold-out item's button only explains: nothing is added. */
export function onSoldOut(ctx: BotContext): string {
  return ctx.conv.t.unavailable;
}

/** The main menu as a standalone message, for dead ends that should always leave the customer somewhere to go. */
export function mainMenuView(ctx: BotContext): View {
  return { text: ctx.conv.t.mainMenuPrompt, markup: mainMenuKeyboard(ctx.conv.t) };
}
