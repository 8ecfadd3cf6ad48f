// A question typed while the bot waits for an address ("cadê meu pedido?", "quanto fica a entrega?") is answered
// through the bot's usual intent routing, then the address is asked for again, instead of being geocoded.
import { looksLikeStreetAddress } from '../../core/address-change-request.ts';
import { classifyIntent } from '../../core/intent-classifier.ts';
import { CLASSIFIER_CONFIDENCE_THRESHOLD } from '../../core/router-contract.ts';
import { type BotContext, sendView } from './bot-context.ts';
import { abortAwaitingStep } from './checkout.ts';
import { answerDataIntent } from './data-intents.ts';
import { answerFreeQuestion } from './fallback.ts';
import { startHandoff } from './handoff.ts';
import { locationKeyboard } from './keyboards.ts';
import { answerSocial } from './small-talk.ts';

/**
 * True when `text` was something other than an address and has been answered. An address reads as nothing the
 * classifier is sure of ("Rua Xavier da Silveira 50" is a low-confidence faq); a question, a cancel or a request for a
 * person reads clearly. A new address in a change request ("mudar o endereço para …") stays an address.
 */
export async function answeredAtAddressStep(ctx: BotContext, text: string): Promise<boolean> {
  const step = ctx.conv.state.awaiting;
  if (looksLikeStreetAddress(text)) return false;
  const { intent, orderId, confidence } = classifyIntent(text);
  if (confidence < CLASSIFIER_CONFIDENCE_THRESHOLD || intent === 'change_address') return false;
  if (intent === 'cancel_order' && !orderId) {
    await abortAwaitingStep(ctx);
    return true;
  }
  if (intent === 'human_handoff') {
    await startHandoff(ctx, 'asked_in_chat');
    return true;
  }
  if (intent === 'greeting') await answerSocial(ctx, text);
  else if (intent === 'faq') await answerFreeQuestion(ctx);
  else await answerDataIntent(ctx, intent, orderId);
  // The answer may have moved the chat on (a cancel of an order, a new flow): ask again only if it still waits here.
  const { state, t } = ctx.conv;
  if (state.awaiting !== step) return true;
  const prompt =
    step === 'change_address' && state.pending?.kind === 'change_address'
      ? t.backToNewAddress(state.pending.orderId)
      : t.backToAddress;
  await sendView(ctx, { text: prompt, markup: locationKeyboard(t) });
  return true;
}
