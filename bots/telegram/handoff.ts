// Talk to a person: flags the conversation for staff, keeps the bot quiet meanwhile, and offers a way back to the bot.
import type { NextFunction } from 'grammy';
import { parseCallback } from './callback-data.ts';
import { sendView, type BotContext } from './bot-context.ts';
import { backToBotKeyboard, mainMenuKeyboard } from './keyboards.ts';

/** Sets `handoff` on the session: from now on a person answers here (the Slack side connects staff to it). */
export async function startHandoff(ctx: BotContext, reason: 'button' | 'asked_in_chat'): Promise<void> {
  const { t } = ctx.conv;
  const now = ctx.deps.orders.clock.now().toISOString();
  await ctx.conv.update((s) => {
    s.handoff ??= { since: now, reason };
    delete s.awaiting;
  });
  ctx.deps.log.info('telegram: conversation handed off to a person', { chatKey: ctx.conv.key, reason });
  await sendView(ctx, { text: t.handoffStarted, markup: backToBotKeyboard(t) });
}

/** The customer's escape hatch: the bot answers again. */
export async function endHandoff(ctx: BotContext): Promise<void> {
  const { t } = ctx.conv;
  await ctx.conv.update((s) => { delete s.handoff; });
  await sendView(ctx, { text: t.handoffEnded, markup: mainMenuKeyboard(t) });
}

const commandOf = (text: string | undefined) => /^\/([a-z_]+)(?:@\w+)?(?:\s|$)/i.exec(text ?? '')?.[1]?.toLowerCase();

/**
 * While a person handles the chat, the bot stays out of the conversation: messages go unanswered by the bot (staff
 * see them), button presses get a short note. Only /start, /lang, the language buttons and "back to the bot" pass.
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
    if (action?.op === 'bot' || action?.op === 'lang' || action?.op === 'human') return next();
    await ctx.answerCallbackQuery({ text: t.handoffActive });
    return;
  }
  ctx.deps.log.info('telegram: message left for staff (handoff active)', { chatKey: ctx.conv.key });
}
