// Social messages: a hello gets the greeting (a short one when the chat was greeted minutes ago), thanks, goodbyes and
// "ok" / 👍 get a short natural reply, never the greeting or the assistant.
import { isNightGoodbye, socialKind } from '../../core/small-talk.ts';
import { type BotContext, sendView } from './bot-context.ts';
import { mainMenuKeyboard } from './keyboards.ts';

/** A hello within this long of the last greeting is a repeat: "Oi de novo!" with the menu, not the whole greeting. */
export const GREETING_REPEAT_MS = 5 * 60_000;

/** Answers a message the classifier read as social (`greeting`). */
export async function answerSocial(ctx: BotContext, text: string): Promise<void> {
  const { t } = ctx.conv;
  switch (socialKind(text)) {
    case 'hello':
      return greet(ctx);
    case 'thanks':
      return sendView(ctx, { text: t.smallTalkThanks });
    case 'bye':
      return sendView(ctx, { text: t.smallTalkBye(isNightGoodbye(text)) });
    case 'ack':
      return sendView(ctx, { text: t.smallTalkAck });
  }
}

async function greet(ctx: BotContext): Promise<void> {
  const { t } = ctx.conv;
  const now = ctx.deps.orders.clock.now();
  const last = ctx.conv.state.greetedAt ? Date.parse(ctx.conv.state.greetedAt) : Number.NaN;
  const repeat = now.getTime() - last < GREETING_REPEAT_MS;
  await ctx.conv.update((s) => {
    s.greetedAt = now.toISOString();
  });
  if (repeat) {
    await sendView(ctx, { text: t.greetingAgain, markup: mainMenuKeyboard(t) });
    return;
  }
  const store = await ctx.deps.orders.catalog.getStore();
  await sendView(ctx, {
    text: `${t.greeting(ctx.from?.first_name, store.name)}\n\n${t.mainMenuPrompt}`,
    markup: mainMenuKeyboard(t),
  });
}
