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
  /** A staff reply, relayed as written. */
  relay(conversationKey: string, staffName: string, text: string): Promise<void>;
  /** The conversation goes back to the bot, and the customer is told. */
  returnToBot(conversationKey: string): Promise<void>;
  /** Nobody took the conversation in time: the customer is told honestly and offered what remains. */
  noStaffAvailable(conversationKey: string): Promise<void>;
}

/** A staff reply that begins with `note:` (any case, leading spaces allowed) stays internal. */
export const isInternalNote = (text: string): boolean => /^\s*note\s*:/i.test(text);
