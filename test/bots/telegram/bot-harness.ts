// Drives the real Telegram bot: the local stack (core over dynalite), the fake Bot API on loopback, and chat helpers.
import type { Bot } from 'grammy';
import type { InlineKeyboardButton, Update } from 'grammy/types';
import { RioGazetteer } from '../../../adapters/geo/rio-gazetteer.ts';
import type { MercadoPagoSettings, PaymentSettings } from '../../../apps/local/config.ts';
import { type LocalStack, startLocalStack } from '../../../apps/local/local-stack.ts';
import type { Assistant } from '../../../bots/telegram/answer-question.ts';
import { pushOrderEventToChat } from '../../../bots/telegram/order-event-push.ts';
import { createTelegramBot } from '../../../bots/telegram/telegram-bot.ts';
import { TEXTS } from '../../../bots/telegram/telegram-texts.ts';
import type { StorePackage } from '../../../core/catalog.ts';
import type { Geocoder } from '../../../core/geocoder.ts';
import { type Logger, type LogLevel, lineLogger } from '../../../core/logger.ts';
import type { Order, OrderStatus } from '../../../core/order.ts';
import type { Clock } from '../../../core/ports.ts';
import type { StaffDesk } from '../../../core/staff-desk.ts';
import type { Transcriber } from '../../../core/transcriber.ts';
import { DEMO_PACKAGE } from '../../support/demo-store.ts';
import { type ApiCall, BOT_INFO, type FakeTelegramApi, startFakeTelegramApi } from '../../support/fake-telegram-api.ts';
import * as updates from '../../support/telegram-updates.ts';

export const STAFF_TOKEN = 'staff-token-for-telegram-tests';

export interface Harness {
  stack: LocalStack;
  fake: FakeTelegramApi;
  bot: Bot;
  logs: { level: LogLevel; msg: string; fields?: Record<string, unknown> }[];
  close(): Promise<void>;
}

/**
 * `staffDesk`: the support desk the bot escalates to and mirrors into (default: none, so asking for a person gets the
 * honest "nobody can be reached here" answer).
 * `assistant`: builds the bot with a free-question assistant made from the stack's pieces (default: none, so free
 * questions get the plain fallback). Given a function, it receives the stack's own assistant deps to wrap or replace.
 * `catalog`: the store served (default: the demo, open all day); `storeDir` serves a store folder instead, its
 * knowledge documents included. `clock`: what "now" is for the stack and the bot
 * (default: the system clock); `clockFrom` gives one that starts at a chosen instant and runs.
 * `geocoder`: typed addresses and shared points (default: the offline Rio gazetteer, as the local stack uses).
 * `push`: order events go to the chats, as the local stack's bot pushes them (default: off, so a chat shows only the
 * bot's replies). `payment`: the simulated provider's Pix settings (startLocalStack's `payment`); `mercadopago`: take
 * payments through Mercado Pago at that API root instead (a loopback stand-in).
 */
export async function startHarness(
  opts: {
    assistant?: (parts: { stack: LocalStack; log: Logger }) => Assistant;
    staffDesk?: StaffDesk;
    catalog?: StorePackage;
    storeDir?: string;
    clock?: Clock;
    geocoder?: (stack: LocalStack) => Geocoder;
    transcriber?: Transcriber;
    push?: boolean;
    payment?: PaymentSettings;
    mercadopago?: MercadoPagoSettings;
  } = {},
): Promise<Harness> {
  const stack = await startLocalStack({
    ...(opts.storeDir ? { storeDir: opts.storeDir } : { catalog: opts.catalog ?? DEMO_PACKAGE }),
    ...(opts.clock ? { clock: opts.clock } : {}),
    port: 0,
    staffToken: STAFF_TOKEN,
    assistant: opts.assistant ? {} : false,
    ...(opts.payment ? { payment: opts.payment } : {}),
    ...(opts.mercadopago ? { mercadopago: opts.mercadopago } : {}),
  });
  const fake = await startFakeTelegramApi();
  const logs: Harness['logs'] = [];
  const log: Logger = lineLogger((level, msg, fields) => {
    logs.push({ level, msg, fields });
  });
  const assistant = opts.assistant?.({ stack, log });
  const bot = createTelegramBot(
    fake.token,
    {
      orders: stack.deps,
      sessions: stack.sessions,
      geocoder: opts.geocoder?.(stack) ?? new RioGazetteer(),
      log,
      ...(assistant ? { assistant } : {}),
      ...(opts.staffDesk ? { staffDesk: opts.staffDesk } : {}),
      ...(opts.transcriber ? { transcriber: opts.transcriber } : {}),
    },
    { apiRoot: fake.apiRoot, botInfo: BOT_INFO },
  );
  const stopPushing = opts.push
    ? stack.notifier.onEvent((e) => {
        void pushOrderEventToChat(bot.api, e.payload, log);
      })
    : undefined;
  return {
    stack,
    fake,
    bot,
    logs,
    close: async () => {
      stopPushing?.();
      await fake.close();
      await stack.stop();
    },
  };
}

/** A clock that reads `iso` now and runs at real speed from there: a fixed hour of the day, with timers still moving. */
export function clockFrom(iso: string): Clock {
  const offset = Date.parse(iso) - Date.now();
  return { now: () => new Date(Date.now() + offset) };
}

let nextChatId = 810_000_000;
/** A fresh private chat id per test, so tests sharing a stack never share a session. */
export const newChatId = () => nextChatId++;

/** What the bot showed: a message it sent or the latest edit of it. */
export interface Shown {
  messageId: number;
  text: string;
  buttons: InlineKeyboardButton[][];
  replyMarkup?: Record<string, unknown>;
  method: string;
}

/**
 * One customer's private chat. Each action hands the update to `bot.handleUpdate` (as the webhook worker does) and
 * returns what the bot did in reply: the API calls for this chat, and the answer to a button press.
 */
export class ChatDriver {
  private seen = 0;
  readonly opts: updates.MessageOpts;

  constructor(
    readonly h: Harness,
    readonly chatId = newChatId(),
    opts: updates.MessageOpts = {},
  ) {
    this.opts = { languageCode: 'pt-BR', firstName: 'Ana', ...opts };
  }

  /** Handles one update; the promise must resolve (no throw ever escapes the bot). Returns this chat's new calls. */
  async send(update: Update): Promise<ApiCall[]> {
    await this.h.bot.handleUpdate(update);
    const calls = this.h.fake.chat(this.chatId);
    const fresh = calls.slice(this.seen);
    this.seen = calls.length;
    return fresh;
  }

  /** Counts what the chat shows so far as seen (pushes that arrived meanwhile), so the next action returns only its own. */
  catchUp(): void {
    this.seen = this.h.fake.chat(this.chatId).length;
  }

  text(text: string, opts: updates.MessageOpts = {}) {
    return this.send(updates.textMessage(this.chatId, text, { ...this.opts, ...opts }));
  }
  command(name: string, opts: updates.MessageOpts = {}) {
    return this.send(updates.command(this.chatId, name, { ...this.opts, ...opts }));
  }
  location(lat: number, lon: number) {
    return this.send(updates.locationMessage(this.chatId, lat, lon, this.opts));
  }
  contact(phone: string, opts: { contactUserId?: number | null } = {}) {
    return this.send(updates.contactMessage(this.chatId, phone, { ...this.opts, ...opts }));
  }

  /** Every message the bot showed in this chat, in its latest form (edits applied), oldest first. */
  shown(): Shown[] {
    const byId = new Map<number, Shown>();
    for (const c of this.h.fake.chat(this.chatId)) {
      if (c.error || !['sendMessage', 'sendPhoto', 'editMessageText', 'editMessageReplyMarkup'].includes(c.method))
        continue;
      const m = c.result as {
        message_id: number;
        text?: string;
        caption?: string;
        reply_markup?: { inline_keyboard?: InlineKeyboardButton[][] };
      };
      const prev = byId.get(m.message_id);
      byId.delete(m.message_id);
      byId.set(m.message_id, {
        messageId: m.message_id,
        text: m.text ?? m.caption ?? prev?.text ?? '',
        buttons: m.reply_markup?.inline_keyboard ?? [],
        replyMarkup:
          c.method === 'sendMessage'
            ? (c.params.reply_markup as Record<string, unknown> | undefined)
            : prev?.replyMarkup,
        method: c.method,
      });
    }
    return [...byId.values()];
  }

  /** Every text the bot sent or edited into this chat, in order (the whole transcript, edits included). */
  transcript(): string[] {
    return ChatDriver.texts(this.h.fake.chat(this.chatId));
  }

  /** The text of the last message sent or edited. */
  lastText(): string {
    return this.shown().at(-1)?.text ?? '';
  }

  /** The newest message with a button whose label (or callback data) matches, and that button. */
  findButton(match: string | RegExp): { message: Shown; button: InlineKeyboardButton.CallbackButton } {
    const test = (b: InlineKeyboardButton) =>
      'callback_data' in b &&
      (typeof match === 'string' ? b.text === match : match.test(b.text) || match.test(b.callback_data));
    for (const message of this.shown().reverse()) {
      const button = message.buttons.flat().find(test);
      if (button) return { message, button: button as InlineKeyboardButton.CallbackButton };
    }
    throw new Error(
      `no button ${String(match)} in chat ${this.chatId}; shown: ${JSON.stringify(this.shown().map((s) => s.buttons.flat().map((b) => b.text)))}`,
    );
  }

  /** Presses a button (the newest matching one), as a tap on that message. Returns the answer and the chat's new calls. */
  async press(match: string | RegExp): Promise<{ answer?: string; calls: ApiCall[] }> {
    const { message, button } = this.findButton(match);
    return this.pressData(button.callback_data, message.messageId);
  }

  /** Presses raw callback data on a given message (an old one, or forged data). */
  async pressData(data: string, messageId: number): Promise<{ answer?: string; calls: ApiCall[] }> {
    const update = updates.callbackQuery(this.chatId, data, { ...this.opts, messageId });
    const queryId = update.callback_query!.id;
    const calls = await this.send(update);
    const answers = this.h.fake.calls.filter(
      (c) => c.method === 'answerCallbackQuery' && c.params.callback_query_id === queryId,
    );
    if (answers.length !== 1) throw new Error(`callback ${data} was answered ${answers.length} times`);
    return { answer: answers[0]!.params.text as string | undefined, calls };
  }

  /** Texts of the sendMessage / editMessageText calls among `calls`. */
  static texts(calls: ApiCall[]): string[] {
    return calls
      .filter((c) => (c.method === 'sendMessage' || c.method === 'editMessageText') && !c.error)
      .map((c) => String(c.params.text));
  }
}

export async function waitForOrderStatus(
  stack: LocalStack,
  orderId: string,
  status: OrderStatus | OrderStatus[],
  timeoutMs = 10_000,
): Promise<Order> {
  const wanted = Array.isArray(status) ? status : [status];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const order = await stack.deps.orders.get(orderId);
    if (order && wanted.includes(order.status)) return order;
    if (Date.now() > deadline) throw new Error(`order ${orderId} is ${order?.status}, expected ${wanted.join('|')}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The order ids placed from a chat, read from the stored session (newest first). */
export async function orderIdsOf(h: Harness, chatId: number): Promise<string[]> {
  const stored = await h.stack.sessions.get<{ orderIds: string[] }>(`telegram:${chatId}`);
  return stored?.state.orderIds ?? [];
}

/** The answers a checkout gives: where (a shared point), how to pay, and the optional steps typed or skipped. */
export interface CheckoutSteps {
  lat: number;
  lon: number;
  payment: RegExp;
  phone?: string;
  complement?: string;
  note?: string;
  change?: string;
}

/**
 * Builds a cart and checks out with a shared location to the confirmation summary: /start → Menu → Açaí → add
 * ACAI-300 twice → Cart → Check out → location → complement (typed, or skipped) → own contact → payment → note
 * (typed, or skipped). Leaves the summary with its Confirm button.
 */
export async function checkoutToSummary(chat: ChatDriver, opts: CheckoutSteps): Promise<void> {
  await chat.command('/start');
  await chat.press(/^categories$/);
  await chat.press(/^category:acai$/);
  await chat.press(/^qty:ACAI-300:1:/);
  await chat.press(/^qty:ACAI-300:2:/);
  await chat.press(/^cart$/);
  await chat.press(/^checkout:/);
  await checkoutFromAddress(chat, opts);
}

/** The checkout from the address question on: location, complement, phone, payment, note. */
export async function checkoutFromAddress(chat: ChatDriver, opts: CheckoutSteps): Promise<void> {
  await chat.location(opts.lat, opts.lon);
  if (opts.complement) await chat.text(opts.complement);
  else await chat.press(/^skip:complement:/);
  if (opts.phone) await chat.contact(opts.phone);
  const paid = await chat.press(opts.payment);
  // Cash asks for change first: a typed amount, or "No change needed".
  if (ChatDriver.texts(paid.calls).some((t) => TEXTS.en.askChange === t || TEXTS['pt-BR'].askChange === t)) {
    if (opts.change) await chat.text(opts.change);
    else await chat.press(/^nochange:/);
  }
  if (opts.note) await chat.text(opts.note);
  else await chat.press(/^skip:note:/);
}
