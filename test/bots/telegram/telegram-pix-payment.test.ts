// Paying in the chat: the Pix QR photo and copy code, "Já paguei" that asks the provider, the one confirmation when
// the payment lands, the card's hosted checkout button, "Gerar novo Pix" after an expiry, and the address change a
// Pix order cannot be charged for. The local stack's simulated provider, pushes on, nothing paid by itself.

import type { InlineKeyboardButton } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../../apps/local/local-stack.ts';
import { TEXTS } from '../../../bots/telegram/telegram-texts.ts';
import { changeAddress } from '../../../core/change-address.ts';
import { quoteDeliveryFee } from '../../../core/delivery-fee.ts';
import { AddressChangeNeedsPayment } from '../../../core/errors.ts';
import { formatMoney } from '../../../core/lang.ts';
import type { Order } from '../../../core/order.ts';
import { COPACABANA, IPANEMA } from '../../support/api-client.ts';
import { DEMO_STORE } from '../../support/demo-store.ts';
import type { ApiCall } from '../../support/fake-telegram-api.ts';
import {
  ChatDriver,
  checkoutToSummary,
  type Harness,
  orderIdsOf,
  startHarness,
  waitForOrderStatus,
} from './bot-harness.ts';

const pt = TEXTS['pt-BR'];

/** The customer's bank sends the money for a Pix whose order already ended (and whose Pix was cancelled). */
const payLate = (payments: LocalStack['payments'], id: string) => payments.pay(id, { late: true });

describe('Telegram conversation: paying by Pix or card', () => {
  let h: Harness;
  let phones = 0;
  beforeAll(async () => {
    h = await startHarness({ push: true, payment: { pixPaySeconds: 0, pixExpiryMinutes: 15 } });
  });
  afterAll(async () => {
    await h.close();
  });

  const callsOf = (chat: ChatDriver, method: string) =>
    h.fake.chat(chat.chatId).filter((c) => c.method === method && !c.error);
  const waitForCall = (chat: ChatDriver, match: (c: ApiCall) => boolean) =>
    h.fake.waitFor((c) => String(c.params.chat_id) === String(chat.chatId) && !c.error && match(c), 5000);
  const pixCode = (chat: ChatDriver) =>
    waitForCall(chat, (c) => c.method === 'sendMessage' && String(c.params.text).startsWith(pt.pixCopyPaste));

  /** A chat that placed a Pix (or card) order, left waiting for its payment. */
  async function placed(payment = /^pay:pix:/): Promise<{ chat: ChatDriver; order: Order }> {
    const chat = new ChatDriver(h);
    await checkoutToSummary(chat, {
      ...COPACABANA,
      phone: `+55219876530${String(phones++).padStart(2, '0')}`,
      payment,
    });
    await chat.press(pt.buttonConfirmOrder);
    const [orderId] = await orderIdsOf(h, chat.chatId);
    return { chat, order: await waitForOrderStatus(h.stack, orderId!, 'AWAITING_PAYMENT') };
  }

  it('sends the Pix QR as a photo with amount and expiry, then the code to copy; "Já paguei" asks the provider; one confirmation once paid', async () => {
    // Prepare
    const { chat, order } = await placed();
    const waiting = order.awaitingPayment!;

    // Act: the Pix reaches the chat, the customer says they paid before paying
    const photo = await waitForCall(chat, (c) => c.method === 'sendPhoto');
    const code = await pixCode(chat);
    const early = await chat.press(pt.buttonPaid);
    const stillWaiting = (await h.stack.deps.orders.get(order.orderId))!;
    // Act: the customer pays; the provider's webhook confirms
    await h.stack.payments.pay(waiting.chargeId);
    await waitForOrderStatus(h.stack, order.orderId, 'CONFIRMED');
    const confirmed = await waitForCall(chat, (c) => String(c.params.text).startsWith('✅ Pagamento recebido!'));
    await new Promise((r) => setTimeout(r, 300)); // anything else it would say arrives meanwhile

    // Assess: the photo is an upload with the amount and the expiry in Rio time
    expect(photo.params.photo).toMatchObject({ filename: `pix-${order.orderId}.png` });
    expect((photo.params.photo as { size: number }).size).toBe(Buffer.from(waiting.pix!.qrPngBase64, 'base64').length);
    const rio = new Intl.DateTimeFormat('pt-BR', { timeZone: 'America/Sao_Paulo', hour: '2-digit', minute: '2-digit' });
    expect(photo.params.caption).toBe(
      pt.pixCaption(order.orderId, waiting.amount, new Date(waiting.expiresAt), DEMO_STORE.timezone),
    );
    expect(String(photo.params.caption)).toContain(formatMoney(order.total, 'pt-BR'));
    expect(String(photo.params.caption)).toContain(`até as ${rio.format(new Date(waiting.expiresAt))}`);
    // Assess: the copia-e-cola as a code entity and a copy_text button, with "Já paguei" and cancel
    const copyPaste = waiting.pix!.copyPaste;
    expect(code.params.text).toBe(`${pt.pixCopyPaste}\n${copyPaste}`);
    const entity = (code.params.entities as { type: string; offset: number; length: number }[])[0]!;
    expect(String(code.params.text).slice(entity.offset, entity.offset + entity.length)).toBe(copyPaste);
    expect(entity.type).toBe('code');
    const buttons = (code.params.reply_markup as { inline_keyboard: InlineKeyboardButton[][] }).inline_keyboard.flat();
    expect(buttons[0]).toEqual({ text: pt.buttonCopyPix, copy_text: { text: copyPaste } });
    expect(buttons.map((b) => b.text)).toEqual([pt.buttonCopyPix, pt.buttonPaid, pt.buttonCancelOrder]);
    // Assess: "Já paguei" before paying is answered "not yet", and the order still waits
    expect(early.answer).toBe(pt.paymentNotYet);
    expect(stillWaiting.status).toBe('AWAITING_PAYMENT');
    // Assess: exactly one confirmation, with everything in it, and none at placing
    const texts = chat.transcript();
    const confirmations = texts.filter((t) => /^(🎉|✅ Pagamento recebido)/.test(t) || /confirmado!/.test(t));
    expect(confirmations).toEqual([confirmed.params.text]);
    expect(String(confirmed.params.text)).toContain(`Total: ${formatMoney(order.total, 'pt-BR')} · Pix`);
    expect(texts).toContain(pt.orderAwaitingPix(order.orderId));
  });

  it('"Já paguei" after paying (before the webhook) confirms through the provider, once', async () => {
    // Prepare: the payment lands at the provider; the chat presses before anything else reads it
    const { chat, order } = await placed();
    await pixCode(chat);

    // Act
    const pressed = await chat.press(pt.buttonPaid);
    await h.stack.payments.pay(order.awaitingPayment!.chargeId);
    const again = await chat.press(pt.buttonPaid);
    await waitForOrderStatus(h.stack, order.orderId, 'CONFIRMED');
    await waitForCall(chat, (c) => String(c.params.text).startsWith('✅ Pagamento recebido!'));
    await new Promise((r) => setTimeout(r, 300));

    // Assess
    expect(pressed.answer).toBe(pt.paymentNotYet);
    expect(again.answer).toBe(pt.paymentLanded);
    expect(chat.transcript().filter((t) => t.startsWith('✅ Pagamento recebido!'))).toHaveLength(1);
  });

  it('gives a card order a button to the hosted checkout, and no card token', async () => {
    // Act
    const { chat, order } = await placed(/^pay:card:/);
    const checkout = await waitForCall(
      chat,
      (c) =>
        c.method === 'sendMessage' &&
        c.params.text !== undefined &&
        String(c.params.text).startsWith(`💳 Pedido ${order.orderId}`),
    );

    // Assess
    expect(order.payment).toEqual({ method: 'card' });
    const url = order.awaitingPayment!.checkoutUrl!;
    expect(url).toMatch(/\/dev\/checkout\//);
    const buttons = (checkout.params.reply_markup as { inline_keyboard: InlineKeyboardButton[][] }).inline_keyboard;
    expect(buttons[0]).toEqual([{ text: pt.buttonPayByCard, url }]);
    expect(chat.transcript()).toContain(pt.orderAwaitingCard(order.orderId));
    expect(chat.transcript().join('\n')).not.toMatch(/simulad|simulated/);
  });

  it('offers "Ver Pix" on the status while it waits, and sends the QR and code again', async () => {
    // Prepare
    const { chat, order } = await placed();
    await pixCode(chat);

    // Act
    await chat.text('cadê meu pedido?');
    await chat.press(pt.buttonShowPix);
    await new Promise((r) => setTimeout(r, 100));

    // Assess
    expect(chat.transcript().some((t) => t.includes(`${order.orderId}: ${pt.statusName.AWAITING_PAYMENT}`))).toBe(true);
    expect(callsOf(chat, 'sendPhoto')).toHaveLength(2);
    expect(callsOf(chat, 'sendMessage').filter((c) => String(c.params.text).startsWith(pt.pixCopyPaste))).toHaveLength(
      2,
    );
  });

  it('offers "Gerar novo Pix" when the Pix expires, and pressing it places the same order again as a new Pix', async () => {
    // Prepare
    const { chat, order } = await placed();
    await pixCode(chat);

    // Act: the provider lets the Pix expire (its webhook), then the customer asks for a new one
    await h.stack.payments.expire(order.awaitingPayment!.chargeId);
    const ended = await waitForOrderStatus(h.stack, order.orderId, 'PAYMENT_FAILED');
    await waitForCall(chat, (c) => String(c.params.text).includes(`O prazo para pagar o pedido ${order.orderId}`));
    const pressed = await chat.press(pt.buttonNewPix);
    const [newId] = await orderIdsOf(h, chat.chatId);
    const fresh = await waitForOrderStatus(h.stack, newId!, 'AWAITING_PAYMENT');
    await waitForCall(chat, (c) => c.method === 'sendPhoto' && String(c.params.caption).includes(newId!));
    const twice = await chat.press(pt.buttonNewPix);

    // Assess: the old order ended as expired with its stock released; the new one is the same order, by Pix
    expect(ended.reason).toBe('PAYMENT_EXPIRED');
    expect(newId).not.toBe(order.orderId);
    expect(ChatDriver.texts(pressed.calls)).toContain(pt.newPixPlaced(newId!, order.orderId));
    expect(fresh.items.map((l) => [l.sku, l.qty])).toEqual(order.items.map((l) => [l.sku, l.qty]));
    expect(fresh.address).toEqual(order.address);
    expect(fresh.payment.method).toBe('pix');
    expect(fresh.awaitingPayment!.pix!.copyPaste).not.toBe(order.awaitingPayment!.pix!.copyPaste);
    // A second tap makes no third order
    expect(await orderIdsOf(h, chat.chatId)).toHaveLength(2);
    expect(ChatDriver.texts(twice.calls).join('\n')).toContain(`📦 Pedido ${newId}: ${pt.statusName.AWAITING_PAYMENT}`);
  });

  it('offers to pay again by card when a card checkout expires, and pressing it opens a new checkout, not a Pix', async () => {
    // Prepare
    const { chat, order } = await placed(/^pay:card:/);
    await waitForCall(chat, (c) => String(c.params.text).startsWith(`💳 Pedido ${order.orderId}`));

    // Act: nobody paid on the provider's page in time
    await h.stack.payments.expire(order.awaitingPayment!.chargeId);
    await waitForOrderStatus(h.stack, order.orderId, 'PAYMENT_FAILED');
    const notice = await waitForCall(chat, (c) =>
      String(c.params.text).includes(`O prazo para pagar o pedido ${order.orderId}`),
    );
    await chat.press(pt.buttonNewCheckout);
    const [newId] = await orderIdsOf(h, chat.chatId);
    const fresh = await waitForOrderStatus(h.stack, newId!, 'AWAITING_PAYMENT');

    // Assess: the notice speaks of paying again, not of a Pix, and the new order is a new card checkout
    expect(String(notice.params.text)).toContain('tentar o pagamento de novo');
    expect(String(notice.params.text)).not.toContain('Pix');
    const labels = (notice.params.reply_markup as { inline_keyboard: InlineKeyboardButton[][] }).inline_keyboard
      .flat()
      .map((b) => b.text);
    expect(labels).toEqual([pt.buttonNewCheckout, pt.buttonMainMenu]);
    expect(fresh.payment).toEqual({ method: 'card' });
    expect(fresh.awaitingPayment!.checkoutUrl).toMatch(/\/dev\/checkout\//);
  });

  it('cancels a waiting Pix from its own button, saying nothing was charged; a payment after that is refunded and told', async () => {
    // Prepare
    const { chat, order } = await placed();
    await pixCode(chat);
    chat.catchUp();

    // Act: "Cancelar pedido" under the code, confirmed; then the customer pays the old Pix anyway
    const ask = await chat.press(pt.buttonCancelOrder);
    await chat.press(pt.buttonConfirmCancel);
    await waitForOrderStatus(h.stack, order.orderId, 'CANCELLED');
    await payLate(h.stack.payments, order.awaitingPayment!.chargeId);
    const told = await waitForCall(chat, (c) =>
      String(c.params.text).includes('depois que ele já tinha sido encerrado'),
    );

    // Assess
    expect(ChatDriver.texts(ask.calls)).toEqual([pt.askCancelUnpaid(order.orderId, order.total)]);
    const after = (await h.stack.deps.orders.get(order.orderId))!;
    expect(after.refunds.map((r) => [r.amount, r.reason])).toEqual([[order.awaitingPayment!.amount, 'closing']]);
    expect(String(told.params.text)).toContain(formatMoney(order.awaitingPayment!.amount, 'pt-BR'));
  });

  it('refuses an address change that raises the fee of a Pix order, and says so with a way to a person', async () => {
    // Prepare: a paid Pix order
    const { chat, order } = await placed();
    await h.stack.payments.pay(order.awaitingPayment!.chargeId);
    const paid = await waitForOrderStatus(h.stack, order.orderId, 'CONFIRMED');
    const quote = quoteDeliveryFee(DEMO_STORE, IPANEMA);
    expect(quote.fee).toBeGreaterThan(paid.deliveryFee);

    // Act: in the chat, and through core directly
    await chat.text('quero mudar o endereço de entrega');
    const shared = await chat.location(IPANEMA.lat, IPANEMA.lon);
    const direct = changeAddress(h.stack.deps, order.orderId, IPANEMA);

    // Assess: refused before asking to confirm, in Portuguese; the order and its money unchanged
    await expect(direct).rejects.toBeInstanceOf(AddressChangeNeedsPayment);
    const texts = ChatDriver.texts(shared);
    expect(texts).toContain(pt.errorAddressChangeNeedsPayment(quote.fee - paid.deliveryFee));
    expect(texts.some((t) => t.startsWith(`Novo endereço do pedido ${order.orderId}`))).toBe(false);
    expect(chat.findButton(pt.buttonHuman)).toBeDefined();
    const after = (await h.stack.deps.orders.get(order.orderId))!;
    expect(after.address).toEqual(paid.address);
    expect(after.charges).toEqual(paid.charges);
    expect(after.paymentIntents ?? []).toEqual([]);
  });
});
