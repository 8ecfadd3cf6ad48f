// What the webhook and the bot check of a Telegram update, as zod schemas: its id, the chat it belongs to, and the
// types of the fields handlers read. Everything else is left to grammY's types.
import type { Update } from 'grammy/types';
// zod/mini, not zod: this module is in the Telegram webhook edge, whose bundle allows 150 KiB; classic zod bundles
// to 443 KiB there, mini to 16 KiB, for the same schemas.
import * as z from 'zod/mini';

/** An object with a non-negative safe-integer update_id (z.int() is bounded to safe integers). */
const updateEnvelope = z.looseObject({ update_id: z.int().check(z.minimum(0)) });

export function isUpdate(v: unknown): v is Update {
  return updateEnvelope.safeParse(v).success;
}

/** Any update part that names its chat: `{ chat: { id } }` (chat ids of groups are negative). */
const inChat = z.looseObject({ chat: z.looseObject({ id: z.int() }) });
const callbackChat = z.looseObject({
  message: z.optional(inChat),
  from: z.optional(z.looseObject({ id: z.int() })),
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

const textual = z.looseObject({ text: z.optional(z.string()), caption: z.optional(z.string()) });
const withData = z.looseObject({ data: z.optional(z.string()) });
/** The documented types of what handlers read; a part that is not an object at all is left to grammY (no handler matches it). */
const WELL_TYPED: [keyof Update, z.ZodMiniType][] = [
  ['message', textual],
  ['edited_message', textual],
  ['callback_query', withData],
];
const isObject = (v: unknown): v is object => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The first field of an update that has the wrong type for the Bot API (text, caption or callback data that is not a
 * string), or undefined. Telegram never sends one; a forged or corrupted update would otherwise reach handlers that
 * rightly assume the documented types (a number as `text` threw "text.startsWith is not a function").
 */
export function malformedField(update: Update): string | undefined {
  const u = update as unknown as Record<string, unknown>;
  for (const [field, schema] of WELL_TYPED) {
    if (!isObject(u[field])) continue;
    const result = schema.safeParse(u[field]);
    if (!result.success) return [field, ...result.error.issues[0]!.path].join('.');
  }
  return undefined;
}
