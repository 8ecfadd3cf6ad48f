// Fallbacks: free questions (until the assistant router lands), over-long text, edits, stickers and other unhandled updates.
import type { NextFunction } from 'grammy';
import { sendView, type BotContext } from './bot-context.ts';
import { fallbackKeyboard, mainMenuKeyboard } from './keyboards.ts';

/** Telegram's own limit for a message text; anything longer did not come from a normal client. */
export const MAX_TEXT_CHARS = 4096;

/** A free question: an honest "not yet", the menu and a way to a person. */
export async function answerFreeQuestion(ctx: BotContext): Promise<void> {
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
