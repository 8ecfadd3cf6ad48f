// The context every conversation handler gets (grammY's Context + this chat's session + the core deps), and reply
// helpers.
import { type Context, GrammyError } from 'grammy';
import type { InlineKeyboardMarkup, ReplyKeyboardMarkup, ReplyKeyboardRemove } from 'grammy/types';
import type { ChatSessionStore } from '../../core/chat-session.ts';
import type { OrderDeps } from '../../core/deps.ts';
import type { Geocoder } from '../../core/geocoder.ts';
import type { Logger } from '../../core/logger.ts';
import type { StaffDesk } from '../../core/staff-desk.ts';
import type { Transcriber } from '../../core/transcriber.ts';
import type { Assistant } from './answer-question.ts';
import type { ChatConversation } from './session.ts';
import { isNotModified } from './telegram-errors.ts';

/** What the conversation needs from its host (the local stack or the Lambda worker); the bot builds nothing itself. */
export interface TelegramBotDeps {
  /** The order use cases' ports: placeOrder / cancelOrder / changeAddress run on these, and the bot reads orders and the catalog. */
  orders: OrderDeps;
  /** Conversation state, keyed `telegram:<chatId>`. */
  sessions: ChatSessionStore;
  /** Turns a typed address into a point for the delivery fee. */
  geocoder: Geocoder;
  log: Logger;
  /** Answers free questions from the store's knowledge base, streamed; without it a free question gets the menu and a person. */
  assistant?: Assistant;
  /** The support desk (Slack): escalations and, during a handoff, the customer's messages go there. Without it, nobody is told. */
  staffDesk?: StaffDesk;
  /** Voice notes into text (Amazon Transcribe streaming on AWS); without it the customer is asked to write. */
  transcriber?: Transcriber;
}

/** Set by the conversation middleware before any handler runs; only updates that belong to a private chat get this far. */
export type BotContext = Context & { conv: ChatConversation; deps: TelegramBotDeps };

/** A message to show: text plus an optional keyboard. Only inline keyboards can be edited into an existing message. */
export interface View {
  text: string;
  markup?: InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove;
}

const isInline = (m: View['markup']): m is InlineKeyboardMarkup => !!m && 'inline_keyboard' in m;

/** Sends the view as a new message (the only way to attach or remove a reply keyboard). */
export async function sendView(ctx: BotContext, view: View): Promise<void> {
  await ctx.reply(view.text, view.markup ? { reply_markup: view.markup } : {});
}

/**
 * Redraws the message a button was pressed on, so menus and carts update in place. Falls back to a new message
 * when there is nothing to edit or the edit is refused (too old, deleted); an identical edit counts as done.
 */
export async function editOrSend(ctx: BotContext, view: View): Promise<void> {
  const message = ctx.callbackQuery?.message;
  if (message && (!view.markup || isInline(view.markup))) {
    try {
      await ctx.editMessageText(view.text, { reply_markup: view.markup as InlineKeyboardMarkup | undefined });
      return;
    } catch (err) {
      if (isNotModified(err)) return;
      if (!(err instanceof GrammyError) || err.error_code !== 400) throw err;
      ctx.deps.log.warn('telegram: could not edit message, sending a new one', { error: err.description });
    }
  }
  await sendView(ctx, view);
}

/** Takes the buttons off a message whose question was answered, so it cannot be pressed again. Best effort. */
export async function dropButtons(ctx: BotContext): Promise<void> {
  if (!ctx.callbackQuery?.message) return;
  try {
    await ctx.editMessageReplyMarkup({ reply_markup: { inline_keyboard: [] } });
  } catch (err) {
    if (!isNotModified(err)) ctx.deps.log.warn('telegram: could not remove buttons', { error: err });
  }
}
