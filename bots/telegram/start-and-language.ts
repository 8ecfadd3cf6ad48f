// /start and the main menu, /lang and the remembered language choice, help, and the command list for Telegram's menu.
import type { Api } from 'grammy';
import type { BotCommand } from 'grammy/types';
import { type BotContext, editOrSend, sendView } from './bot-context.ts';
import { backToBotKeyboard, languageKeyboard, mainMenuKeyboard } from './keyboards.ts';
import { TEXTS, type TelegramTexts } from './telegram-texts.ts';

/** Greets and shows the main menu (the caller has already left any step that was waiting for text; the cart is kept). */
export async function onStart(ctx: BotContext): Promise<void> {
  const { t } = ctx.conv;
  const store = await ctx.deps.orders.catalog.getStore();
  await sendView(ctx, {
    text: `${t.greeting(ctx.from?.first_name, store.name)}\n\n${t.mainMenuPrompt}`,
    markup: mainMenuKeyboard(t),
  });
}

/** The main menu on its own: edited into the pressed message from a button, sent otherwise. */
export async function showHome(ctx: BotContext, mode: 'send' | 'edit' = 'send'): Promise<void> {
  const { t } = ctx.conv;
  await (mode === 'edit' ? editOrSend : sendView)(ctx, { text: t.mainMenuPrompt, markup: mainMenuKeyboard(t) });
}

/** /lang: offers both languages; the choice is stored by onLangChosen. */
export async function onLangCommand(ctx: BotContext): Promise<void> {
  await sendView(ctx, { text: ctx.conv.t.languagePrompt, markup: languageKeyboard(ctx.conv.t) });
}

/** Stores the choice in the session: it wins over the Telegram app's language from now on. */
export async function onLangChosen(ctx: BotContext, lang: 'pt' | 'en'): Promise<void> {
  await ctx.conv.update((s) => {
    s.lang = lang === 'pt' ? 'pt-BR' : 'en';
  });
  const { t, state } = ctx.conv;
  await editOrSend(ctx, { text: t.languageSet, markup: state.handoff ? backToBotKeyboard(t) : mainMenuKeyboard(t) });
}

/** What the bot can do, with example phrases, and the main menu. */
export async function showHelp(ctx: BotContext, mode: 'send' | 'edit' = 'send'): Promise<void> {
  const { t } = ctx.conv;
  await (mode === 'edit' ? editOrSend : sendView)(ctx, { text: t.help, markup: mainMenuKeyboard(t) });
}

/** The commands shown in Telegram's menu button, in the given language. */
export function botCommands(t: TelegramTexts): BotCommand[] {
  return [
    { command: 'start', description: t.commandStart },
    { command: 'menu', description: t.commandMenu },
    { command: 'cart', description: t.commandCart },
    { command: 'orders', description: t.commandOrders },
    { command: 'lang', description: t.commandLang },
    { command: 'help', description: t.commandHelp },
  ];
}

/** Registers the command list once per deploy (English by default, Portuguese for pt clients). Not called by createTelegramBot. */
export async function setBotCommands(api: Api): Promise<void> {
  await api.setMyCommands(botCommands(TEXTS.en));
  await api.setMyCommands(botCommands(TEXTS['pt-BR']), { language_code: 'pt' });
}
