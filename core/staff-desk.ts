// The staff side of a customer conversation: what a chat bot tells the support desk (escalate, mirror) and what the
// desk tells the customer back.
import type { ChatTurn } from './answer-model.ts';
import type { Lang } from './lang.ts';
import type { Order } from './order.ts';
import type { OrderSummary } from './router-contract.ts';

/** Why a conversation went to a person: the customer's button, a request typed in the chat, or the assistant's offer. */
export type EscalationReason = 'button' | 'asked_in_chat' | 'assistant_offered';

/** One conversation handed to staff, with what they need to pick it up without asking again. */
export interface Escalation {
  /** The chat, channel-prefixed: `telegram:<chatId>`. */
  conversationKey: string;
  customerName: string;
  /** The customer's language: what staff write is relayed as written, the bot's own texts follow it. */
  lang: Lang;
  reason: EscalationReason;
  /** The recent turns (oldest first), the customer's last message included. */
  transcript: ChatTurn[];
  /** The customer's own orders, newest first. */
  orders: OrderSummary[];
  at: string;
}

/** A customer message for the desk's thread; `photo` names the chat's own file, which the desk fetches (CustomerLink). */
export interface MirroredMessage {
  conversationKey: string;
  text: string;
  at: string;
  photo?: { fileId: string };
}

/** A file the customer sent, fetched from their chat for the desk. */
export interface CustomerFile {
  data: Uint8Array;
  filename: string;
}

/** The support desk as the chat bots see it (Slack implements it; the bots never import Slack). */
export interface StaffDesk {
  escalate(e: Escalation): Promise<void>;
  /** A customer message written while a person handles the conversation: shown to staff, never answered by the bot. */
  mirror(m: MirroredMessage): Promise<void>;
  /** The customer went back to the bot on their own: staff see it at once, and the conversation leaves the open list. */
  customerLeft(m: { conversationKey: string; at: string }): Promise<void>;
}

/** The customer's chat as the support desk sees it: every text the customer reads is rendered in their language. */
export interface CustomerLink {
  /** A person took the conversation over: the bot stays quiet, the customer is told who is with them. */
  staffJoined(conversationKey: string, staffName: string): Promise<void>;
  /**
   * A staff reply, relayed as written; with `signedBy` (a colleague sending once in a conversation someone else holds)
   * it is shown as that person's. Returns the customer's copy, so a later edit or deletion in the desk can follow.
   */
  relay(conversationKey: string, staffName: string, text: string, opts?: RelayOptions): Promise<RelayedCopy>;
  /** The staff member edited a relayed reply: the customer's copy shows `text` now. Throws when the chat refuses. */
  editRelayed(conversationKey: string, copy: RelayedCopy, text: string, opts?: RelayOptions): Promise<RelayedCopy>;
  /** The reply was deleted (or turned into a note) in the desk: the customer's copy goes too. Throws when the chat refuses. */
  deleteRelayed(conversationKey: string, copy: RelayedCopy): Promise<void>;
  /** The conversation goes back to the bot, and the customer is told. */
  returnToBot(conversationKey: string): Promise<void>;
  /** Nobody took the conversation in time: the customer is told honestly and offered what remains. */
  noStaffAvailable(conversationKey: string): Promise<void>;
  /**
   * Whether the customer still waits for (or talks with) a person. False once they went back to the bot on their own:
   * the desk closes the conversation then. The chat keeps this in its own state; the desk never reads that state.
   */
  isHandedOff(conversationKey: string): Promise<boolean>;
  /** The customer's orders placed from this conversation's chat, newest first, at most `limit` (the chat's privacy rule). */
  customerOrders(conversationKey: string, limit: number): Promise<Order[]>;
  /** A photo the customer sent (MirroredMessage.photo), fetched from the chat; absent when the chat cannot give files. */
  customerPhoto?(conversationKey: string, fileId: string): Promise<CustomerFile>;
}

/**
 * Where a conversation stands on the desk. `opening`: an escalation claimed the desk and is posting its card (until
 * `openingUntil`); `waiting` for a person; `taken` by one; `closed` (back to the bot).
 */
export type DeskStatus = 'opening' | 'waiting' | 'taken' | 'closed';

/** A conversation handed to staff: its thread (channel and ts of the card), and who, if anyone, took it over. */
export interface ConversationDesk {
  conversationKey: string;
  channel: string;
  /** The card's ts: the thread every note of the conversation goes into ('' while opening). */
  ts: string;
  customerName: string;
  lang: Lang;
  /** When the customer asked (the escalation's `at`): a redelivered escalation is recognised by it. */
  since: string;
  status: DeskStatus;
  /**
   * While `opening`: the claim holds until then. An escalation handled twice at once posts one card; one whose handler
   * died mid-way is claimed again once this has passed (the in-progress expiry of an idempotency record).
   */
  openingUntil?: string;
  takenBy?: { id: string; name: string };
  /** Set when the customer was told that nobody is available (so it is said once). */
  timedOutAt?: string;
  /** Why the customer asked, and the short summary the card shows (kept so the card can be redrawn). */
  reason?: EscalationReason;
  summary?: string;
  /** The customer's latest order as the card shows it: kept live by the order's events (bots/slack/desk-orders.ts). */
  order?: { orderId: string; status: string; total?: number; more: number };
  /** The last few things staff said in this thread (relayed replies and notes), short: carried to a later escalation. */
  staffSaid?: string[];
  /** Earlier escalations of the same customer, newest first: their thread, when, and what staff said there. */
  earlier?: EarlierThread[];
  /** Set once the transcript is in the thread (a retried escalation does not post it twice). */
  transcriptPosted?: boolean;
  /** How a closed conversation ended: handed back by a staff member, or the customer went back to the bot. */
  closed?: { at: string; by: { id: string; name: string } | 'customer' };
}

/** An earlier escalation of the same conversation, as a later card links it. */
export interface EarlierThread {
  channel: string;
  ts: string;
  since: string;
  permalink?: string;
  staffSaid: string[];
}

/** Waiting for a person or with one: what App Home lists and the timeout sweep walks. */
export const isOpenDesk = (d: ConversationDesk | undefined): d is ConversationDesk & { status: 'waiting' | 'taken' } =>
  d?.status === 'waiting' || d?.status === 'taken';

/** A desk as stored, with the version its next write must present. */
export interface StoredDesk {
  desk: ConversationDesk;
  version: number;
}

/**
 * The desk's records: one per conversation, each written on its own (no shared record, so fifty escalations at once
 * never contend), and the open ones listed by an index, oldest first.
 */
export interface StaffDeskStore {
  get(conversationKey: string): Promise<StoredDesk | undefined>;
  /** Writes `desk` if its stored version is still `expectedVersion` (0: none yet); returns the new version. Throws ConcurrentUpdate. */
  put(desk: ConversationDesk, expectedVersion: number): Promise<number>;
  /**
   * The open desks (waiting or taken), longest waiting first: at most `limit` (all without one), and how many are open
   * in all. Read from an index, which may lag a write by a moment: read a desk again before changing it.
   */
  listOpen(limit?: number): Promise<{ desks: ConversationDesk[]; total: number }>;
}

/** How a relayed reply is shown: `signedBy` names its author (a first name) when they are not the one with the customer. */
export interface RelayOptions {
  signedBy?: string;
}

/** The customer's copy of a relayed staff reply: the chat's own ids of the message(s) it was sent as, oldest first. */
export interface RelayedCopy {
  messageIds: string[];
}

/** The words that, followed by a colon, keep a staff reply internal: what staff really type, in English and Portuguese. */
export const INTERNAL_NOTE_PREFIXES = ['note', 'nota', 'obs', 'interno', 'internal', 'private', 'privado'] as const;

/**
 * Leading formatting a chat wraps around the prefix (Slack mrkdwn bold/italic/strike/code, a quote, escaped or not),
 * so `*nota:*`, `_obs:_`, `*Interno*:` and `> nota:` are notes too.
 */
const FORMATTING = '(?:[\\s*_~`>]|&gt;)*';
const NOTE_PREFIX = new RegExp(`^${FORMATTING}(?:${INTERNAL_NOTE_PREFIXES.join('|')})\\.?[*_~\`]*\\s*:`, 'i');

/**
 * A staff reply that begins with a note prefix (`note:`, `nota:`, `obs:`, `Obs.:`, `interno:`, `private:`…) stays
 * internal: any case, leading spaces, a space before or none after the colon, and formatting around the word allowed.
 * A word that merely starts the same way ("Observei", "notas fiscais:") is not a prefix.
 */
export const isInternalNote = (text: string): boolean => NOTE_PREFIX.test(text);
