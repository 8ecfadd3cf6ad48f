// What the webhook needs to know about a Telegram update without the bot: its id and the chat it belongs to.
import type { Update } from 'grammy/types';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A minimally valid update: an object with a non-negative integer update_id. */
export function isUpdate(v: unknown): v is Update {
  return isObject(v) && Number.isSafeInteger(v.update_id) && (v.update_id as number) >= 0;
}

/** The chat an update belongs to, for per-chat ordering; updates with no chat (inline queries, polls) share one lane. */
export function chatKeyOf(update: Update): string {
  const u = update as unknown as Record<string, unknown>;
  for (const kind of [
    'message',
    'edited_message',
    'channel_post',
    'edited_channel_post',
    'business_message',
    'my_chat_member',
    'chat_member',
    'chat_join_request',
    'message_reaction',
  ]) {
    const chat = isObject(u[kind]) ? (u[kind] as Record<string, unknown>).chat : undefined;
    if (isObject(chat) && Number.isSafeInteger(chat.id)) return `telegram:${chat.id}`;
  }
  const cb = u.callback_query;
  if (isObject(cb)) {
    const msg = cb.message;
    if (isObject(msg) && isObject(msg.chat) && Number.isSafeInteger(msg.chat.id)) return `telegram:${msg.chat.id}`;
    if (isObject(cb.from) && Number.isSafeInteger(cb.from.id)) return `telegram:${cb.from.id}`;
  }
  return 'telegram:no-chat';
}

/**
 * The first field of an update that has the wrong type for the Bot API (text, caption or callback data that is not a
 * string), or undefined. Telegram never sends one; a forged or corrupted update would otherwise reach handlers that
 * rightly assume the documented types (a number as `text` threw "text.startsWith is not a function").
 */
export function malformedField(update: Update): string | undefined {
  const u = update as unknown as Record<string, unknown>;
  for (const kind of ['message', 'edited_message']) {
    const m = u[kind];
    if (!isObject(m)) continue;
    for (const field of ['text', 'caption'])
      if (m[field] !== undefined && typeof m[field] !== 'string') return `${kind}.${field}`;
  }
  const cb = u.callback_query;
  if (isObject(cb) && cb.data !== undefined && typeof cb.data !== 'string') return 'callback_query.data';
  return undefined;
}
