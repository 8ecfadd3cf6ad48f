// Change for cash: "Precisa de troco? Para quanto?" after a cash payment, the typed amount checked against the total,
// then on to the kitchen note (or the summary, when the note is already known).
import { priceCart } from '../../core/cart.ts';
import { parseReaisAmount } from '../../core/cash-change.ts';
import { MAX_CHANGE_FOR_CENTS } from '../../core/order-request.ts';
import { type BotContext, editOrSend, sendView, type View } from './bot-context.ts';
import { noteView, summaryView } from './checkout-views.ts';
import { button, inline } from './keyboards.ts';
import { isCheckoutStep } from './session.ts';

/** The change question, with "No change needed" and the checkout's Cancel. */
export function changeView(ctx: BotContext, prefix?: string): View {
  const { t, state } = ctx.conv;
  const nonce = state.checkout!.nonce;
  return {
    text: prefix ? `${prefix}\n\n${t.askChange}` : t.askChange,
    markup: inline(
      [button(t.buttonNoChange, { op: 'nochange', nonce })],
      [button(t.buttonAbortCheckout, { op: 'abort', nonce })],
    ),
  };
}

/** The change step left: to the note step, or straight to the summary when the note came with the order (reorder). */
async function afterChange(ctx: BotContext, changeFor: number | undefined, mode: 'send' | 'edit'): Promise<boolean> {
  const next = await ctx.conv.update((s) => {
    const c = s.checkout;
    if (c?.stage !== 'change' || c.payment !== 'cash') return undefined;
    if (changeFor) c.changeFor = changeFor;
    else delete c.changeFor;
    c.stage = c.note ? 'confirm' : 'note';
    if (c.note) delete s.awaiting;
    else s.awaiting = 'checkout_note';
    return c.stage;
  });
  if (!next) return false;
  const show = mode === 'edit' ? editOrSend : sendView;
  if (next === 'note') await show(ctx, noteView(ctx));
  else {
    const summary = await summaryView(ctx);
    if (summary) await show(ctx, summary);
  }
  return true;
}

/** The amount typed at the change question: reais, at least the order's total. */
export async function onChangeTyped(ctx: BotContext, text: string): Promise<void> {
  const { t, state, lang } = ctx.conv;
  const c = state.checkout;
  if (c?.stage !== 'change') {
    await ctx.conv.update((s) => {
      if (isCheckoutStep(s.awaiting)) delete s.awaiting;
    });
    await sendView(ctx, { text: t.checkoutExpired });
    return;
  }
  const amount = parseReaisAmount(text);
  if (amount === null || amount > MAX_CHANGE_FOR_CENTS) {
    await sendView(ctx, changeView(ctx, t.changeUnreadable));
    return;
  }
  const priced = priceCart(state.cart.lines, await ctx.deps.orders.catalog.listProducts(), lang);
  const total = priced.subtotal + (c.deliveryFee ?? 0);
  if (amount < total) {
    await sendView(ctx, changeView(ctx, t.changeTooLow(total)));
    return;
  }
  if (!(await afterChange(ctx, amount, 'send'))) await sendView(ctx, { text: t.checkoutExpired });
}

/** "No change needed". */
export async function onNoChange(ctx: BotContext, nonce: string): Promise<string | undefined> {
  const c = ctx.conv.state.checkout;
  if (!c || c.nonce !== nonce || !(await afterChange(ctx, undefined, 'edit'))) return ctx.conv.t.checkoutExpired;
  return undefined;
}
