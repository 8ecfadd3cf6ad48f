// The customer's Telegram chat as the support desk reaches it: staff joined, staff replies, back to the bot, nobody available (to be built).
import type { Api } from 'grammy';
import type { ChatSessionStore } from '../../core/chat-session.ts';
import type { Logger } from '../../core/deps.ts';
import type { CustomerLink } from '../../core/staff-desk.ts';

export function telegramCustomerLink(_api: Api, _sessions: ChatSessionStore, _log: Logger): CustomerLink {
  const notYet = async () => { throw new Error('telegramCustomerLink: not built yet'); };
  return { staffJoined: notYet, relay: notYet, returnToBot: notYet, noStaffAvailable: notYet };
}
