// Answers a data intent (order status, ETA, address change, cancel, a person, the menu) from data, whoever classified
// it: the phrase classifier or the assistant router.
import { addressInChangeRequest } from '../../core/address-change-request.ts';
import type { Intent } from '../../core/intent-classifier.ts';
import { normalizeText } from '../../core/text-normalization.ts';
import { type BotContext, sendView } from './bot-context.ts';
import { startHandoff } from './handoff.ts';
import { mainMenuKeyboard } from './keyboards.ts';
import { categoriesView, categoryView } from './menu-and-cart.ts';
import { showEta, showStatus, startCancel, startChangeAddress } from './order-intents.ts';

export type DataIntent = Exclude<Intent, 'greeting' | 'faq'>;

export const isDataIntent = (intent: Intent): intent is DataIntent => intent !== 'greeting' && intent !== 'faq';

/** `orderId` is only a filter over the chat's own orders (the order handlers check ownership). */
export async function answerDataIntent(ctx: BotContext, intent: DataIntent, orderId: string | null): Promise<void> {
  switch (intent) {
    case 'browse_menu': {
      // "quais sabores de pizza vcs tem?": the one category named is shown at once, with its items and prices.
      const named = await namedCategory(ctx);
      return sendView(ctx, named ? await categoryView(ctx, named) : await categoriesView(ctx));
    }
    case 'place_order':
      return sendView(ctx, await categoriesView(ctx));
    case 'order_status':
      return showStatus(ctx, orderId);
    case 'delivery_eta':
      return showEta(ctx, orderId);
    case 'change_address':
      // "quero mudar o endereço para Rua X 50": the address given goes straight to the new fee.
      return startChangeAddress(ctx, orderId, addressInChangeRequest(ctx.message?.text));
    case 'cancel_order':
      // "cancel" during a checkout (and about no particular order) means the checkout.
      if (!orderId && ctx.conv.state.checkout) {
        await ctx.conv.update((s) => {
          delete s.checkout;
        });
        return sendView(ctx, { text: ctx.conv.t.checkoutAborted, markup: mainMenuKeyboard(ctx.conv.t) });
      }
      return startCancel(ctx, orderId);
    case 'human_handoff':
      return startHandoff(ctx, 'asked_in_chat');
  }
}

/** Words of a category's names ("🍕 Pizzas" → "pizzas"), accent-free, 4+ letters. */
const categoryWords = (names: string[]) =>
  names.flatMap((n) => normalizeText(n).split(' ')).filter((w) => /^[a-z]{4,}$/.test(w));

/** Same word, or a plural/singular of it ("pizza"/"pizzas", "bebida"/"bebidas"). */
const sameWord = (a: string, b: string) => a === b || a === `${b}s` || b === `${a}s`;

/** The one category whose name the message uses, if exactly one is named. */
async function namedCategory(ctx: BotContext): Promise<string | undefined> {
  const words = normalizeText(ctx.message?.text ?? '').split(' ');
  const store = await ctx.deps.orders.catalog.getStore();
  const named = store.categories.filter((c) =>
    categoryWords([...Object.values(c.name), c.id]).some((cw) => words.some((w) => sameWord(w, cw))),
  );
  return named.length === 1 ? named[0]!.id : undefined;
}
