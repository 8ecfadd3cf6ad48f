// The Telegram conversation as a grammY bot: error boundary → session → guards → commands, buttons and messages → core
// use cases.
import { Bot, type BotConfig, type NextFunction } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import { classifyIntent } from '../../core/intent-classifier.ts';
import { hasOpenOrder, INTENT_TABLE, settleIntent } from '../../core/intent-routing.ts';
import { addressInputOf } from './address-input.ts';
import { answeredAtAddressStep } from './address-step-questions.ts';
import { type BotContext, editOrSend, sendView, type TelegramBotDeps } from './bot-context.ts';
import { type CallbackAction, parseCallback } from './callback-data.ts';
import { onChangeTyped, onNoChange } from './cash-change.ts';
import {
  abortAwaitingStep,
  onAbortCheckout,
  onCheckout,
  onCheckoutAddress,
  onCheckoutContact,
  onComplementTyped,
  onNoteTyped,
  onPayment,
  onPhoneTyped,
  onPlaceOrder,
  onSkipStep,
} from './checkout.ts';
import { onPhoto } from './complaint.ts';
import { answerDataIntent } from './data-intents.ts';
import {
  answerFreeQuestion,
  isYes,
  onEditedMessage,
  onMembershipChange,
  onUnsupportedMessage,
  PERSON_OFFER_TTL_MS,
  tooLongGuard,
} from './fallback.ts';
import { endHandoff, handoffGate, startHandoff } from './handoff.ts';
import { mainMenuKeyboard, removeKeyboard } from './keyboards.ts';
import { cartView, categoriesView, categoryView, onClearCart, onQuantity, onSoldOut } from './menu-and-cart.ts';
import { onPick, tryOrderInWords } from './order-in-words.ts';
import {
  listOwnOrders,
  onChangeAddressInput,
  onConfirmPending,
  onDeclinePending,
  showEta,
  showMyOrders,
  showStatus,
  startCancel,
  startChangeAddress,
} from './order-intents.ts';
import { onOrderLink } from './order-link.ts';
import { onNewPix, onPaid, onShowPix } from './payment-actions.ts';
import { onOrderAgain } from './reorder.ts';
import { ChatConversation, isCheckoutStep } from './session.ts';
import { answerSocial } from './small-talk.ts';
import { onLangChosen, onLangCommand, onStart, showHelp, showHome } from './start-and-language.ts';
import { langFromTelegram, TEXTS } from './telegram-texts.ts';
import { malformedField } from './telegram-update.ts';
import { onVoiceNote } from './voice-note.ts';

export type { BotContext, TelegramBotDeps } from './bot-context.ts';

/**
 * Builds the bot without starting it: the same object serves long polling locally (`bot.start()`) and webhook mode
 * (`bot.handleUpdate(update)` per chat, in order). No update handled here ever rejects: failures are logged and the
 * customer is told something went wrong, in their language.
 */
export function createTelegramBot(
  token: string,
  deps: TelegramBotDeps,
  options: { apiRoot?: string; botInfo?: UserFromGetMe } = {},
): Bot {
  const config: BotConfig<BotContext> = {};
  if (options.botInfo) config.botInfo = options.botInfo;
  if (options.apiRoot) config.client = { apiRoot: options.apiRoot };
  const bot = new Bot<BotContext>(token, config);

  // Polling calls bot.catch; webhook mode calls handleUpdate directly, so the boundary below is what actually holds.
  bot.catch((err) => reportFailure(err.ctx, err.error, deps));
  bot.use(async (ctx, next) => {
    try {
      await next();
    } catch (err) {
      await reportFailure(ctx, err, deps);
    }
  });
  bot.use(async (ctx, next) => {
    const field = malformedField(ctx.update);
    if (field === undefined) return next();
    deps.log.info('telegram: malformed update dropped', { updateId: ctx.update.update_id, field });
  });
  bot.use(async (ctx, next) => attachConversation(ctx, next, deps));

  bot.on(['my_chat_member', 'chat_member'], (ctx) => onMembershipChange(ctx));
  bot.use(handoffGate);
  bot.on('edited_message', (ctx) => onEditedMessage(ctx));
  bot.use(tooLongGuard);

  // `/start <token>` is what Telegram sends when the customer opens an order's link (https://t.me/<bot>?start=<token>).
  bot.command('start', async (ctx) => {
    await leaveAwaitingStep(ctx);
    const payload = typeof ctx.match === 'string' ? ctx.match.trim() : '';
    if (payload) await onOrderLink(ctx, payload);
    else await onStart(ctx);
  });
  bot.command('lang', (ctx) => onLangCommand(ctx));
  bot.command('menu', async (ctx) => {
    await leaveAwaitingStep(ctx);
    await sendView(ctx, await categoriesView(ctx));
  });
  bot.command('cart', async (ctx) => {
    await leaveAwaitingStep(ctx);
    await sendView(ctx, await cartView(ctx));
  });
  bot.command('orders', (ctx) => showMyOrders(ctx));
  bot.command('help', (ctx) => showHelp(ctx));

  bot.on('callback_query:data', (ctx) => onCallback(ctx));
  bot.on('callback_query', (ctx) => ctx.answerCallbackQuery());
  bot.on('message:location', (ctx) => onLocation(ctx));
  bot.on('message:contact', (ctx) => onContact(ctx));
  bot.on('message:text', (ctx) => onText(ctx));
  bot.on(['message:voice', 'message:audio'], (ctx) => onVoiceNote(ctx, () => onText(ctx)));
  bot.on('message:photo', (ctx) => onPhoto(ctx));
  bot.on('message', (ctx) => onUnsupportedMessage(ctx));
  // Callers see a plain Bot: the session middleware above is what turns each Context into a BotContext.
  return bot as unknown as Bot;
}

/** Loads this chat's session. Updates without a chat (inline queries, polls) and group chats stop here. */
async function attachConversation(ctx: BotContext, next: NextFunction, deps: TelegramBotDeps): Promise<void> {
  const chat = ctx.chat;
  if (!chat) return;
  if (chat.type !== 'private') {
    if (ctx.message?.text?.startsWith('/start'))
      await ctx.reply(TEXTS[langFromTelegram(ctx.from?.language_code)].privateOnly);
    return;
  }
  ctx.deps = deps;
  ctx.conv = await ChatConversation.load(deps.sessions, chat.id, ctx.from?.language_code);
  await next();
}

/** Logs the failure and, when there is someone to tell, apologises in their language. Never throws. */
async function reportFailure(ctx: BotContext, err: unknown, deps: TelegramBotDeps): Promise<void> {
  deps.log.warn('telegram: update failed', {
    updateId: ctx.update.update_id,
    error: err,
  });
  const t = ctx.conv ? ctx.conv.t : TEXTS[langFromTelegram(ctx.from?.language_code)];
  try {
    if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: t.somethingWentWrong });
  } catch {
    /* already answered or expired */
  }
  try {
    if (ctx.chat?.type === 'private') await ctx.reply(t.somethingWentWrong);
  } catch (replyErr) {
    deps.log.warn('telegram: could not tell the customer about a failure', { error: String(replyErr) });
  }
}

/** A command in the middle of a step that waits for text leaves that step, and takes its reply keyboard away. */
async function leaveAwaitingStep(ctx: BotContext): Promise<void> {
  if (!ctx.conv.state.awaiting) return;
  await ctx.conv.update((s) => {
    if (isCheckoutStep(s.awaiting)) delete s.checkout;
    if (s.awaiting === 'change_address') delete s.pending;
    delete s.awaiting;
  });
  await sendView(ctx, { text: ctx.conv.t.flowCancelled, markup: removeKeyboard });
}

const CANCEL_LABELS = new Set(Object.values(TEXTS).map((t) => t.buttonCancelFlow));

async function onText(ctx: BotContext): Promise<void> {
  const text = ctx.message!.text!;
  const { state } = ctx.conv;
  if (text.startsWith('/')) return showHelp(ctx);
  if (state.awaiting && CANCEL_LABELS.has(text.trim())) return abortAwaitingStep(ctx);
  switch (state.awaiting) {
    case 'checkout_address':
      if (await answeredAtAddressStep(ctx, text)) return;
      return onCheckoutAddress(ctx, { kind: 'text', text });
    case 'checkout_complement':
      return onComplementTyped(ctx, text);
    case 'checkout_note':
      return onNoteTyped(ctx, text);
    case 'checkout_change':
      return onChangeTyped(ctx, text);
    case 'change_address':
      if (await answeredAtAddressStep(ctx, text)) return;
      return onChangeAddressInput(ctx, { kind: 'text', text });
    case 'checkout_phone':
      return onPhoneTyped(ctx);
    default:
      break;
  }
  // A "sim" right after "Quer falar com uma pessoa?" starts the handoff; anything else lets the offer go.
  if (state.personOfferedAt) {
    const fresh = ctx.deps.orders.clock.now().getTime() - Date.parse(state.personOfferedAt) < PERSON_OFFER_TTL_MS;
    await ctx.conv.update((s) => {
      delete s.personOfferedAt;
    });
    if (fresh && isYes(text)) return startHandoff(ctx, 'assistant_offered');
  }
  const classified = classifyIntent(text);
  const { orderId } = classified;
  // An order question from a customer with no open order is a policy question ("em média quantos minutos leva?").
  const intent = INTENT_TABLE[classified.intent].ownOrder
    ? settleIntent(classified.intent, text, { orderId, openOrder: hasOpenOrder(await listOwnOrders(ctx, 5)) })
    : classified.intent;
  if (intent === 'greeting') return answerSocial(ctx, text);
  // "quero uma pizza de calabresa e 2 guaraná": an order in words, unless it asks something else of the bot.
  if (ORDER_IN_WORDS_INTENTS.has(intent) && (await tryOrderInWords(ctx, text))) return;
  if (intent === 'faq') return answerFreeQuestion(ctx);
  return answerDataIntent(ctx, intent, orderId);
}

/** What the phrase rules may call an order typed in words: never a request for a person, a cancel or a status. */
const ORDER_IN_WORDS_INTENTS = new Set(['place_order', 'browse_menu', 'faq']);

async function onLocation(ctx: BotContext): Promise<void> {
  const input = addressInputOf(ctx)!;
  switch (ctx.conv.state.awaiting) {
    case 'checkout_address':
    // A location sent at the complement question corrects the address just given.
    case 'checkout_complement':
      return onCheckoutAddress(ctx, input);
    case 'change_address':
      return onChangeAddressInput(ctx, input);
    default:
      return sendView(ctx, { text: ctx.conv.t.locationOutsideFlow, markup: mainMenuKeyboard(ctx.conv.t) });
  }
}

async function onContact(ctx: BotContext): Promise<void> {
  if (ctx.conv.state.awaiting === 'checkout_phone') return onCheckoutContact(ctx);
  await sendView(ctx, { text: ctx.conv.t.contactOutsideFlow, markup: mainMenuKeyboard(ctx.conv.t) });
}

/** Every button press is parsed by the codec first; malformed or unknown data is answered like a stale button. */
async function onCallback(ctx: BotContext): Promise<void> {
  const action = parseCallback(ctx.callbackQuery?.data);
  if (!action) {
    ctx.deps.log.info('telegram: unknown callback data', { chatKey: ctx.conv.key });
    await answer(ctx, ctx.conv.t.unknownButton);
    await showHome(ctx);
    return;
  }
  await answer(ctx, await routeCallback(ctx, action));
}

async function answer(ctx: BotContext, text: string | undefined): Promise<void> {
  try {
    await ctx.answerCallbackQuery(text ? { text } : undefined);
  } catch (err) {
    ctx.deps.log.warn('telegram: could not answer callback query', { error: err });
  }
}

/** Returns the short notice shown on the pressed button (answerCallbackQuery), if any. */
async function routeCallback(ctx: BotContext, a: CallbackAction): Promise<string | undefined> {
  switch (a.op) {
    case 'home':
      await showHome(ctx, 'edit');
      return undefined;
    case 'categories':
      await editOrSend(ctx, await categoriesView(ctx));
      return undefined;
    case 'category':
      await editOrSend(ctx, await categoryView(ctx, a.category));
      return undefined;
    case 'cart':
      await editOrSend(ctx, await cartView(ctx));
      return undefined;
    case 'qty':
      return onQuantity(ctx, a);
    case 'soldout':
      return onSoldOut(ctx);
    case 'clear':
      return onClearCart(ctx, a.rev);
    case 'checkout':
      return onCheckout(ctx, a.rev);
    case 'pay':
      return onPayment(ctx, a.method, a.nonce);
    case 'skip':
      return onSkipStep(ctx, a.step, a.nonce);
    case 'place':
      return onPlaceOrder(ctx, a.nonce);
    case 'abort':
      return onAbortCheckout(ctx, a.nonce);
    case 'lang':
      await onLangChosen(ctx, a.lang);
      return undefined;
    case 'human':
      await startHandoff(ctx, 'button');
      return undefined;
    case 'offered':
      await startHandoff(ctx, 'assistant_offered');
      return undefined;
    case 'bot':
      if (ctx.conv.state.handoff) await endHandoff(ctx);
      else await showHome(ctx);
      return undefined;
    case 'orders':
      await showMyOrders(ctx);
      return undefined;
    case 'help':
      await showHelp(ctx);
      return undefined;
    case 'status':
      await showStatus(ctx, a.orderId);
      return undefined;
    case 'eta':
      await showEta(ctx, a.orderId);
      return undefined;
    case 'addr':
      await startChangeAddress(ctx, a.orderId);
      return undefined;
    case 'cancel':
      await startCancel(ctx, a.orderId);
      return undefined;
    case 'yes':
      return onConfirmPending(ctx, a.nonce);
    case 'no':
      return onDeclinePending(ctx, a.nonce);
    case 'pick':
      return onPick(ctx, a);
    case 'again':
      await onOrderAgain(ctx, a.orderId);
      return undefined;
    case 'nochange':
      return onNoChange(ctx, a.nonce);
    case 'paid':
      return onPaid(ctx, a.orderId);
    case 'showpix':
      return onShowPix(ctx, a.orderId);
    case 'repix':
      return onNewPix(ctx, a.orderId);
  }
}
