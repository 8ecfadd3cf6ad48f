// Fallbacks: free questions (the assistant when the host gives one), over-long text, edits, stickers and other
// unhandled updates.
import type { NextFunction } from 'grammy';
import { trimHistory } from '../../core/router-contract.ts';
import { type BotContext, sendView } from './bot-context.ts';
import { answerDataIntent, isDataIntent } from './data-intents.ts';
import { button, fallbackKeyboard, inline, mainMenuKeyboard } from './keyboards.ts';
import { listOwnOrders } from './order-intents.ts';
import { MAX_ASSISTANT_TURNS } from './session.ts';

/** An answer that ends by offering a person ("Quer falar com uma pessoa?", "Would you like to talk to a person?"). */
const PERSON_OFFER =
  /(?:falar com (?:uma pessoa|algu[eé]m|a equipe)|talk to (?:a person|someone|our team))[^.!?\n]*\?\s*$/i;
export const offersPerson = (text: string) => PERSON_OFFER.test(text.trim());

/** "sim", "pode", "yes please": a yes to "Quer falar com uma pessoa?". */
const YES =
  /^(?:sim|s|ss|simm+|pode|pode sim|pode ser|quero|quero sim|claro|por favor|sim por favor|isso|ok|yes|y|yeah|yep|yup|sure|please|yes please|ok please|ok pode)[\s!.👍🙏]*$/iu;
export const isYes = (text: string) => YES.test(text.trim());

/** How long a "sim" still answers the offer. */
export const PERSON_OFFER_TTL_MS = 10 * 60_000;

/** Telegram's own limit for a message text; anything longer did not come from a normal client. */
export const MAX_TEXT_CHARS = 4096;

/**
 * A free question. With an assistant (and outside a checkout or a handoff): a grounded answer streamed into the chat.
 * Otherwise, or when the assistant fails or routes to data: an honest "not yet", the menu and a way to a person.
 */
export async function answerFreeQuestion(ctx: BotContext): Promise<void> {
  const { assistant } = ctx.deps;
  const { state } = ctx.conv;
  const question = ctx.message?.text;
  if (assistant && question && ctx.chat && !state.checkout && !state.awaiting && !state.handoff) {
    let answer: Awaited<ReturnType<typeof assistant.answer>> | undefined;
    try {
      const orders = await listOwnOrders(ctx, 5);
      answer = await assistant.answer({
        api: ctx.api,
        chatId: ctx.chat.id,
        chatType: ctx.chat.type,
        lang: ctx.conv.lang,
        customerId: state.profile?.customerId,
        question,
        history: trimHistory(state.history, MAX_ASSISTANT_TURNS),
        orders: orders.map((o) => ({ orderId: o.orderId, status: o.status, createdAt: o.createdAt, total: o.total })),
      });
    } catch (err) {
      ctx.deps.log.warn('telegram: the assistant failed; answering with the fallback', {
        chatKey: ctx.conv.key,
        error: err,
      });
    }
    if (answer?.route === 'rag') {
      const text = answer.text;
      // "Não sei … Quer falar com uma pessoa?": the way to a person is one tap (or a "sim") away.
      const offered = offersPerson(text);
      if (offered)
        await sendView(ctx, {
          text: ctx.conv.t.personOfferPrompt,
          markup: inline([button(ctx.conv.t.buttonHuman, { op: 'human' })]),
        });
      // The answer is already shown: a failure to remember it only costs the follow-up context.
      await ctx.conv
        .update((s) => {
          if (offered) s.personOfferedAt = ctx.deps.orders.clock.now().toISOString();
          else delete s.personOfferedAt;
          s.history = trimHistory(
            [...(s.history ?? []), { role: 'user', text: question }, { role: 'assistant', text }],
            MAX_ASSISTANT_TURNS,
          );
        })
        .catch((err: unknown) =>
          ctx.deps.log.warn('telegram: could not remember the assistant turn', {
            chatKey: ctx.conv.key,
            error: err,
          }),
        );
      return;
    }
    // The router read the question as a data intent the phrase classifier missed (a person, an order's status, …):
    // it is answered from data exactly as if the classifier had seen it.
    if (answer?.route === 'data' && isDataIntent(answer.intent))
      return answerDataIntent(ctx, answer.intent, answer.orderId);
  }
  await sendView(ctx, { text: ctx.conv.t.freeQuestion, markup: fallbackKeyboard(ctx.conv.t) });
}

/** Stops text or captions over the limit before any handler reads them; the answer never echoes the text. */
export async function tooLongGuard(ctx: BotContext, next: NextFunction): Promise<void> {
  const msg = ctx.message;
  const text = msg?.text ?? msg?.caption;
  if (text !== undefined && text.length > MAX_TEXT_CHARS) {
    ctx.deps.log.info('telegram: over-long message refused', { chatKey: ctx.conv.key, length: text.length });
    await sendView(ctx, { text: ctx.conv.t.tooLong(MAX_TEXT_CHARS), markup: mainMenuKeyboard(ctx.conv.t) });
    return;
  }
  return next();
}

/** An edited message is not re-read (it may be an old step); the customer is asked to send it again. */
export async function onEditedMessage(ctx: BotContext): Promise<void> {
  await sendView(ctx, { text: ctx.conv.t.editedMessage });
}

/** The bot was blocked, unblocked, added or removed: nothing to say (a blocked bot cannot write anyway); logged. */
export function onMembershipChange(ctx: BotContext): void {
  const change = ctx.myChatMember ?? ctx.chatMember;
  ctx.deps.log.info('telegram: membership changed', { chatKey: ctx.conv.key, status: change?.new_chat_member.status });
}

/** Stickers, photos, voice notes and any other message the bot does not read: say what it does understand. */
export async function onUnsupportedMessage(ctx: BotContext): Promise<void> {
  await sendView(ctx, { text: ctx.conv.t.unsupportedMessage, markup: mainMenuKeyboard(ctx.conv.t) });
}
