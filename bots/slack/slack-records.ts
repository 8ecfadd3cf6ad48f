// What the Slack console remembers in the chat-session store: each order's feed thread, each thread's subject, and each
// staff reply relayed to a customer (the desks have their own store).
import type { ChatSessionStore } from '../../core/chat-session.ts';
import { ConcurrentUpdate } from '../../core/errors.ts';
import type { RelayedCopy } from '../../core/staff-desk.ts';

/** The feed card of an order: its message is the thread every later event of the order goes into. */
export interface OrderThread {
  channel: string;
  ts: string;
  /** The order events already replied in the thread (`<event>@<at>`, most recent last): a repeated event posts nothing. */
  seen?: string[];
  /** Fingerprint of what the card shows now, so an unchanged card is not edited again (chat.update is rate limited). */
  card?: string;
  /** Link to the card (chat.getPermalink), for App Home and /pedido. */
  permalink?: string;
  /** While `ts` is '': a handler claimed posting the card until then (order-feed.ts); past it, another may. */
  postingUntil?: string;
}

export const orderThreadKey = (orderId: string) => `slack-order:${orderId}`;
/** A thread's subject: the order or the conversation it belongs to. */
export const threadSubjectKey = (channel: string, ts: string) => `slack-thread:${channel}:${ts}`;
export type ThreadSubject = { orderId: string } | { conversationKey: string };

/** A staff reply that reached the customer: so editing or deleting it in Slack can do the same to the customer's copy. */
export interface RelayedReply {
  conversationKey: string;
  /** The Slack user who wrote it (told privately what became of an edit or a deletion). */
  by: string;
  /** The text the customer sees now (plain, as relayed). */
  text: string;
  copy: RelayedCopy;
  /** The first name it was signed with (sent once by a colleague of the person with the customer): edits keep it. */
  signedBy?: string;
  /** Set once the customer's copy was deleted (the Slack reply was deleted, or edited into a note). */
  deletedAt?: string;
}
/** Keyed by the Slack reply's channel and ts: what message_changed / message_deleted events name. */
export const relayedReplyKey = (channel: string, ts: string) => `slack-relay:${channel}:${ts}`;

/**
 * Read-modify-write of one record with the store's optimistic version: `change` gets the current value (undefined
 * when none) and returns the new one; it is re-run on a concurrent update. Returns what was written.
 */
export async function updateRecord<T>(
  store: ChatSessionStore,
  key: string,
  change: (current: T | undefined) => T,
  attempts = 8,
): Promise<T> {
  for (let i = 0; ; i++) {
    const stored = await store.get<T>(key);
    const next = change(stored?.state === undefined ? undefined : structuredClone(stored.state));
    try {
      await store.put(key, next, stored?.version ?? 0);
      return next;
    } catch (err) {
      if (!(err instanceof ConcurrentUpdate) || i + 1 >= attempts) throw err;
    }
  }
}

export async function readRecord<T>(store: ChatSessionStore, key: string): Promise<T | undefined> {
  return (await store.get<T>(key))?.state;
}
