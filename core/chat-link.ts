// One-time links that let a chat follow an order placed elsewhere (app, web): issued with the order, claimed once by
// the chat that opens it.
import { randomBytes } from 'node:crypto';
import type { OrderDeps } from './deps.ts';
import type { Order } from './order.ts';
import { sha256 } from './order-ids.ts';
import { mutateOrder } from './order-mutation.ts';

/** Long enough to follow an order from checkout to delivery; a link opened later asks for a fresh one. */
export const CHAT_LINK_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * 32 random bytes in base64url: 43 characters, inside what a Telegram deep link carries (`start` parameter: at most
 * 64 of A-Z a-z 0-9 _ -), and unguessable.
 */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;
export const isChatLinkToken = (s: string) => TOKEN_SHAPE.test(s);

export type ChatLinkResult = { kind: 'linked'; order: Order } | { kind: 'used' | 'expired' | 'unknown' };

/** Issues a new link for the order: only the token's hash is stored, the token goes to the client that placed it. */
export async function issueChatLink(deps: Pick<OrderDeps, 'orders' | 'clock'>, orderId: string): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await deps.orders.createChatLink(sha256(token), {
    orderId,
    expiresAt: new Date(deps.clock.now().getTime() + CHAT_LINK_TTL_MS),
  });
  return token;
}

/**
 * The Telegram chat `chatId` opened a link: it follows the order from now on (status pushes, "where is my order?",
 * cancel and address change in the chat). The claim is one conditional write, so two chats racing on one token link
 * only one. Opening it again from the same chat (a retried update, a second tap) is the same success; from any other
 * chat it is `used`. An order already followed by another chat is never moved to a new one.
 */
export async function linkChatToOrder(
  deps: Pick<OrderDeps, 'orders' | 'clock'>,
  token: string,
  chatId: number,
): Promise<ChatLinkResult> {
  if (!isChatLinkToken(token)) return { kind: 'unknown' };
  const claim = await deps.orders.claimChatLink(sha256(token), `telegram:${chatId}`, deps.clock.now());
  if (claim.outcome !== 'claimed') return { kind: claim.outcome };
  let takenByOther = false;
  const { after } = await mutateOrder(deps, claim.orderId, (o) => {
    takenByOther = o.customer.telegramChatId !== undefined && o.customer.telegramChatId !== chatId;
    if (takenByOther || o.customer.telegramChatId === chatId) return o;
    return { ...o, customer: { ...o.customer, telegramChatId: chatId } };
  });
  return takenByOther ? { kind: 'used' } : { kind: 'linked', order: after };
}
