// Keyboard builders: inline keyboards whose buttons carry encoded callback actions, and the reply keyboards of
// checkout.
import type {
  InlineKeyboardButton,
  InlineKeyboardMarkup,
  ReplyKeyboardMarkup,
  ReplyKeyboardRemove,
} from 'grammy/types';
import { type CallbackAction, encodeCallback } from './callback-data.ts';
import type { TelegramTexts } from './telegram-texts.ts';

/** A button whose data goes through the codec, so every button the bot draws is one the parser accepts. */
export const button = (text: string, action: CallbackAction): InlineKeyboardButton.CallbackButton => ({
  text,
  callback_data: encodeCallback(action),
});

/** An inline keyboard from rows of buttons; empty rows (an action not offered in this state) are dropped. */
export const inline = (...rows: InlineKeyboardButton[][]): InlineKeyboardMarkup => ({
  inline_keyboard: rows.filter((r) => r.length > 0),
});

/** Menu, My orders, Help, Talk to a person: shown by /start and after most dead ends. */
export function mainMenuKeyboard(t: TelegramTexts): InlineKeyboardMarkup {
  return inline(
    [button(t.buttonMenu, { op: 'categories' }), button(t.buttonMyOrders, { op: 'orders' })],
    [button(t.buttonHelp, { op: 'help' }), button(t.buttonHuman, { op: 'human' })],
  );
}

/** The free-question fallback: the menu and a way to a person (the assistant's offer: staff see it was accepted). */
export function fallbackKeyboard(t: TelegramTexts): InlineKeyboardMarkup {
  return inline(
    [button(t.buttonMenu, { op: 'categories' }), button(t.buttonMyOrders, { op: 'orders' })],
    [button(t.buttonHuman, { op: 'offered' })],
  );
}

/** Both languages, each labelled in its own language, for /lang. */
export function languageKeyboard(t: TelegramTexts): InlineKeyboardMarkup {
  return inline([
    button(t.languageButtonPt, { op: 'lang', lang: 'pt' }),
    button(t.languageButtonEn, { op: 'lang', lang: 'en' }),
  ]);
}

/** The escape hatch shown while a person handles the chat. */
export function backToBotKeyboard(t: TelegramTexts): InlineKeyboardMarkup {
  return inline([button(t.buttonBackToBot, { op: 'bot' })]);
}

/** Reply keyboard asking for the location (request_location), with typed suggestions and a way out. */
export function locationKeyboard(t: TelegramTexts, suggestions: readonly string[] = []): ReplyKeyboardMarkup {
  return {
    keyboard: [
      [{ text: t.buttonShareLocation, request_location: true }],
      ...suggestions.map((s) => [{ text: s }]),
      [{ text: t.buttonCancelFlow }],
    ],
    resize_keyboard: true,
    one_time_keyboard: false,
    is_persistent: false,
  };
}

/** Reply keyboard asking for the sender's own phone (request_contact). */
export function contactKeyboard(t: TelegramTexts): ReplyKeyboardMarkup {
  return {
    keyboard: [[{ text: t.buttonSharePhone, request_contact: true }], [{ text: t.buttonCancelFlow }]],
    resize_keyboard: true,
    one_time_keyboard: true,
  };
}

/** Sent with the message that ends a step, so the location or contact keyboard does not linger. */
export const removeKeyboard: ReplyKeyboardRemove = { remove_keyboard: true };
