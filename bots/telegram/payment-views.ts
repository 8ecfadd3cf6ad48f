// How to pay, in the chat: the Pix QR code as a photo with the amount and expiry, the copy-and-paste code (a copy
// button and a code entity), and the card's button to the provider's hosted checkout. Used by the push and the bot.
import { type Api, InputFile } from 'grammy';
import type { InlineKeyboardButton, InlineKeyboardMarkup, MessageEntity } from 'grammy/types';
import type { PixInstructions } from '../../core/payment-instructions.ts';
import { button, inline } from './keyboards.ts';
import type { TelegramTexts } from './telegram-texts.ts';

/** Telegram's limit for a copy_text button's text; a longer code is still in the message, to touch and hold. */
export const MAX_COPY_TEXT_CHARS = 256;

/** The shop's zone when an event carries none (events built before the store was passed along). */
export const FALLBACK_TIME_ZONE = 'America/Sao_Paulo';

export interface PixToPay {
  orderId: string;
  amount: number;
  pix: PixInstructions;
  timeZone: string;
}

/** The buttons under the copy-and-paste code: copy (Bot API 7.11+), "Já paguei", and cancel. */
export function pixMarkup(t: TelegramTexts, orderId: string, copyPaste: string): InlineKeyboardMarkup {
  const copy: InlineKeyboardButton[] =
    copyPaste.length <= MAX_COPY_TEXT_CHARS ? [{ text: t.buttonCopyPix, copy_text: { text: copyPaste } }] : [];
  return inline(
    copy,
    [button(t.buttonPaid, { op: 'paid', orderId })],
    [button(t.buttonCancelOrder, { op: 'cancel', orderId })],
  );
}

/**
 * Two messages: the QR code (a photo, so a second phone can scan it) with the amount and the expiry in the shop's
 * time, then the code itself. The code is a `code` entity, so clients without the copy button copy it on a long press.
 */
export async function sendPix(api: Api, chatId: number, t: TelegramTexts, p: PixToPay): Promise<void> {
  const png = Buffer.from(p.pix.qrPngBase64, 'base64');
  await api.sendPhoto(chatId, new InputFile(png, `pix-${p.orderId}.png`), {
    caption: t.pixCaption(p.orderId, p.amount, new Date(p.pix.expiresAt), p.timeZone),
  });
  const intro = t.pixCopyPaste;
  const code: MessageEntity = { type: 'code', offset: intro.length + 1, length: p.pix.copyPaste.length };
  await api.sendMessage(chatId, `${intro}\n${p.pix.copyPaste}`, {
    entities: [code],
    reply_markup: pixMarkup(t, p.orderId, p.pix.copyPaste),
  });
}

/** The card's one step left: a URL button to the provider's hosted checkout, and cancel. */
export function cardCheckoutView(
  t: TelegramTexts,
  p: { orderId: string; amount: number; checkoutUrl: string; expiresAt: string; timeZone: string },
): { text: string; markup: InlineKeyboardMarkup } {
  return {
    text: t.cardCheckout(p.orderId, p.amount, new Date(p.expiresAt), p.timeZone),
    markup: inline(
      [{ text: t.buttonPayByCard, url: p.checkoutUrl }],
      [button(t.buttonCancelOrder, { op: 'cancel', orderId: p.orderId })],
    ),
  };
}

/** Under "the time to pay ran out": a new Pix with the same items and address, or back to the start. */
/** After an expiry: pay again the same way (a new Pix, or a new card checkout), or go home. */
export const expiredMarkup = (t: TelegramTexts, orderId: string, method?: string): InlineKeyboardMarkup =>
  inline(
    [button(method === 'card' ? t.buttonNewCheckout : t.buttonNewPix, { op: 'repix', orderId })],
    [button(t.buttonMainMenu, { op: 'home' })],
  );
