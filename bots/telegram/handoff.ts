// Talk to a person: escalates the conversation to the support desk, keeps the bot quiet and mirrors the customer
// meanwhile, and offers a way back to the bot.

import type { NextFunction } from 'grammy';
import type { Message } from 'grammy/types';
import type { ChatTurn } from '../../core/answer-model.ts';
import { storePhoneOf } from '../../core/catalog.ts';
import { teamAt } from '../../core/opening-hours.ts';
import { trimHistory } from '../../core/router-contract.ts';
import type { Escalation, EscalationReason } from '../../core/staff-desk.ts';
import { type BotContext, sendView } from './bot-context.ts';
import { parseCallback } from './callback-data.ts';
import { backToBotKeyboard, mainMenuKeyboard } from './keyboards.ts';
import { listOwnOrders } from './order-intents.ts';
import { MAX_ASSISTANT_TURNS } from './session.ts';

/** Orders sent with an escalation (newest first): enough for staff to see what the customer is talking about. */
export const ESCALATION_ORDERS = 5;

/**
 * The customer asked for a person (button, typed request, or the assistant's offer). With a support desk: the session
 * is flagged (the bot goes quiet, messages are mirrored to staff), the desk gets the escalation, and the customer is
 * told someone is coming. Without a desk, or if the desk cannot be reached, nobody would come: the customer is told
 * so, with the store's phone when known, and the bot keeps answering.
 */
export async function startHandoff(ctx: BotContext, reason: EscalationReason): Promise<void> {
  const { t } = ctx.conv;
  const desk = ctx.deps.staffDesk;
  if (!desk) {
    ctx.deps.log.info('telegram: a person was asked for, but no support desk is connected', {
      chatKey: ctx.conv.key,
      reason,
    });
    return tellNoDesk(ctx);
  }
  const taken = ctx.conv.state.handoff?.takenBy;
  if (taken) {
    // Someone is already talking with the customer: no second escalation, just a reminder of who it is.
    await sendView(ctx, { text: t.staffStillWithYou(taken.name), markup: backToBotKeyboard(t) });
    return;
  }
  const now = ctx.deps.orders.clock.now().toISOString();
  const lang = ctx.conv.lang;
  await ctx.conv.update((s) => {
    s.handoff ??= { since: now, reason, lang };
    delete s.awaiting;
  });
  try {
    await desk.escalate(await escalationOf(ctx, reason, now));
  } catch (err) {
    // Nobody can be promised: the bot answers again (an earlier escalation still on the desk is closed by its sweep).
    ctx.deps.log.warn('telegram: could not reach the support desk; the customer is told', {
      chatKey: ctx.conv.key,
      error: err,
    });
    await ctx.conv.update((s) => {
      delete s.handoff;
    });
    return tellNoDesk(ctx);
  }
  ctx.deps.log.info('telegram: conversation handed off to a person', { chatKey: ctx.conv.key, reason });
  await sendView(ctx, { text: await handoffStartedText(ctx), markup: backToBotKeyboard(t) });
}

/**
 * What the customer reads once the desk has the request. Outside the team's hours (store.teamHours, else the shop's
 * hours) nobody is coming soon: say when the team is back, and offer the store's phone when it has one.
 */
async function handoffStartedText(ctx: BotContext): Promise<string> {
  const { t } = ctx.conv;
  const store = await ctx.deps.orders.catalog.getStore();
  const now = ctx.deps.orders.clock.now();
  const team = teamAt(store, now);
  if (team.open) return t.handoffStarted;
  return t.handoffAfterHours(team.opensAt, now, store.timezone, storePhoneOf(store));
}

async function tellNoDesk(ctx: BotContext): Promise<void> {
  const { t } = ctx.conv;
  const phone = storePhoneOf(await ctx.deps.orders.catalog.getStore());
  await sendView(ctx, { text: t.handoffNoDesk(phone), markup: mainMenuKeyboard(t) });
}

/** What staff get: who, in which language, why, the recent turns (the message that asked included) and the chat's orders. */
async function escalationOf(ctx: BotContext, reason: EscalationReason, at: string): Promise<Escalation> {
  const { state } = ctx.conv;
  // A photo's caption is what the customer said with it ("chegou amassado").
  const asked = ctx.message?.text ?? ctx.message?.caption;
  const turns: ChatTurn[] = [...(state.history ?? []), ...(asked ? [{ role: 'user' as const, text: asked }] : [])];
  const orders = await listOwnOrders(ctx, ESCALATION_ORDERS);
  return {
    conversationKey: ctx.conv.key,
    customerName: customerNameOf(ctx),
    lang: ctx.conv.lang,
    reason,
    transcript: trimHistory(turns, MAX_ASSISTANT_TURNS + 1),
    orders: orders.map((o) => ({ orderId: o.orderId, status: o.status, createdAt: o.createdAt, total: o.total })),
    at,
  };
}

function customerNameOf(ctx: BotContext): string {
  const from = ctx.from;
  const telegramName = [from?.first_name, from?.last_name].filter(Boolean).join(' ').trim();
  return (
    ctx.conv.state.profile?.name ||
    telegramName ||
    (from?.username ? `@${from.username}` : `Telegram ${ctx.conv.chatId}`)
  );
}

/** The customer's escape hatch: the bot answers again (the desk notices the handoff ended and closes its thread). */
export async function endHandoff(ctx: BotContext): Promise<void> {
  const { t } = ctx.conv;
  const wasHandedOff = !!ctx.conv.state.handoff;
  await ctx.conv.update((s) => {
    delete s.handoff;
  });
  await sendView(ctx, { text: t.handoffEnded, markup: mainMenuKeyboard(t) });
  // Staff are told at once; if the desk cannot be reached, its sweep notices later, so the customer is not bothered.
  if (wasHandedOff) {
    await ctx.deps.staffDesk
      ?.customerLeft({ conversationKey: ctx.conv.key, at: ctx.deps.orders.clock.now().toISOString() })
      .catch((err: unknown) =>
        ctx.deps.log.warn('telegram: could not tell the desk the customer went back to the bot', {
          chatKey: ctx.conv.key,
          error: err,
        }),
      );
  }
}

const commandOf = (text: string | undefined) => /^\/([a-z_]+)(?:@\w+)?(?:\s|$)/i.exec(text ?? '')?.[1]?.toLowerCase();

/** Kinds of message without text, named for staff in the mirror (`[photo]`); the bot itself does not read them. */
const MEDIA_KINDS = [
  'photo',
  'sticker',
  'voice',
  'audio',
  'video',
  'video_note',
  'animation',
  'document',
  'poll',
  'dice',
] as const;

/**
 * A customer message as staff see it in the thread: its text or caption, else what it was (a contact's number; a
 * location's place in words, `place`, and its exact point, which staff may need to find the customer).
 */
export function mirrorTextOf(msg: Message, place?: string): string {
  if (msg.text) return msg.text;
  const kind = MEDIA_KINDS.find((k) => msg[k] !== undefined);
  const caption = msg.caption ? ` ${msg.caption}` : '';
  if (kind) return `[${kind}]${caption}`;
  if (msg.location) {
    const point = `${msg.location.latitude.toFixed(5)}, ${msg.location.longitude.toFixed(5)}`;
    return place ? `[location ${place} (${point})]` : `[location ${point}]`;
  }
  if (msg.contact) return `[contact ${msg.contact.phone_number}]`;
  return '[message]';
}

/** The geocoder's name for a shared point; without one (nothing near, or the geocoder is down) staff get the point alone. */
async function placeOf(ctx: BotContext, at: { latitude: number; longitude: number }): Promise<string | undefined> {
  try {
    const place = await ctx.deps.geocoder.reverse(at.latitude, at.longitude, ctx.conv.lang);
    return place.found ? place.label : undefined;
  } catch (err) {
    ctx.deps.log.warn('telegram: reverse geocoder failed', { error: err });
    return undefined;
  }
}

/**
 * While a person handles the chat, the bot stays out of the conversation: messages go unanswered by the bot and are
 * mirrored to the desk (edits too, marked), button presses get a short note. Only /start, /lang, the language
 * buttons, "talk to a person" and "back to the bot" pass.
 */
export async function handoffGate(ctx: BotContext, next: NextFunction): Promise<void> {
  if (!ctx.conv.state.handoff) return next();
  const { t } = ctx.conv;
  const command = commandOf(ctx.message?.text);
  if (command === 'start') {
    await sendView(ctx, { text: t.handoffActive, markup: backToBotKeyboard(t) });
    return;
  }
  if (command === 'lang') return next();
  if (ctx.callbackQuery) {
    const action = parseCallback(ctx.callbackQuery.data);
    if (action?.op === 'bot' || action?.op === 'lang' || action?.op === 'human' || action?.op === 'offered')
      return next();
    await ctx.answerCallbackQuery({ text: t.handoffActive });
    return;
  }
  const message = ctx.message ?? ctx.editedMessage;
  if (!message) return;
  const place = message.location ? await placeOf(ctx, message.location) : undefined;
  const text = ctx.message ? mirrorTextOf(message, place) : `✏️ ${mirrorTextOf(message, place)}`;
  // A failure here reaches the error boundary: the customer is asked to try again rather than talking to no one.
  const photo = ctx.message?.photo?.at(-1)?.file_id;
  await ctx.deps.staffDesk?.mirror({
    conversationKey: ctx.conv.key,
    text,
    at: ctx.deps.orders.clock.now().toISOString(),
    ...(photo ? { photo: { fileId: photo } } : {}),
  });
  ctx.deps.log.info('telegram: message left for staff (handoff active)', {
    chatKey: ctx.conv.key,
    mirrored: !!ctx.deps.staffDesk,
  });
  await acknowledgeWaitingOnce(ctx);
}

/** While nobody has taken the conversation yet, the customer's next message is acknowledged once, not every one. */
async function acknowledgeWaitingOnce(ctx: BotContext): Promise<void> {
  if (!ctx.message) return;
  const at = ctx.deps.orders.clock.now().toISOString();
  const first = await ctx.conv.update((s) => {
    if (!s.handoff || s.handoff.takenBy || s.handoff.waitingToldAt) return false;
    s.handoff.waitingToldAt = at;
    return true;
  });
  if (first) await sendView(ctx, { text: ctx.conv.t.handoffWaitingAck, markup: backToBotKeyboard(ctx.conv.t) });
}
