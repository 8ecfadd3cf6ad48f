// What the webhook and the bot check of a Telegram update, as zod schemas: its id, the chat it belongs to, and the
// types of the fields handlers read. Everything else is left to grammY's types.
import type { Update } from 'grammy/types';
import { z } from 'zod';

/** An object with a non-negative safe-integer update_id (z.int() is bounded to safe integers). */
const updateEnvelope = z.looseObject({ update_id: z.int().min(0) });

export function isUpdate(v: unknown): v is Update {
  return updateEnvelope.safeParse(v).success;
}

/** Any update part that names its chat: `{ chat: { id } }` (chat ids of groups are negative). */
const inChat = z.looseObject({ chat: z.looseObject({ id: z.int() }) });
const callbackChat = z.looseObject({
  message: inChat.optional(),
  from: z.looseObject({ id: z.int() }).optional(),
});
const CHAT_KINDS = [
  'message',
  'edited_message',
  'channel_post',
  'edited_channel_post',
  'business_message',
  'my_chat_member',
  'chat_member',
  'chat_join_request',
  'message_reaction',
] as const;

/** The chat an update belongs to, for per-chat ordering; updates with no chat (inline queries, polls) share one lane. */
export function chatKeyOf(update: Update): string {
  const u = update as unknown as Record<string, unknown>;
  for (const kind of CHAT_KINDS) {
    const part = inChat.safeParse(u[kind]);
    if (part.success) return `telegram:${part.data.chat.id}`;
  }
  const cb = callbackChat.safeParse(u.callback_query);
  if (cb.success) {
    const id = cb.data.message?.chat.id ?? cb.data.from?.id;
    if (id !== undefined) return `telegram:${id}`;
  }
  return 'telegram:no-chat';
}

const textual = z.looseObject({ text: z.string().optional(), caption: z.string().optional() });
/** A part that is not an object at all is left to grammY (its handlers never match it); an object part is checked. */
const ifObject = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === 'object' && v !== null && !Array.isArray(v) ? v : undefined), schema.optional());
/** The documented types of what handlers read. */
const wellTyped = z.looseObject({
  message: ifObject(textual),
  edited_message: ifObject(textual),
  callback_query: ifObject(z.looseObject({ data: z.string().optional() })),
});

/**
 * The first field of an update that has the wrong type for the Bot API (text, caption or callback data that is not a
 * string), or undefined. Telegram never sends one; a forged or corrupted update would otherwise reach handlers that
 * rightly assume the documented types (a number as `text` threw "text.startsWith is not a function").
 */
export function malformedField(update: Update): string | undefined {
  const result = wellTyped.safeParse(update);
  return result.success ? undefined : result.error.issues[0]!.path.join('.');
}
