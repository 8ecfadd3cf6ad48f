// Checkout: delivery address (location share or typed) and its optional details, the customer's own phone, payment
// method, an optional note for the kitchen, summary, and placeOrder. A shop that does not take orders says so first.
import { priceCart } from '../../core/cart.ts';
import { estimateDelivery } from '../../core/delivery-eta.ts';
import { errorMessage } from '../../core/error-messages.ts';
import { DomainError, IdempotencyKeyReused, ValidationError } from '../../core/errors.ts';
import type { Order, PaymentMethod } from '../../core/order.ts';
import { placeOrder } from '../../core/place-order.ts';
import { MAX_COMPLEMENT_CHARS, splitAddressDetails } from './address-details.ts';
import { type AddressInput, resolveDeliveryAddress } from './address-input.ts';
import { type BotContext, dropButtons, editOrSend, sendView } from './bot-context.ts';
import { changeView } from './cash-change.ts';
import { complementView, noteView, paymentsOf, paymentView, summaryView } from './checkout-views.ts';
import { errorSentence } from './error-sentences.ts';
import { button, contactKeyboard, inline, locationKeyboard, mainMenuKeyboard, removeKeyboard } from './keyboards.ts';
import { answerStaleCart, cartView } from './menu-and-cart.ts';
import { type CheckoutDraft, isCheckoutStep, MAX_REMEMBERED_ORDERS, newNonce, touchCart } from './session.ts';
import { currentRefusal, refusedState, stateSentence } from './store-state.ts';

/** The longest kitchen note an order takes (core/order-request.ts). */
export const MAX_NOTE_CHARS = 200;

/** The idempotency key of one checkout: a double tap on Confirm, or a retried update, replays the same order. */
export const checkoutIdempotencyKey = (chatId: number, nonce: string) => `telegram:${chatId}:checkout:${nonce}`;

/** A closed or paused shop: the sentence, the cart kept, and the way back to it. */
async function tellRefusal(ctx: BotContext, refusal: string): Promise<void> {
  const { t } = ctx.conv;
  await sendView(ctx, {
    text: `${refusal}\n${t.cartKept}`,
    markup: inline([button(t.buttonCart(0, 0), { op: 'cart' }), button(t.buttonMainMenu, { op: 'home' })]),
  });
}

/** Starts checkout from the cart the customer saw (`rev`): the shop must take orders, then stock, then the address. */
export async function onCheckout(ctx: BotContext, rev: string): Promise<string | undefined> {
  const { t, lang } = ctx.conv;
  if (rev !== ctx.conv.state.cart.rev) return answerStaleCart(ctx);
  const refusal = await currentRefusal(ctx);
  if (refusal) {
    await tellRefusal(ctx, refusal);
    return undefined;
  }
  const priced = priceCart(ctx.conv.state.cart.lines, await ctx.deps.orders.catalog.listProducts(), lang);
  if (priced.lines.length === 0) {
    await sendView(ctx, { text: t.checkoutEmptyCart, markup: inline([button(t.buttonMenu, { op: 'categories' })]) });
    return undefined;
  }
  if (priced.unavailable.length > 0) {
    await sendView(ctx, { text: t.checkoutUnavailable(priced.unavailable.map((l) => l.name).join(', ')) });
    await sendView(ctx, await cartView(ctx));
    return undefined;
  }
  await ctx.conv.update((s) => {
    s.checkout = { nonce: newNonce(), stage: 'address' };
    s.awaiting = 'checkout_address';
  });
  await sendView(ctx, { text: t.askAddress, markup: locationKeyboard(t) });
  return undefined;
}

/** The address step's answer (a location or typed text): priced, then the optional complement and reference. */
export async function onCheckoutAddress(ctx: BotContext, input: AddressInput): Promise<void> {
  const { t } = ctx.conv;
  const quoted = await resolveDeliveryAddress(ctx, input);
  if (!quoted) return;
  const ok = await ctx.conv.update((s) => {
    if (!s.checkout) return false;
    s.checkout.address = quoted.address;
    s.checkout.deliveryFee = quoted.deliveryFee;
    s.checkout.distanceKm = quoted.distanceKm;
    s.checkout.stage = 'complement';
    s.awaiting = 'checkout_complement';
    return true;
  });
  if (!ok) return checkoutLost(ctx);
  const accepted = t.addressAccepted(quoted.address.text, quoted.understoodAs, quoted.deliveryFee, quoted.distanceKm);
  await sendView(ctx, { text: accepted, markup: removeKeyboard });
  await sendView(ctx, complementView(ctx));
}

/** The complement step answered in text: split into complement and landmark, then on to the phone or payment. */
export async function onComplementTyped(ctx: BotContext, text: string): Promise<void> {
  const { t } = ctx.conv;
  const details = splitAddressDetails(text);
  if (!details.ok) {
    await sendView(
      ctx,
      complementView(ctx, details.reason === 'TOO_LONG' ? t.complementTooLong(MAX_COMPLEMENT_CHARS) : undefined),
    );
    return;
  }
  await afterComplement(ctx, details);
}

/** From the complement step (answered or skipped) to the phone, or straight to payment when the phone is known. */
async function afterComplement(ctx: BotContext, details: { complement?: string; reference?: string }): Promise<void> {
  const { t } = ctx.conv;
  const next = await ctx.conv.update((s) => {
    const c = s.checkout;
    if (c?.stage !== 'complement' || !c.address) return undefined;
    delete c.address.complement;
    delete c.address.reference;
    if (details.complement) c.address.complement = details.complement;
    if (details.reference) c.address.reference = details.reference;
    c.stage = s.profile ? 'payment' : 'phone';
    if (s.profile) delete s.awaiting;
    else s.awaiting = 'checkout_phone';
    return c.stage;
  });
  if (!next) return checkoutLost(ctx);
  if (next === 'phone') await sendView(ctx, { text: t.askPhone, markup: contactKeyboard(t) });
  else await sendView(ctx, await paymentView(ctx));
}

/** Telegram clients send the number with or without '+'; orders store it in international format. */
export const normalizePhone = (raw: string) => {
  const digits = raw.replace(/[\s().-]/g, '');
  return digits.startsWith('+') ? digits : `+${digits}`;
};

/** The phone step: only the sender's own contact is accepted (the request_contact button), so nobody orders under another's number. */
export async function onCheckoutContact(ctx: BotContext): Promise<void> {
  const { t } = ctx.conv;
  const contact = ctx.message?.contact;
  if (!contact || !ctx.from || contact.user_id !== ctx.from.id) {
    await sendView(ctx, { text: t.notYourContact, markup: contactKeyboard(t) });
    return;
  }
  const phone = normalizePhone(contact.phone_number);
  const name =
    [contact.first_name, contact.last_name].filter(Boolean).join(' ').trim().slice(0, 100) ||
    ctx.from.first_name.slice(0, 100);
  const ok = await ctx.conv.update((s) => {
    if (!s.checkout) return false;
    s.profile = {
      name,
      phone,
      ...(s.profile?.phone === phone && s.profile.customerId ? { customerId: s.profile.customerId } : {}),
    };
    s.checkout.stage = 'payment';
    delete s.awaiting;
    return true;
  });
  if (!ok) return checkoutLost(ctx);
  await sendView(ctx, { text: t.phoneSaved(phone), markup: removeKeyboard });
  await sendView(ctx, await paymentView(ctx));
}

/** A checkout step answered after its checkout went away (e.g. the cart changed meanwhile): say so, drop the keyboard. */
async function checkoutLost(ctx: BotContext): Promise<void> {
  await ctx.conv.update((s) => {
    if (isCheckoutStep(s.awaiting)) delete s.awaiting;
  });
  await sendView(ctx, { text: ctx.conv.t.checkoutExpired, markup: removeKeyboard });
}

/** Payment chosen (one the store takes): the message turns into the optional note for the kitchen. */
export async function onPayment(ctx: BotContext, method: PaymentMethod, nonce: string): Promise<string | undefined> {
  const { t } = ctx.conv;
  const current = ctx.conv.state.checkout;
  if (current?.nonce === nonce && !paymentsOf(await ctx.deps.orders.catalog.getStore()).includes(method)) {
    // A button from before the store stopped taking this method (or forged data): the choice as it is now.
    await editOrSend(ctx, await paymentView(ctx));
    return t.paymentNotAccepted;
  }
  const ok = await ctx.conv.update((s) => {
    const c = s.checkout;
    if (!c || c.nonce !== nonce || !['payment', 'change', 'note', 'confirm'].includes(c.stage) || !c.address)
      return false;
    c.payment = method;
    delete c.changeFor;
    // Cash asks "change for how much?" before the note.
    c.stage = method === 'cash' ? 'change' : 'note';
    s.awaiting = method === 'cash' ? 'checkout_change' : 'checkout_note';
    return true;
  });
  if (!ok) return checkoutGone(ctx, nonce);
  await editOrSend(ctx, method === 'cash' ? changeView(ctx) : noteView(ctx));
  return undefined;
}

/** The note step answered in text: kept (up to the contract's length), then the summary. */
export async function onNoteTyped(ctx: BotContext, typed: string): Promise<void> {
  const { t } = ctx.conv;
  const note = typed.replace(/\s+/g, ' ').trim();
  if (!note || note.length > MAX_NOTE_CHARS) {
    await sendView(ctx, noteView(ctx, note ? t.noteTooLong(MAX_NOTE_CHARS) : undefined));
    return;
  }
  if (!(await toSummary(ctx, note))) return checkoutLost(ctx);
  const summary = await summaryView(ctx);
  if (summary) await sendView(ctx, summary);
}

/** The note step left (with a note, or none): the checkout waits for Confirm. False when it went away meanwhile. */
function toSummary(ctx: BotContext, note: string | undefined): Promise<boolean> {
  return ctx.conv.update((s) => {
    const c = s.checkout;
    if (c?.stage !== 'note' || !c.payment) return false;
    if (note) c.note = note;
    else delete c.note;
    c.stage = 'confirm';
    if (s.awaiting === 'checkout_note') delete s.awaiting;
    return true;
  });
}

/** "No details" / "No notes": the optional step is answered with nothing, and the checkout goes on. */
export async function onSkipStep(
  ctx: BotContext,
  step: 'complement' | 'note',
  nonce: string,
): Promise<string | undefined> {
  const c = ctx.conv.state.checkout;
  if (!c || c.nonce !== nonce || c.stage !== step) return checkoutGone(ctx, nonce);
  if (step === 'complement') {
    await dropButtons(ctx);
    await afterComplement(ctx, {});
    return undefined;
  }
  if (!(await toSummary(ctx, undefined))) return checkoutGone(ctx, nonce);
  const summary = await summaryView(ctx);
  if (summary) await editOrSend(ctx, summary);
  return undefined;
}

/** A checkout button whose checkout is over: the order it made, or a short note and the cart. */
async function checkoutGone(ctx: BotContext, nonce: string): Promise<string> {
  const { t, state } = ctx.conv;
  if (state.lastPlaced?.nonce === nonce) return t.orderAlreadyReceived(state.lastPlaced.orderId);
  await dropButtons(ctx);
  return t.checkoutExpired;
}

/**
 * Confirm: places the order through core, unless the shop stopped taking orders since the checkout began (then the
 * customer reads why, and the summary stays for later). The checkout nonce makes the idempotency key, so two taps
 * make one order.
 */
export async function onPlaceOrder(ctx: BotContext, nonce: string): Promise<string | undefined> {
  const { t, state, lang, chatId } = ctx.conv;
  const c = state.checkout;
  if (state.lastPlaced?.nonce === nonce) {
    await dropButtons(ctx);
    await sendView(ctx, { text: t.orderAlreadyReceived(state.lastPlaced.orderId) });
    return undefined;
  }
  if (!c || c.nonce !== nonce || c.stage !== 'confirm' || !c.address || !c.payment || !state.profile)
    return checkoutGone(ctx, nonce);
  const refusal = await currentRefusal(ctx);
  if (refusal) {
    await tellRefusal(ctx, refusal);
    return undefined;
  }

  const body = {
    customer: { name: state.profile.name, phone: state.profile.phone },
    items: state.cart.lines.map((l) => ({ sku: l.sku, qty: l.qty })),
    address: c.address,
    ...(c.note ? { note: c.note } : {}),
    // No card token: a card is paid on the provider's hosted checkout, so card data never reaches the bot.
    payment: { method: c.payment },
    ...(c.payment === 'cash' && c.changeFor ? { changeFor: c.changeFor } : {}),
  };
  let placedOrder: Order;
  try {
    // The chat comes from the update Telegram delivered, beside the body (core takes it only from here).
    const placed = await placeOrder(ctx.deps.orders, body, {
      lang,
      idempotencyKey: checkoutIdempotencyKey(chatId, nonce),
      telegramChatId: chatId,
    });
    placedOrder = placed.order;
  } catch (err) {
    if (err instanceof IdempotencyKeyReused) {
      await ctx.conv.update((s) => {
        delete s.checkout;
      });
      await dropButtons(ctx);
      return t.checkoutExpired;
    }
    if (err instanceof ValidationError) {
      await sendView(ctx, { text: errorMessage(err.code, lang, t.somethingWentWrong), markup: mainMenuKeyboard(t) });
      return undefined;
    }
    if (err instanceof DomainError) {
      // Core refused because the shop closed or paused between our look and the order: the same sentence as ours.
      const refused = refusedState(err);
      if (refused) {
        const store = await ctx.deps.orders.catalog.getStore();
        const sentence = stateSentence(t, refused, ctx.deps.orders.clock.now(), store.timezone);
        if (sentence) {
          await tellRefusal(ctx, sentence);
          return undefined;
        }
      }
      await sendView(ctx, { text: errorSentence(t, err) });
      return undefined;
    }
    throw err;
  }
  const { orderId } = placedOrder;
  const customerId = placedOrder.customer.id;
  await ctx.conv.update((s) => {
    s.orderIds = [orderId, ...s.orderIds.filter((id) => id !== orderId)].slice(0, MAX_REMEMBERED_ORDERS);
    s.lastPlaced = { nonce, orderId };
    if (s.profile) s.profile.customerId = customerId;
    s.cart.lines = [];
    touchCart(s);
    delete s.checkout;
  });
  await dropButtons(ctx);
  // Cash is confirmed now; a Pix or a card is confirmed once its payment lands (the CONFIRMED push), so this reply
  // only says the order arrived and that how to pay comes next: one confirmation per order either way.
  const text =
    c.payment === 'cash'
      ? await confirmationText(ctx, placedOrder, c)
      : c.payment === 'pix'
        ? t.orderAwaitingPix(orderId)
        : t.orderAwaitingCard(orderId);
  await sendView(ctx, {
    text,
    markup: inline([
      button(t.orderButton(orderId), { op: 'status', orderId }),
      button(t.buttonMyOrders, { op: 'orders' }),
    ]),
  });
  return undefined;
}

/**
 * The one message that confirms a placed cash order: items, address, fee, total, payment and the estimated arrival.
 * The RECEIVED and CONFIRMED events of a cash order are not pushed to this chat (order-event-push.ts), so it is not
 * repeated; a Pix or card order gets the same message from its CONFIRMED push instead.
 */
async function confirmationText(ctx: BotContext, placed: Order, quoted: CheckoutDraft): Promise<string> {
  // The workflow prices the delivery after this reply, from the same address and store: the checkout's quote is that
  // fee already (the order just placed still says 0).
  const order = {
    ...placed,
    deliveryFee: quoted.deliveryFee ?? placed.deliveryFee,
    distanceKm: quoted.distanceKm ?? placed.distanceKm,
  };
  const store = await ctx.deps.orders.catalog.getStore();
  const eta = estimateDelivery(order, ctx.deps.orders.clock.now(), store);
  return ctx.conv.t.orderPlaced({
    orderId: order.orderId,
    lines: order.items.map((l) => ({ qty: l.qty, name: l.name, lineTotal: l.qty * l.price })),
    deliveryFee: order.deliveryFee,
    total: order.subtotal + order.deliveryFee,
    address: order.address.text,
    ...(order.address.complement ? { complement: order.address.complement } : {}),
    ...(order.address.reference ? { reference: order.address.reference } : {}),
    payment: order.payment.method,
    ...(eta.kind === 'estimate' ? { arrival: eta.arrival } : {}),
    timeZone: store.timezone,
  });
}

/** The summary's or the payment message's Cancel: the cart stays, the checkout goes. */
export async function onAbortCheckout(ctx: BotContext, nonce: string): Promise<string | undefined> {
  const { t } = ctx.conv;
  const aborted = await ctx.conv.update((s) => {
    if (!s.checkout || s.checkout.nonce !== nonce) return false;
    delete s.checkout;
    if (isCheckoutStep(s.awaiting)) delete s.awaiting;
    return true;
  });
  if (!aborted) return checkoutGone(ctx, nonce);
  await editOrSend(ctx, {
    text: t.checkoutAborted,
    markup: inline([button(t.buttonCart(0, 0), { op: 'cart' }), button(t.buttonMainMenu, { op: 'home' })]),
  });
  return undefined;
}

/** The reply keyboard's Cancel (or a cancel intent) while a step waits for text: leave the step, drop the keyboard. */
export async function abortAwaitingStep(ctx: BotContext): Promise<void> {
  const { t } = ctx.conv;
  await ctx.conv.update((s) => {
    if (isCheckoutStep(s.awaiting)) delete s.checkout;
    if (s.awaiting === 'change_address') delete s.pending;
    delete s.awaiting;
  });
  await sendView(ctx, { text: t.flowCancelled, markup: removeKeyboard });
  await sendView(ctx, { text: t.mainMenuPrompt, markup: mainMenuKeyboard(t) });
}

/** Text typed while the phone is expected: only the contact button proves the number is theirs. */
export async function onPhoneTyped(ctx: BotContext): Promise<void> {
  await sendView(ctx, { text: ctx.conv.t.phoneTextNotAccepted, markup: contactKeyboard(ctx.conv.t) });
}
