// Test helpers for the handoff desk: a customer driven through the real Telegram webhook, their escalation card, staff
// replies, edits and deletions in its thread, and what the customer's chat shows now.

import type { Update } from 'grammy/types';
import { expect } from 'vitest';
import { HANDOFF_TEXTS } from '../../../bots/slack/handoff-texts.ts';
import { type SlackMessage, SUPPORT_CHANNEL } from '../../support/fake-slack-api.ts';
import { eventRequest, threadReply, threadReplyDeleted, threadReplyEdited } from '../../support/slack-requests.ts';
import type { MessageOpts } from '../../support/telegram-updates.ts';
import { ChatDriver, type Harness, newChatId } from '../telegram/bot-harness.ts';
import type { SlackHarness } from './slack-harness.ts';

/** A customer's private chat driven through the real webhook (and both queues), as Telegram would deliver it. */
export function customer(h: SlackHarness, opts: MessageOpts): ChatDriver {
  const viaWebhook = {
    stack: h.stack,
    fake: h.telegram,
    bot: {
      handleUpdate: async (u: Update) => {
        expect(await h.telegramUpdate(u)).toBe(200);
      },
    },
  };
  return new ChatDriver(viaWebhook as unknown as Harness, newChatId(), opts);
}

/** The texts the bot sent this chat (sendMessage and edits), in order. */
export const sentTo = (chat: ChatDriver) => ChatDriver.texts(chat.h.fake.chat(chat.chatId));

/** The customer's chat as they see it now: every message the bot sent, with edits applied and deleted ones gone. */
export function visibleTo(chat: ChatDriver): { messageId: number; text: string }[] {
  const shown = new Map<number, string>();
  for (const c of chat.h.fake.chat(chat.chatId)) {
    if (c.error) continue;
    if (c.method === 'sendMessage' || c.method === 'editMessageText') {
      const m = c.result as { message_id: number; text?: string };
      shown.set(m.message_id, m.text ?? '');
    }
    if (c.method === 'deleteMessage') shown.delete(Number(c.params.message_id));
  }
  return [...shown].map(([messageId, text]) => ({ messageId, text }));
}

/** The one escalation card of a customer (a thread root whose fallback text names them, quoted as customer text is). */
export function onlyCard(h: SlackHarness, name: string, t = HANDOFF_TEXTS.en): SlackMessage {
  const cards = h.slack.messages.filter(
    (m) => m.channel === SUPPORT_CHANNEL && !m.thread_ts && m.text.startsWith(t.cardFallback(`“${name}”`)),
  );
  expect(cards).toHaveLength(1);
  return cards[0]!;
}

export interface StaffReply {
  user: string;
  ts: string;
  thread_ts: string;
  text: string;
}

/** `user` writes `text` in the card's thread (a signed event through the edge); resolves when both queues are idle. */
export async function reply(h: SlackHarness, user: string, card: SlackMessage, text: string): Promise<StaffReply> {
  const event = threadReply(user, card.ts, text) as unknown as StaffReply;
  expect((await h.send(eventRequest(event as unknown as Record<string, unknown>))).status).toBe(200);
  return { user, ts: event.ts, thread_ts: card.ts, text };
}

/** The author edits a reply to `text` in Slack; returns the reply as it is now. */
export async function edit(h: SlackHarness, r: StaffReply, text: string): Promise<StaffReply> {
  expect((await h.send(eventRequest(threadReplyEdited(r, text)))).status).toBe(200);
  return { ...r, text };
}

/** The reply is deleted in Slack. */
export async function remove(h: SlackHarness, r: StaffReply): Promise<void> {
  expect((await h.send(eventRequest(threadReplyDeleted(r)))).status).toBe(200);
}

export const ephemeralsTo = (h: SlackHarness, user: string) =>
  h.slack
    .callsOf('chat.postEphemeral')
    .filter((c) => c.params.user === user)
    .map((c) => String(c.params.text));

/** The Telegram calls of `method` that reached the customer's chat without an error. */
export const telegramCalls = (chat: ChatDriver, method: string) =>
  chat.h.fake.chat(chat.chatId).filter((c) => c.method === method && !c.error);
