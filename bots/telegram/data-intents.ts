// Answers a data intent (order status, ETA, address change, cancel, a person, the menu) from data, whoever classified
// it: the phrase classifier or the assistant router.
import { addressInChangeRequest } from '../../core/address-change-request.ts';
import type { Intent } from '../../core/intent-classifier.ts';
import { type BotContext, sendView } from './bot-context.ts';
import { startHandoff } from './handoff.ts';
import { mainMenuKeyboard } from './keyboards.ts';
import { categoriesView } from './menu-and-cart.ts';
import { showEta, showStatus, startCancel, startChangeAddress } from './order-intents.ts';

export type DataIntent = Exclude<Intent, 'greeting' | 'faq'>;

export const isDataIntent = (intent: Intent): intent is DataIntent => intent !== 'greeting' && intent !== 'faq';

/** `orderId` is only a filter over the chat's own orders (the order handlers check ownership). */
export async function answerDataIntent(ctx: BotContext, intent: DataIntent, orderId: string | null): Promise<void> {
  switch (intent) {
    case 'browse_menu':
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
