// The customer's own orders: list, status, ETA, address change and cancel, each only on orders placed from this chat.

import type { InlineKeyboardButton } from 'grammy/types';
import { cancelOrder } from '../../core/cancel-order.ts';
import { canChargeDifference, changeAddress } from '../../core/change-address.ts';
import { estimateDelivery } from '../../core/delivery-eta.ts';
import { DomainError, ErrorCode } from '../../core/errors.ts';
import {
  BY_CUSTOMER_IN_CHAT,
  closingMoney,
  isTerminal,
  type Order,
  paidAmount,
  paidOnDelivery,
} from '../../core/order.ts';
import { type AddressInput, resolveDeliveryAddress } from './address-input.ts';
import { type BotContext, dropButtons, editOrSend, sendView, type View } from './bot-context.ts';
import { errorSentence } from './error-sentences.ts';
import { button, inline, locationKeyboard, removeKeyboard } from './keyboards.ts';
import { newNonce } from './session.ts';
import type { TelegramTexts } from './telegram-texts.ts';

const MY_ORDERS_LIMIT = 10;
const HISTORY_LINES = 6;

/** Privacy rule: an order belongs to a chat iff it was placed from that chat. */
export const isOwnOrder = (order: Order | undefined, chatId: number): order is Order =>
  !!order && order.customer.telegramChatId === chatId;

const canChangeAddress = (o: Order) => o.status === 'CONFIRMED' || o.status === 'PREPARING';
const canCancel = (o: Order) =>
  o.status === 'RECEIVED' || o.status === 'AWAITING_PAYMENT' || o.status === 'CONFIRMED' || o.status === 'PREPARING';

/**
 * This chat's orders, newest first: the ids remembered in the session plus the customer's orders (after a contact
 * share) that were placed from this chat. Orders from other chats of the same customer stay out.
 */
export async function listOwnOrders(ctx: BotContext, limit = MY_ORDERS_LIMIT): Promise<Order[]> {
  const { chatId, state } = ctx.conv;
  const repo = ctx.deps.orders.orders;
  const fromSession = await Promise.all(state.orderIds.map((id) => repo.get(id)));
  const fromCustomer = state.profile?.customerId ? await repo.listByCustomer(state.profile.customerId, limit) : [];
  const byId = new Map<string, Order>();
  for (const o of [...fromSession, ...fromCustomer]) if (isOwnOrder(o, chatId)) byId.set(o.orderId, o);
  return [...byId.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt)).slice(0, limit);
}

type Resolved = { kind: 'found'; order: Order } | { kind: 'not_found'; orderId: string } | { kind: 'none' };

/**
 * The order a question is about: the one named, if it is this chat's; otherwise the latest of this chat's. An id
 * from another chat resolves exactly like an unknown id, so the answer reveals nothing about it.
 */
export async function resolveOwnOrder(ctx: BotContext, orderId: string | null): Promise<Resolved> {
  if (orderId) {
    const order = await ctx.deps.orders.orders.get(orderId);
    return isOwnOrder(order, ctx.conv.chatId) ? { kind: 'found', order } : { kind: 'not_found', orderId };
  }
  const [latest] = await listOwnOrders(ctx, 1);
  return latest ? { kind: 'found', order: latest } : { kind: 'none' };
}

/** Runs `then` on the resolved order, or answers "not found" / "no orders yet" (the same for unknown and foreign ids). */
async function withOwnOrder(
  ctx: BotContext,
  orderId: string | null,
  then: (order: Order) => Promise<void>,
): Promise<void> {
  const { t } = ctx.conv;
  const r = await resolveOwnOrder(ctx, orderId);
  if (r.kind === 'found') return then(r.order);
  if (r.kind === 'not_found') {
    await sendView(ctx, {
      text: t.orderNotFound(r.orderId),
      markup: inline([button(t.buttonMyOrders, { op: 'orders' }), button(t.buttonMainMenu, { op: 'home' })]),
    });
  } else {
    await sendView(ctx, {
      text: t.noOrders,
      markup: inline([button(t.buttonMenu, { op: 'categories' }), button(t.buttonMainMenu, { op: 'home' })]),
    });
  }
}

/** While a Pix or a hosted checkout waits: the Pix again, or the button to the checkout. */
function payRow(t: TelegramTexts, o: Order): InlineKeyboardButton[] {
  const waiting = o.status === 'AWAITING_PAYMENT' ? o.awaitingPayment : undefined;
  if (waiting?.pix) return [button(t.buttonShowPix, { op: 'showpix', orderId: o.orderId })];
  if (waiting?.checkoutUrl) return [{ text: t.buttonPayByCard, url: waiting.checkoutUrl }];
  return [];
}

function orderActions(ctx: BotContext, o: Order) {
  const { t } = ctx.conv;
  const row: InlineKeyboardButton[] = [...payRow(t, o)];
  if (!isTerminal(o.status)) row.push(button(t.buttonEta, { op: 'eta', orderId: o.orderId }));
  if (canChangeAddress(o)) row.push(button(t.buttonChangeAddress, { op: 'addr', orderId: o.orderId }));
  const second = canCancel(o) ? [button(t.buttonCancelOrder, { op: 'cancel', orderId: o.orderId })] : [];
  if (isTerminal(o.status)) second.push(button(t.buttonOrderAgain, { op: 'again', orderId: o.orderId }));
  return inline(row, second, [button(t.buttonMyOrders, { op: 'orders' }), button(t.buttonMainMenu, { op: 'home' })]);
}

/** The store's time zone: every time the customer reads is the shop's local time. */
const timeZoneOf = async (ctx: BotContext) => (await ctx.deps.orders.catalog.getStore()).timezone;

/** Status with the time of the last change and the history, latest first, in the shop's time zone. */
export async function statusView(ctx: BotContext, o: Order): Promise<View> {
  const { t } = ctx.conv;
  const tz = await timeZoneOf(ctx);
  const last = o.history[o.history.length - 1]?.at ?? o.createdAt;
  const history = [...o.history]
    .reverse()
    .slice(0, HISTORY_LINES)
    .map((h) => t.historyLine(t.historyTime(h.at, tz), t.statusName[h.status]));
  const text = [
    t.orderStatus(o.orderId, t.statusName[o.status], t.lastChangeAt(last, tz), o.total),
    '',
    t.historyTitle,
    ...history,
  ].join('\n');
  return { text, markup: orderActions(ctx, o) };
}

/** "Where is my order?": the named order if it is this chat's, else the latest one. */
export async function showStatus(
  ctx: BotContext,
  orderId: string | null,
  mode: 'send' | 'edit' = 'send',
): Promise<void> {
  await withOwnOrder(ctx, orderId, async (o) =>
    (mode === 'edit' ? editOrSend : sendView)(ctx, await statusView(ctx, o)),
  );
}

/** An estimate from core/delivery-eta.ts, always labelled as one. */
export async function showEta(ctx: BotContext, orderId: string | null): Promise<void> {
  const { t } = ctx.conv;
  await withOwnOrder(ctx, orderId, async (o) => {
    const store = await ctx.deps.orders.catalog.getStore();
    const eta = estimateDelivery(o, ctx.deps.orders.clock.now(), store);
    const tz = store.timezone;
    let text: string;
    if (eta.kind === 'delivered') text = t.etaDelivered(o.orderId, eta.at, tz);
    else if (eta.kind === 'closed') text = t.etaClosed(o.orderId, t.statusName[eta.status]);
    else
      text = `${eta.late ? t.etaLate(o.orderId, eta.minutesLeft) : t.etaEstimate(o.orderId, eta.arrival, eta.minutesLeft, tz)}\n${t.etaDisclaimer}`;
    await sendView(ctx, { text, markup: orderActions(ctx, o) });
  });
}

/** "My orders": this chat's orders, newest first, each with a button to its status. */
export async function showMyOrders(ctx: BotContext, mode: 'send' | 'edit' = 'send'): Promise<void> {
  const { t } = ctx.conv;
  const orders = await listOwnOrders(ctx);
  if (orders.length === 0) {
    await (mode === 'edit' ? editOrSend : sendView)(ctx, {
      text: t.noOrders,
      markup: inline([button(t.buttonMenu, { op: 'categories' }), button(t.buttonMainMenu, { op: 'home' })]),
    });
    return;
  }
  const tz = await timeZoneOf(ctx);
  const text = [t.myOrdersTitle, ...orders.map((o) => t.orderListLine(o, tz))].join('\n');
  const rows = [];
  for (let i = 0; i < orders.length; i += 2)
    rows.push(
      orders.slice(i, i + 2).map((o) => button(t.orderButton(o.orderId), { op: 'status', orderId: o.orderId })),
    );
  // "Order again" for the latest finished order (delivered or cancelled); older ones have it on their status.
  const again = orders.find((o) => o.status === 'DELIVERED' || o.status === 'CANCELLED');
  if (again)
    rows.push([
      button(`${t.buttonOrderAgain} · ${t.orderButton(again.orderId)}`, { op: 'again', orderId: again.orderId }),
    ]);
  await (mode === 'edit' ? editOrSend : sendView)(ctx, {
    text,
    markup: inline(...rows, [button(t.buttonMainMenu, { op: 'home' })]),
  });
}

/**
 * Step 1 of an address change: check it is still possible, then ask for the new location or address, or, when the
 * request already named it (`typed`), price that address at once.
 */
export async function startChangeAddress(ctx: BotContext, orderId: string | null, typed?: string): Promise<void> {
  const { t } = ctx.conv;
  await withOwnOrder(ctx, orderId, async (o) => {
    if (o.status === 'RECEIVED') {
      await sendView(ctx, { text: t.errorOrderBeingProcessed });
      return;
    }
    if (!canChangeAddress(o)) {
      await sendView(ctx, { text: t.errorAddressChangeNotAllowed(t.statusName[o.status]) });
      return;
    }
    await ctx.conv.update((s) => {
      s.pending = { kind: 'change_address', orderId: o.orderId, nonce: newNonce() };
      s.awaiting = 'change_address';
    });
    if (typed) await onChangeAddressInput(ctx, { kind: 'text', text: typed });
    else await sendView(ctx, { text: t.askNewAddress(o.orderId), markup: locationKeyboard(t) });
  });
}

/** Step 2: the new address, priced; shows the new fee and the difference, and asks for confirmation. */
export async function onChangeAddressInput(ctx: BotContext, input: AddressInput): Promise<void> {
  const { t, chatId } = ctx.conv;
  const pending = ctx.conv.state.pending;
  if (pending?.kind !== 'change_address') return;
  const quoted = await resolveDeliveryAddress(ctx, input);
  if (!quoted) return;
  const order = await ctx.deps.orders.orders.get(pending.orderId);
  if (!isOwnOrder(order, chatId) || !canChangeAddress(order)) {
    await ctx.conv.update((s) => {
      delete s.pending;
      delete s.awaiting;
    });
    const text = isOwnOrder(order, chatId)
      ? t.errorAddressChangeNotAllowed(t.statusName[order.status])
      : t.orderNotFound(pending.orderId);
    await sendView(ctx, { text, markup: removeKeyboard });
    return;
  }
  const difference = order.subtotal + quoted.deliveryFee - paidAmount(order);
  if (!paidOnDelivery(order) && difference > 0 && !canChargeDifference(order)) {
    // Core would refuse it (AddressChangeNeedsPayment): say so now rather than ask to confirm a change that cannot be.
    await ctx.conv.update((s) => {
      delete s.pending;
      delete s.awaiting;
    });
    await sendView(ctx, { text: t.errorAddressChangeNeedsPayment(difference), markup: removeKeyboard });
    await sendView(ctx, { text: t.talkToTeamPrompt, markup: needsPersonKeyboard(t) });
    return;
  }
  const nonce = await ctx.conv.update((s) => {
    if (s.pending?.kind !== 'change_address' || s.pending.nonce !== pending.nonce) return undefined;
    Object.assign(s.pending, {
      address: quoted.address,
      deliveryFee: quoted.deliveryFee,
      distanceKm: quoted.distanceKm,
    });
    delete s.awaiting;
    return s.pending.nonce;
  });
  if (!nonce) return;
  await sendView(ctx, {
    text: t.addressAccepted(quoted.address.text, quoted.understoodAs, quoted.deliveryFee, quoted.distanceKm),
    markup: removeKeyboard,
  });
  await sendView(ctx, {
    text: t.addressChangeSummary(
      order.orderId,
      quoted.address.text,
      order.deliveryFee,
      quoted.deliveryFee,
      order.subtotal + quoted.deliveryFee,
    ),
    markup: inline(
      [button(t.buttonConfirmChange, { op: 'yes', nonce })],
      [button(t.buttonKeepAddress, { op: 'no', nonce })],
    ),
  });
}

/** Step 1 of a cancel: check it is still possible, then ask for confirmation. */
export async function startCancel(ctx: BotContext, orderId: string | null): Promise<void> {
  const { t } = ctx.conv;
  await withOwnOrder(ctx, orderId, async (o) => {
    if (o.status === 'CANCELLED') {
      await sendView(ctx, { text: t.alreadyCancelled(o.orderId) });
      return;
    }
    if (!canCancel(o)) {
      await sendView(ctx, { text: t.errorOrderNotCancellable(t.statusName[o.status]) });
      return;
    }
    const nonce = newNonce();
    await ctx.conv.update((s) => {
      s.pending = { kind: 'cancel', orderId: o.orderId, nonce };
      if (s.awaiting === 'change_address') delete s.awaiting;
    });
    const unpaid = o.status === 'AWAITING_PAYMENT' && paidAmount(o) === 0;
    await sendView(ctx, {
      text: unpaid ? t.askCancelUnpaid(o.orderId, o.total) : t.askCancel(o.orderId, o.total, paidOnDelivery(o)),
      markup: inline(
        [button(t.buttonConfirmCancel, { op: 'yes', nonce })],
        [button(t.buttonKeepOrder, { op: 'no', nonce })],
      ),
    });
  });
}

/** Takes the pending action out of the session if `nonce` names it, so a "yes" or "no" acts at most once. */
function takePending(ctx: BotContext, nonce: string) {
  return ctx.conv.update((s) => {
    if (!s.pending || s.pending.nonce !== nonce) return undefined;
    const p = s.pending;
    delete s.pending;
    return p;
  });
}

/** "Yes" on a pending cancel or address change. The pending action is taken out of the session first, so it runs once. */
export async function onConfirmPending(ctx: BotContext, nonce: string): Promise<string | undefined> {
  const { t, chatId } = ctx.conv;
  const pending = await takePending(ctx, nonce);
  await dropButtons(ctx);
  if (!pending || (pending.kind === 'change_address' && !pending.address)) return t.confirmationExpired;
  const before = await ctx.deps.orders.orders.get(pending.orderId);
  if (!isOwnOrder(before, chatId)) {
    await sendView(ctx, { text: t.orderNotFound(pending.orderId) });
    return undefined;
  }
  try {
    if (pending.kind === 'cancel') {
      const after = await cancelOrder(ctx.deps.orders, pending.orderId, BY_CUSTOMER_IN_CHAT);
      await sendView(ctx, {
        text: t.cancelled(after.orderId, closingMoney(after)),
        markup: inline([button(t.buttonMainMenu, { op: 'home' })]),
      });
    } else {
      const after = await changeAddress(ctx.deps.orders, pending.orderId, pending.address!);
      await sendView(ctx, {
        text: t.addressChanged(after.orderId, after.address.text, after.deliveryFee, after.total),
        markup: orderActions(ctx, after),
      });
    }
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    const toPerson = err.code === ErrorCode.AddressChangeNeedsPayment;
    await sendView(ctx, { text: errorSentence(t, err), ...(toPerson ? { markup: needsPersonKeyboard(t) } : {}) });
  }
  return undefined;
}

/** A change only a person can make: straight to the team, or back to the order. */
const needsPersonKeyboard = (t: TelegramTexts) =>
  inline([button(t.buttonHuman, { op: 'human' })], [button(t.buttonMyOrders, { op: 'orders' })]);

/** "No" on a pending action: nothing changes. */
export async function onDeclinePending(ctx: BotContext, nonce: string): Promise<string | undefined> {
  const { t } = ctx.conv;
  const pending = await takePending(ctx, nonce);
  await dropButtons(ctx);
  if (!pending) return t.confirmationExpired;
  await sendView(ctx, { text: pending.kind === 'cancel' ? t.cancelKept : t.addressChangeKept });
  return undefined;
}
