// The staff side of a customer conversation: what a chat bot tells the support desk (escalate, mirror) and what the desk tells the customer back.
import type { ChatTurn } from './answer-model.ts';
import type { Lang } from './lang.ts';
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

/** The support desk as the chat bots see it (Slack implements it; the bots never import Slack). */
export interface StaffDesk {
  escalate(e: Escalation): Promise<void>;
  /** A customer message written while a person handles the conversation: shown to staff, never answered by the bot. */
  mirror(m: { conversationKey: string; text: string; at: string }): Promise<void>;
  /** The customer went back to the bot on their own: staff see it at once, and the conversation leaves the open list. */
  customerLeft(m: { conversationKey: string; at: string }): Promise<void>;
}

/** The customer's chat as the support desk sees it: every text the customer reads is rendered in their language. */
export interface CustomerLink {
  /** A person took the conversation over: the bot stays quiet, the customer is told who is with them. */
  staffJoined(conversationKey: string, staffName: string): Promise<void>;
  /** A staff reply, relayed as written. Returns the customer's copy, so a later edit or deletion in the desk can follow. */
  relay(conversationKey: string, staffName: string, text: string): Promise<RelayedCopy>;
  /** The staff member edited a relayed reply: the customer's copy shows `text` now. Throws when the chat refuses. */
  editRelayed(conversationKey: string, copy: RelayedCopy, text: string): Promise<RelayedCopy>;
  /** The reply was deleted (or turned into a note) in the desk: the customer's copy goes too. Throws when the chat refuses. */
  deleteRelayed(conversationKey: string, copy: RelayedCopy): Promise<void>;
  /** The conversation goes back to the bot, and the customer is told. */
  returnToBot(conversationKey: string): Promise<void>;
  /** Nobody took the conversation in time: the customer is told honestly and offered what remains. */
  noStaffAvailable(conversationKey: string): Promise<void>;
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
