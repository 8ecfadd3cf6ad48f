// Builders for Telegram Update objects shaped like the ones the real Bot API delivers (webhook body or getUpdates
// result).
import type { Chat, ChatMember, InlineKeyboardMarkup, Message, Update, User } from 'grammy/types';
import { BOT_INFO } from './fake-telegram-api.ts';

export interface MessageOpts {
  /** Default: the next id of the shared, increasing generator (`nextUpdateId`). */
  updateId?: number;
  /** Default: a per-chat counter from 1000 up, clear of the ids the fake API gives the bot's own messages (1, 2, …). */
  messageId?: number;
  /** The sender. Default: the chat id in a private chat (as on Telegram), else 555000111. */
  userId?: number;
  firstName?: string;
  username?: string;
  /** Telegram sends client tags in lower case ('pt-br'), so the value is lower-cased here too. Default 'pt-BR' → 'pt-br'. */
  languageCode?: 'pt-BR' | 'en' | (string & {});
  /** Default: private for ids > 0, supergroup for -100… ids (< -10^12), group otherwise. */
  chatType?: 'private' | 'group' | 'supergroup';
  /** Unix seconds. Default: now. */
  date?: number;
}

const BOT_USER: User = { id: BOT_INFO.id, is_bot: true, first_name: BOT_INFO.first_name, username: BOT_INFO.username };
const GROUP_MEMBER_ID = 555000111;

let nextId = 100_000_001;
/** The next update_id: increasing across all builders, as Telegram's are per bot. */
export function nextUpdateId(): number {
  return nextId++;
}
/** Moves the generator (e.g. past ids a fake already confirmed). */
export function setNextUpdateId(id: number): void {
  nextId = id;
}

const messageIds = new Map<number, number>();
function nextMessageId(chatId: number): number {
  const id = messageIds.get(chatId) ?? 1000;
  messageIds.set(chatId, id + 1);
  return id;
}
let sequence = 0;
const now = () => Math.floor(Date.now() / 1000);

function sender(chatId: number, o: MessageOpts): User {
  return {
    id: o.userId ?? (chatId > 0 ? chatId : GROUP_MEMBER_ID),
    is_bot: false,
    first_name: o.firstName ?? 'Ana',
    ...(o.username ? { username: o.username } : {}),
    language_code: (o.languageCode ?? 'pt-BR').toLowerCase(),
  };
}

function chat(chatId: number, o: MessageOpts): Exclude<Chat, Chat.ChannelChat> {
  const type = o.chatType ?? (chatId > 0 ? 'private' : chatId < -1e12 ? 'supergroup' : 'group');
  if (type === 'private')
    return { id: chatId, type, first_name: o.firstName ?? 'Ana', ...(o.username ? { username: o.username } : {}) };
  return { id: chatId, type, title: 'Test Group' };
}

/** The common part of a message a user sent: message_id, from, chat, date. */
function userMessage(chatId: number, o: MessageOpts) {
  return {
    message_id: o.messageId ?? nextMessageId(chatId),
    from: sender(chatId, o),
    chat: chat(chatId, o),
    date: o.date ?? now(),
  };
}

function messageUpdate(
  o: MessageOpts,
  message: Message & { chat: Exclude<Chat, Chat.ChannelChat>; from: User },
): Update {
  return { update_id: o.updateId ?? nextUpdateId(), message };
}

export function textMessage(chatId: number, text: string, opts: MessageOpts = {}): Update {
  return messageUpdate(opts, { ...userMessage(chatId, opts), text });
}

/** `/start`, or `/start payload` with `args`; `mention` appends @bot_username, as group clients do. */
export function command(
  chatId: number,
  name: string,
  opts: MessageOpts & { args?: string; mention?: boolean } = {},
): Update {
  if (!name.startsWith('/')) throw new Error(`a command starts with '/': ${name}`);
  const head = opts.mention ? `${name}@${BOT_INFO.username}` : name;
  const text = opts.args ? `${head} ${opts.args}` : head;
  return messageUpdate(opts, {
    ...userMessage(chatId, opts),
    text,
    entities: [{ type: 'bot_command', offset: 0, length: head.length }],
  });
}

export function locationMessage(
  chatId: number,
  latitude: number,
  longitude: number,
  opts: MessageOpts & { livePeriod?: number; horizontalAccuracy?: number } = {},
): Update {
  const location = {
    latitude,
    longitude,
    ...(opts.horizontalAccuracy !== undefined ? { horizontal_accuracy: opts.horizontalAccuracy } : {}),
    ...(opts.livePeriod !== undefined ? { live_period: opts.livePeriod } : {}),
  };
  return messageUpdate(opts, { ...userMessage(chatId, opts), location });
}

/**
 * A shared contact. By default `contact.user_id` equals `from.id`: the sender shared their own number (request_contact
 * button).
 * `contactUserId` makes it someone else's; `null` omits it (a contact not on Telegram). The phone is passed through as
 * given:
 * real clients send it with or without the leading '+'.
 */
export function contactMessage(
  chatId: number,
  phone: string,
  opts: MessageOpts & { contactUserId?: number | null; contactFirstName?: string } = {},
): Update {
  const base = userMessage(chatId, opts);
  const userId = opts.contactUserId === undefined ? base.from.id : opts.contactUserId;
  const contact = {
    phone_number: phone,
    first_name: opts.contactFirstName ?? base.from.first_name,
    ...(userId === null ? {} : { user_id: userId }),
  };
  return messageUpdate(opts, { ...base, contact });
}

/** A button press on the bot's message `messageId` (its text and keyboard can be given; Telegram includes them). */
export function callbackQuery(
  chatId: number,
  data: string,
  opts: MessageOpts & { messageId: number; messageText?: string; replyMarkup?: InlineKeyboardMarkup; queryId?: string },
): Update {
  const user = sender(chatId, opts);
  return {
    update_id: opts.updateId ?? nextUpdateId(),
    callback_query: {
      id: opts.queryId ?? String(4_000_000_000_000_000_000n + BigInt(++sequence)),
      from: user,
      message: {
        message_id: opts.messageId,
        from: BOT_USER,
        chat: chat(chatId, opts),
        date: (opts.date ?? now()) - 5,
        text: opts.messageText ?? 'Escolha uma opção:',
        ...(opts.replyMarkup ? { reply_markup: opts.replyMarkup } : {}),
      },
      chat_instance: String(-(7_000_000_000_000_000_000n + BigInt(Math.abs(chatId)))),
      data,
    },
  };
}

/** The user edited their earlier message `messageId` (edit_date set, date a minute earlier). */
export function editedMessage(chatId: number, messageId: number, text: string, opts: MessageOpts = {}): Update {
  const edited = opts.date ?? now();
  return {
    update_id: opts.updateId ?? nextUpdateId(),
    edited_message: { ...userMessage(chatId, { ...opts, messageId }), date: edited - 60, edit_date: edited, text },
  };
}

export function stickerMessage(chatId: number, opts: MessageOpts & { emoji?: string } = {}): Update {
  const n = ++sequence;
  const sticker = {
    file_id: `CAACAgEAAxkBAAIB${n.toString(36).padStart(6, '0')}AAFakeStickerFileId`,
    file_unique_id: `AgADFake${n.toString(36)}`,
    type: 'regular' as const,
    width: 512,
    height: 512,
    is_animated: false,
    is_video: false,
    emoji: opts.emoji ?? '👍',
    set_name: 'TestStickers',
  };
  return messageUpdate(opts, { ...userMessage(chatId, opts), sticker });
}

function botMember(status: 'member' | 'kicked' | 'left'): ChatMember {
  if (status === 'kicked') return { status, user: BOT_USER, until_date: 0 };
  return { status, user: BOT_USER };
}

/** The bot's own membership changed: in a private chat `kicked` = the user blocked the bot, `member` = unblocked / started. */
export function myChatMember(
  chatId: number,
  opts: MessageOpts & { status?: 'member' | 'kicked' | 'left'; oldStatus?: 'member' | 'kicked' | 'left' } = {},
): Update {
  const status = opts.status ?? 'kicked';
  const oldStatus = opts.oldStatus ?? (status === 'member' ? (chatId > 0 ? 'kicked' : 'left') : 'member');
  return {
    update_id: opts.updateId ?? nextUpdateId(),
    my_chat_member: {
      chat: chat(chatId, opts),
      from: sender(chatId, opts),
      date: opts.date ?? now(),
      old_chat_member: botMember(oldStatus),
      new_chat_member: botMember(status),
    },
  };
}

/** A voice note (OGG/Opus, as Telegram records them). */
export function voiceMessage(chatId: number, opts: MessageOpts & { seconds?: number } = {}): Update {
  const n = ++sequence;
  const voice = {
    file_id: `AwACAgEAAxkBAAIC${n.toString(36).padStart(6, '0')}FakeVoiceFileId`,
    file_unique_id: `AgADVoice${n.toString(36)}`,
    duration: opts.seconds ?? 4,
    mime_type: 'audio/ogg',
    file_size: 12_000,
  };
  return messageUpdate(opts, { ...userMessage(chatId, opts), voice });
}

/** A photo (Telegram sends several sizes, smallest first), with an optional caption. */
export function photoMessage(chatId: number, opts: MessageOpts & { caption?: string } = {}): Update {
  const n = ++sequence;
  const size = (w: number, suffix: string) => ({
    file_id: `AgACAgEAAxkBAAID${n.toString(36).padStart(6, '0')}FakePhoto${suffix}`,
    file_unique_id: `AQADPhoto${n.toString(36)}${suffix}`,
    width: w,
    height: Math.round((w * 3) / 4),
    file_size: w * 100,
  });
  const photo = [size(90, 's'), size(320, 'm'), size(1280, 'x')];
  return messageUpdate(opts, {
    ...userMessage(chatId, opts),
    photo,
    ...(opts.caption ? { caption: opts.caption } : {}),
  });
}
