// The customer's Telegram chat as the support desk reaches it: staff joined, staff replies (and their later edits and
// deletions), back to the bot, nobody available, and what the desk may know of the chat.
import { type Api, GrammyError } from 'grammy';
import type { ChatSessionStore } from '../../core/chat-session.ts';
import type { Lang } from '../../core/lang.ts';
import type { Logger } from '../../core/logger.ts';
import type { Order } from '../../core/order.ts';
import type { OrderRepository } from '../../core/ports.ts';
import type { CustomerLink, RelayOptions } from '../../core/staff-desk.ts';
import { splitForLimit } from '../streaming/split-text.ts';
import { backToBotKeyboard, mainMenuKeyboard } from './keyboards.ts';
import { ChatConversation, type ChatState } from './session.ts';
import { downloadTelegramFile } from './telegram-file.ts';
import { langFromTelegram, TEXTS, type TelegramTexts } from './telegram-texts.ts';

export interface CustomerLinkOptions {
  /** The store's phone, offered when nobody is available (omitted when unknown). */
  storePhone?: () => Promise<string | undefined>;
  /** Where the customer's orders are read (customerOrders); without it, the desk is told of none. */
  orders?: Pick<OrderRepository, 'get' | 'listByCustomer'>;
  now?: () => Date;
}

/** How many of the orders the session remembers, and of the customer's own, are read to find the chat's newest. */
const ORDERS_READ = 10;

/** `telegram:<chatId>` → the chat id; any other key is not this link's. */
export function chatIdOf(conversationKey: string): number {
  const m = /^telegram:(-?\d+)$/.exec(conversationKey);
  if (!m) throw new Error(`Not a Telegram conversation: ${conversationKey}`);
  return Number(m[1]);
}

/**
 * The language the desk's messages are written in: the customer's explicit choice (/lang), else the language of the
 * Telegram app when they asked for a person (kept on the handoff; the desk has no update to read it from).
 */
const langOf = (s: Readonly<ChatState>): Lang => s.lang ?? s.handoff?.lang ?? langFromTelegram(undefined);
const textsOf = (s: Readonly<ChatState>): TelegramTexts => TEXTS[langOf(s)];

/**
 * Every change goes through the session's read-modify-write (`ChatConversation.update`), so a desk action racing a
 * customer update in the same chat loses nothing. Sending failures (a blocked bot, a deleted chat) reach the caller,
 * which tells staff.
 */
export function telegramCustomerLink(
  api: Api,
  sessions: ChatSessionStore,
  log: Logger,
  opts: CustomerLinkOptions = {},
): CustomerLink {
  const now = () => (opts.now ?? (() => new Date()))().toISOString();
  const load = (key: string) => ChatConversation.load(sessions, chatIdOf(key), undefined);
  /** A message the customer already deleted from the chat is gone, which is what was asked; every other refusal is thrown. */
  const deleteMessage = async (chatId: number, id: string) => {
    try {
      await api.deleteMessage(chatId, Number(id));
    } catch (err) {
      if (!(err instanceof GrammyError && err.description.includes('message to delete not found'))) throw err;
    }
  };
  /** A staff reply as the customer reads it: signed in their language when `signedBy` is given. */
  const shown = async (key: string, text: string, o: RelayOptions) =>
    o.signedBy ? textsOf((await load(key)).state).staffSigned(o.signedBy, text) : text;
  const phone = async () => {
    try {
      return await opts.storePhone?.();
    } catch (err) {
      log.warn('telegram: could not read the store phone', { error: err });
      return undefined;
    }
  };

  return {
    async staffJoined(key, staffName) {
      const conv = await load(key);
      const takenBy = { name: staffName, at: now() };
      const joined = await conv.update((s) => {
        if (!s.handoff) return false;
        s.handoff.takenBy = takenBy;
        return true;
      });
      // The desk checks before claiming; this closes the race with a customer pressing "back" at that moment.
      if (!joined) throw new Error('The customer went back to the bot: there is no handoff to join');
      const t = textsOf(conv.state);
      try {
        await api.sendMessage(conv.chatId, t.staffJoined(staffName), { reply_markup: backToBotKeyboard(t) });
      } catch (err) {
        // The desk gives the claim back; so does the chat, or the customer would be told someone is with them.
        await conv.update((s) => {
          if (s.handoff?.takenBy?.at === takenBy.at && s.handoff.takenBy.name === staffName) delete s.handoff.takenBy;
        });
        throw err;
      }
      log.info('telegram: staff joined the conversation', { chatKey: key });
    },

    async relay(key, _staffName, text, o = {}) {
      // Relayed exactly as written (the customer was told who is with them); split only at Telegram's length limit. A
      // colleague sending once signs it, or the customer would take it for the person they were told is with them.
      const chatId = chatIdOf(key);
      const messageIds: string[] = [];
      for (const part of splitForLimit(await shown(key, text, o)))
        messageIds.push(String((await api.sendMessage(chatId, part)).message_id));
      log.info('telegram: staff reply relayed', { chatKey: key, chars: text.length });
      return { messageIds };
    },

    async editRelayed(key, copy, text, o = {}) {
      // The new text may need more or fewer parts than the old one: edit the parts both have, then send or delete the
      // rest.
      const chatId = chatIdOf(key);
      const parts = splitForLimit(await shown(key, text, o));
      const messageIds: string[] = [];
      for (const [i, part] of parts.entries()) {
        const id = copy.messageIds[i];
        if (id === undefined) {
          messageIds.push(String((await api.sendMessage(chatId, part)).message_id));
          continue;
        }
        try {
          await api.editMessageText(chatId, Number(id), part);
        } catch (err) {
          // Telegram refuses an edit to the very same text; the part already shows it, which is what was asked.
          if (!(err instanceof GrammyError && err.description.includes('message is not modified'))) throw err;
        }
        messageIds.push(id);
      }
      for (const id of copy.messageIds.slice(parts.length)) await deleteMessage(chatId, id);
      log.info('telegram: relayed staff reply edited', { chatKey: key, chars: text.length });
      return { messageIds };
    },

    async deleteRelayed(key, copy) {
      const chatId = chatIdOf(key);
      for (const id of copy.messageIds) await deleteMessage(chatId, id);
      log.info('telegram: relayed staff reply deleted', { chatKey: key, parts: copy.messageIds.length });
    },

    async returnToBot(key) {
      const conv = await load(key);
      const t = textsOf(conv.state);
      const wasHandedOff = await conv.update((s) => {
        const had = !!s.handoff;
        delete s.handoff;
        return had;
      });
      // A customer who already went back to the bot on their own is not told twice.
      if (!wasHandedOff) return;
      await api.sendMessage(conv.chatId, t.staffReturnedToBot, { reply_markup: mainMenuKeyboard(t) });
      log.info('telegram: conversation returned to the bot by staff', { chatKey: key });
    },

    async noStaffAvailable(key) {
      const conv = await load(key);
      const at = now();
      const tell = await conv.update((s) => {
        if (!s.handoff || s.handoff.takenBy || s.handoff.noStaffToldAt) return false;
        s.handoff.noStaffToldAt = at;
        return true;
      });
      if (!tell) return;
      const t = textsOf(conv.state);
      try {
        await api.sendMessage(conv.chatId, t.noStaffAvailable(await phone()), { reply_markup: backToBotKeyboard(t) });
      } catch (err) {
        // Not told after all: forget it, so the next sweep tries again.
        await conv.update((s) => {
          if (s.handoff?.noStaffToldAt === at) delete s.handoff.noStaffToldAt;
        });
        throw err;
      }
      log.info('telegram: the customer was told nobody is available', { chatKey: key });
    },

    async isHandedOff(key) {
      // The customer's own "back to the assistant" clears `handoff`; the desk asks rather than read the session.
      return !!(await load(key)).state.handoff;
    },

    async customerPhoto(key, fileId) {
      chatIdOf(key);
      return downloadTelegramFile(api, fileId);
    },

    async customerOrders(key, limit) {
      // The orders the session remembers plus the customer's own, kept only when placed from this very chat: a chat
      // only ever sees its own orders, and so does staff looking at it.
      const conv = await load(key);
      const repo = opts.orders;
      if (!repo) return [];
      const fromSession = await Promise.all(conv.state.orderIds.slice(0, ORDERS_READ).map((id) => repo.get(id)));
      const customerId = conv.state.profile?.customerId;
      const fromCustomer = customerId ? await repo.listByCustomer(customerId, ORDERS_READ) : [];
      const byId = new Map<string, Order>();
      for (const o of [...fromSession, ...fromCustomer])
        if (o && o.customer.telegramChatId === conv.chatId) byId.set(o.orderId, o);
      return [...byId.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt)).slice(0, limit);
    },
  };
}
