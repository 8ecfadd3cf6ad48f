// An order typed in plain words: the items it names go into the cart, the cart is shown with "close the order?",
// ambiguous items are asked back with a button per candidate, and names the menu lacks are said.
import { checkQuantity, priceCart, quantityOf, setCartQuantity } from '../../core/cart.ts';
import type { Product } from '../../core/catalog.ts';
import { readOrderPhrase } from '../../core/order-phrase.ts';
import { type BotContext, dropButtons, sendView, type View } from './bot-context.ts';
import type { CallbackAction } from './callback-data.ts';
import { button, inline } from './keyboards.ts';
import { categoriesView } from './menu-and-cart.ts';
import { newNonce, touchCart } from './session.ts';
import { refusalOf } from './store-state.ts';

/** Pressed candidate nonces remembered per chat. */
const MAX_PICKED = 20;

type PickAction = Extract<CallbackAction, { op: 'pick' }>;

/** What adding one item said: added, or why not. */
type AddOutcome = { added: true; product: Product; qty: number } | { added: false; sentence: string };

/** Adds `qty` of each product to the cart, each checked against stock and limits; one session write. */
async function addToCart(ctx: BotContext, wanted: { product: Product; qty: number }[]): Promise<AddOutcome[]> {
  const { t, lang } = ctx.conv;
  return ctx.conv.update((s) => {
    const outcomes: AddOutcome[] = [];
    for (const { product, qty } of wanted) {
      const name = product.name[lang];
      const target = quantityOf(s.cart.lines, product.sku) + qty;
      const check = checkQuantity(s.cart.lines, product.sku, target, product);
      if (check.ok) {
        s.cart.lines = setCartQuantity(s.cart.lines, product.sku, target);
        outcomes.push({ added: true, product, qty });
        continue;
      }
      const sentence =
        check.reason === 'OVER_STOCK'
          ? t.wordsOnlyLeft(name, check.stock)
          : check.reason === 'OVER_LIMIT'
            ? t.wordsOverLimit(name, check.max)
            : check.reason === 'TOO_MANY_LINES'
              ? t.wordsCartFull
              : t.wordsSoldOut(name);
      outcomes.push({ added: false, sentence });
    }
    if (outcomes.some((o) => o.added)) touchCart(s);
    return outcomes;
  });
}

/** "Adicionei 1× Pizza de calabresa e 2× Guaraná lata.", the reasons for what was not added, and what we lack. */
function outcomeLines(ctx: BotContext, outcomes: AddOutcome[], unknown: string[] = []): string[] {
  const { t, lang } = ctx.conv;
  const added = outcomes.flatMap((o) => (o.added ? [t.wordsItem(o.qty, o.product.name[lang])] : []));
  return [
    ...(added.length ? [t.wordsAdded(t.wordsList(added))] : []),
    ...outcomes.flatMap((o) => (o.added ? [] : [o.sentence])),
    ...(unknown.length ? [t.wordsUnknown(t.wordsList(unknown))] : []),
  ];
}

/** The cart as it is now, under the sentences, with "close the order?" and its buttons. */
async function confirmView(ctx: BotContext, head: string[]): Promise<View> {
  const { t, state, lang } = ctx.conv;
  const [products, store] = await Promise.all([
    ctx.deps.orders.catalog.listProducts(),
    ctx.deps.orders.catalog.getStore(),
  ]);
  const priced = priceCart(state.cart.lines, products, lang);
  const refusal = refusalOf(ctx, store);
  const text = [
    ...head,
    '',
    t.cartTitle,
    ...priced.lines.map((l) => t.cartLine(l.qty, l.name, l.lineTotal, l.available)),
    t.cartSubtotal(priced.subtotal),
    '',
    ...(refusal ? [refusal] : []),
    t.wordsConfirm,
  ].join('\n');
  return {
    text,
    markup: inline(
      [button(t.buttonCheckout, { op: 'checkout', rev: state.cart.rev })],
      [
        button(t.buttonAddMore, { op: 'categories' }),
        button(t.buttonCart(priced.itemCount, priced.subtotal), { op: 'cart' }),
      ],
    ),
  };
}

/** The words all candidates' names start with ("Açaí", "Pizza"), lower-cased, to ask "which pizza?"; '' if none. */
function commonLead(names: string[]): string {
  const split = names.map((n) => n.split(' '));
  const lead: string[] = [];
  for (let i = 0; split.every((w) => w[i] !== undefined && w[i] === split[0]![i]); i++) lead.push(split[0]![i]!);
  return lead.join(' ').toLocaleLowerCase();
}

/**
 * Reads `text` as an order in words and answers it. False when it is not one (a question about an item, a phrase
 * with no ordering verb and no quantity): the caller answers it as before.
 */
export async function tryOrderInWords(ctx: BotContext, text: string): Promise<boolean> {
  const { t, lang } = ctx.conv;
  const products = await ctx.deps.orders.catalog.listProducts();
  const phrase = readOrderPhrase(text, products);
  if (!phrase) return false;
  const outcomes = await addToCart(ctx, phrase.picks);
  const head = outcomeLines(ctx, outcomes, phrase.unknown);
  const anyAdded = outcomes.some((o) => o.added);
  if (phrase.ambiguous.length === 0) {
    if (ctx.conv.state.cart.lines.length > 0) await sendView(ctx, await confirmView(ctx, head));
    else {
      const menu = await categoriesView(ctx);
      await sendView(ctx, { text: [...head, t.wordsNothingAdded].join('\n'), markup: menu.markup });
    }
    return true;
  }
  if (head.length > 0) await sendView(ctx, { text: head.join('\n') });
  for (const a of phrase.ambiguous) {
    const nonce = newNonce();
    const lead = commonLead(a.candidates.map((p) => p.name[lang]));
    await sendView(ctx, {
      text: lead ? t.wordsWhich(lead, a.qty) : t.wordsWhichOne(a.qty),
      markup: inline(
        ...a.candidates.map((p) => [
          button(t.itemButton(p.name[lang], p.price, p.stock === null || p.stock > 0, 0), {
            op: 'pick',
            sku: p.sku,
            qty: a.qty,
            nonce,
          }),
        ]),
      ),
    });
  }
  ctx.deps.log.info('telegram: order in words', { chatKey: ctx.conv.key, added: anyAdded });
  return true;
}

/** A candidate pressed: added once per question (the nonce), then the cart and "close the order?". */
export async function onPick(ctx: BotContext, a: PickAction): Promise<string | undefined> {
  const { t } = ctx.conv;
  if (ctx.conv.state.picked?.includes(a.nonce)) return t.wordsPickUsed;
  const product = (await ctx.deps.orders.catalog.listProducts()).find((p) => p.sku === a.sku);
  if (!product) return t.unknownItem;
  await ctx.conv.update((s) => {
    s.picked = [a.nonce, ...(s.picked ?? []).filter((n) => n !== a.nonce)].slice(0, MAX_PICKED);
  });
  const outcomes = await addToCart(ctx, [{ product, qty: a.qty }]);
  await dropButtons(ctx);
  await sendView(ctx, await confirmView(ctx, outcomeLines(ctx, outcomes)));
  return undefined;
}
