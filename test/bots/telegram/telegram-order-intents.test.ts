// Questions about placed orders over Telegram: status, ETA, address change before and after dispatch, cancel, privacy.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isForChat } from '../../../bots/telegram/order-event-push.ts';
import { TEXTS } from '../../../bots/telegram/telegram-texts.ts';
import { advanceOrder } from '../../../core/advance-order.ts';
import { ETA_ASSUMPTIONS } from '../../../core/delivery-eta.ts';
import { quoteDeliveryFee } from '../../../core/delivery-fee.ts';
import { formatMoney } from '../../../core/lang.ts';
import type { Order } from '../../../core/order.ts';
import { applyStoreControl } from '../../../core/store-controls.ts';
import { COPACABANA, IPANEMA, NITEROI, waitForAwaitingStaff } from '../../support/api-client.ts';
import { DEMO_STORE } from '../../support/demo-store.ts';
import {
  ChatDriver,
  checkoutToSummary,
  type Harness,
  orderIdsOf,
  startHarness,
  waitForOrderStatus,
} from './bot-harness.ts';

const pt = TEXTS['pt-BR'];

describe('Telegram conversation: questions about orders', () => {
  let h: Harness;
  let phones = 0;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  /** A chat with one CONFIRMED order (2 × ACAI-300 to Copacabana, paid by Pix). */
  async function chatWithOrder(payment = /^pay:pix:/): Promise<{ chat: ChatDriver; order: Order }> {
    const chat = new ChatDriver(h);
    await checkoutToSummary(chat, {
      ...COPACABANA,
      phone: `+55219876510${String(phones++).padStart(2, '0')}`,
      payment,
    });
    await chat.press(pt.buttonConfirmOrder);
    const [orderId] = await orderIdsOf(h, chat.chatId);
    await waitForOrderStatus(h.stack, orderId!, 'CONFIRMED');
    await waitForAwaitingStaff(h.stack, orderId!);
    return { chat, order: (await h.stack.deps.orders.get(orderId!))! };
  }

  async function advance(orderId: string, times: number): Promise<void> {
    for (let i = 0; i < times; i++) {
      await waitForAwaitingStaff(h.stack, orderId);
      await advanceOrder(h.stack.deps, orderId, 'staff');
    }
  }

  it('answers "where is my order?" with the status, the last change time in Rio time and the history, latest first', async () => {
    // Prepare
    const { chat, order } = await chatWithOrder();
    await advance(order.orderId, 1);
    const preparing = (await h.stack.deps.orders.get(order.orderId))!;

    // Act
    const calls = await chat.text('cadê meu pedido?');

    // Assess
    const text = ChatDriver.texts(calls)[0]!;
    const last = new Date(preparing.history.at(-1)!.at);
    const rioHour = String((last.getUTCHours() + 21) % 24).padStart(2, '0'); // UTC-3, no daylight saving since 2019
    expect(text).toContain(`📦 Pedido ${order.orderId}: ${pt.statusName.PREPARING}`);
    expect(text).toMatch(
      new RegExp(`Última atualização: \\d\\d/\\d\\d, ${rioHour}:${String(last.getUTCMinutes()).padStart(2, '0')}`),
    );
    const history = text.split('\n').filter((l) => l.startsWith('• '));
    expect(history.map((l) => l.split(' — ')[1])).toEqual([
      pt.statusName.PREPARING,
      pt.statusName.CONFIRMED,
      pt.statusName.AWAITING_PAYMENT,
      pt.statusName.RECEIVED,
    ]);
  });

  it('answers "when will it arrive?" with an estimate from the status and distance, stated as an estimate', async () => {
    // Prepare
    const { chat, order } = await chatWithOrder();

    // Act
    const calls = await chat.text('quanto tempo falta pra chegar?');

    // Assess: CONFIRMED → queue + preparation + travel (base + per km), minus the time already spent
    const text = ChatDriver.texts(calls)[0]!;
    const a = ETA_ASSUMPTIONS;
    const total =
      a.queueMinutes + DEMO_STORE.prepMinutes + a.travelBaseMinutes + a.travelPerKmMinutes * order.distanceKm!;
    const minutes = Number(/cerca de (\d+) min/.exec(text)?.[1]);
    expect(minutes).toBeGreaterThanOrEqual(Math.floor(total) - 1);
    expect(minutes).toBeLessThanOrEqual(Math.ceil(total));
    expect(text).toContain(pt.etaDisclaimer);
  });

  it('uses the order id the customer names, when it is theirs', async () => {
    // Prepare: two orders in one chat
    const { chat, order: first } = await chatWithOrder();
    await checkoutToSummary(chat, { ...COPACABANA, payment: /^pay:cash:/ });
    await chat.press(pt.buttonConfirmOrder);
    const [latest] = await orderIdsOf(h, chat.chatId);

    // Act
    const named = await chat.text(`onde está o pedido ${first.orderId}?`);
    const unnamed = await chat.text('onde está meu pedido?');

    // Assess
    expect(ChatDriver.texts(named)[0]).toContain(`📦 Pedido ${first.orderId}:`);
    expect(ChatDriver.texts(unnamed)[0]).toContain(`📦 Pedido ${latest}:`);
  });

  it('changes the address before dispatch: new fee, the difference, confirmation, then changeAddress', async () => {
    // Prepare: cash, so the rider collects the higher total (a Pix order cannot be charged more: tested below)
    const { chat, order } = await chatWithOrder(/^pay:cash:/);

    // Act: ask, share the new location, confirm
    const ask = await chat.text('quero mudar o endereço de entrega');
    const shared = await chat.location(IPANEMA.lat, IPANEMA.lon);
    const confirm = await chat.press(pt.buttonConfirmChange);

    // Assess
    const quote = quoteDeliveryFee(DEMO_STORE, IPANEMA);
    expect(ask[0]!.params.text).toBe(pt.askNewAddress(order.orderId));
    expect(shared[0]!.params.reply_markup).toEqual({ remove_keyboard: true });
    expect(shared[1]!.params.text).toBe(
      pt.addressChangeSummary(
        order.orderId,
        pt.sharedLocationLabel('perto de Ipanema, Rio de Janeiro'),
        order.deliveryFee,
        quote.fee,
        order.subtotal + quote.fee,
      ),
    );
    expect(String(shared[1]!.params.text)).toContain(
      `você paga ${formatMoney(quote.fee - order.deliveryFee, 'pt-BR')} a mais`,
    );
    const after = (await h.stack.deps.orders.get(order.orderId))!;
    expect(after).toMatchObject({
      address: { lat: IPANEMA.lat, lon: IPANEMA.lon },
      deliveryFee: quote.fee,
      total: order.subtotal + quote.fee,
    });
    expect(ChatDriver.texts(confirm.calls)).toContain(
      pt.addressChanged(order.orderId, after.address.text, quote.fee, after.total),
    );
  });

  it('refuses an address change outside the delivery area, and keeps asking', async () => {
    // Prepare
    const { chat, order } = await chatWithOrder();
    await chat.text('mudar endereço');

    // Act
    const far = await chat.location(NITEROI.lat, NITEROI.lon);

    // Assess
    const quote = quoteDeliveryFee(DEMO_STORE, NITEROI);
    expect(far[0]!.params.text).toBe(pt.outOfArea(quote.distanceKm, DEMO_STORE.deliveryRadiusKm));
    expect((await h.stack.sessions.get<any>(`telegram:${chat.chatId}`))!.state.awaiting).toBe('change_address');
    expect((await h.stack.deps.orders.get(order.orderId))!.address).toEqual(order.address);
  });

  it('explains why the address cannot change after dispatch, before asking and when dispatch wins the race', async () => {
    // Prepare: one order out for delivery, one dispatched between the question and the confirmation
    const { chat: late, order: gone } = await chatWithOrder();
    await advance(gone.orderId, 2);
    const { chat: racing, order: raced } = await chatWithOrder(/^pay:cash:/);
    await racing.text('quero mudar o endereço');
    await racing.location(IPANEMA.lat, IPANEMA.lon);
    await advance(raced.orderId, 2);

    // Act
    const refused = await late.text('quero mudar o endereço');
    const lost = await racing.press(pt.buttonConfirmChange);

    // Assess
    expect(refused[0]!.params.text).toBe(pt.errorAddressChangeNotAllowed(pt.statusName.OUT_FOR_DELIVERY));
    expect(ChatDriver.texts(lost.calls)).toContain(pt.errorAddressChangeNotAllowed(pt.statusName.OUT_FOR_DELIVERY));
    expect((await h.stack.deps.orders.get(raced.orderId))!.address).toEqual(raced.address);
  });

  it('cancels after confirmation and says how much was refunded', async () => {
    // Prepare
    const { chat, order } = await chatWithOrder();

    // Act
    const ask = await chat.text('quero cancelar meu pedido');
    const done = await chat.press(pt.buttonConfirmCancel);

    // Assess
    expect(ask[0]!.params.text).toBe(pt.askCancel(order.orderId, order.total, false));
    const cancelled = await waitForOrderStatus(h.stack, order.orderId, 'CANCELLED');
    expect(cancelled.refunds.reduce((s, r) => s + r.amount, 0)).toBe(order.total);
    expect(ChatDriver.texts(done.calls)).toContain(
      pt.cancelled(order.orderId, { kind: 'refunded', amount: order.total }),
    );
    expect(ChatDriver.texts(done.calls).join('\n')).toMatch(/Estornamos R\$/);
  });

  // Regression (issue 9): cancelling a cash order promised and announced a refund of money never collected.
  it('cancels a cash order without promising or announcing a refund', async () => {
    // Prepare
    const { chat, order } = await chatWithOrder(/^pay:cash:/);

    // Act
    const ask = await chat.text('quero cancelar meu pedido');
    const done = await chat.press(pt.buttonConfirmCancel);

    // Assess
    expect(order.payment.method).toBe('cash');
    expect(ask[0]!.params.text).toBe(
      `Quer mesmo cancelar o pedido ${order.orderId} (${formatMoney(order.total, 'pt-BR')})? Nada foi cobrado, porque o pagamento seria na entrega.`,
    );
    expect(ChatDriver.texts(done.calls)).toContain(`Pedido ${order.orderId} cancelado. Nada foi cobrado.`);
    expect((await h.stack.payments.listRecords()).filter((r) => r.orderId === order.orderId)).toEqual([]);
  });

  it('keeps the order when the customer says no, and a second "yes" on the old question does nothing', async () => {
    // Prepare
    const { chat, order } = await chatWithOrder();
    await chat.text('cancelar pedido');
    const { message, button } = chat.findButton(pt.buttonConfirmCancel);

    // Act
    const no = await chat.press(pt.buttonKeepOrder);
    const lateYes = await chat.pressData(button.callback_data, message.messageId);

    // Assess
    expect(ChatDriver.texts(no.calls)).toContain(pt.cancelKept);
    expect(lateYes.answer).toBe(pt.confirmationExpired);
    expect((await h.stack.deps.orders.get(order.orderId))!.status).toBe('CONFIRMED');
  });

  it("reveals nothing about another chat's order: the answer is exactly the one for an unknown id", async () => {
    // Prepare
    const { order } = await chatWithOrder();
    const other = new ChatDriver(h);
    const unknownId = order.orderId === 'ZZZZZZ' ? 'YYYYYY' : 'ZZZZZZ';

    // Act
    const foreign = ChatDriver.texts(await other.text(`onde está o pedido ${order.orderId}?`));
    const unknown = ChatDriver.texts(await other.text(`onde está o pedido ${unknownId}?`));
    const foreignEta = ChatDriver.texts(await other.text(`quando chega o pedido ${order.orderId}?`));
    const forgedCancel = await other.pressData(`cancel:${order.orderId}`, 1);
    const forgedStatus = await other.pressData(`status:${order.orderId}`, 1);

    // Assess
    expect(foreign).toEqual(unknown.map((t) => t.replaceAll(unknownId, order.orderId)));
    expect(foreign).toEqual([pt.orderNotFound(order.orderId)]);
    expect(foreignEta).toEqual([pt.orderNotFound(order.orderId)]);
    expect(ChatDriver.texts(forgedCancel.calls)).toEqual([pt.orderNotFound(order.orderId)]);
    expect(ChatDriver.texts(forgedStatus.calls)).toEqual([pt.orderNotFound(order.orderId)]);
    const everything = other.transcript().join('\n');
    for (const secret of [
      order.customer.name,
      order.customer.phone,
      order.address.text,
      formatMoney(order.total, 'pt-BR'),
    ])
      expect(everything).not.toContain(secret);
    expect((await h.stack.deps.orders.get(order.orderId))!.status).toBe('CONFIRMED');
  });

  it('lists only this chat\'s orders under "My orders"', async () => {
    // Prepare
    const { chat, order } = await chatWithOrder();
    const { order: elsewhere } = await chatWithOrder();

    // Act
    await chat.command('/start');
    const list = await chat.press(pt.buttonMyOrders);

    // Assess
    const text = ChatDriver.texts(list.calls)[0]!;
    expect(text).toContain(order.orderId);
    expect(text).not.toContain(elsewhere.orderId);
  });

  it('says so when the chat has no orders yet', async () => {
    // Prepare
    const chat = new ChatDriver(h);

    // Act
    const status = await chat.text('cadê meu pedido?');

    // Assess
    expect(ChatDriver.texts(status)).toEqual([pt.noOrders]);
  });

  it('adds the kitchen delay staff set to the estimate, and drops it once cleared', async () => {
    // Prepare: last in the file, since a delay is announced to every order in the kitchen (the other tests' too)
    const { chat } = await chatWithOrder();
    const minutesIn = async () => {
      const texts = ChatDriver.texts(await chat.text('quanto tempo falta pra chegar?'));
      return Number(texts.map((t) => /cerca de (\d+) min/.exec(t)?.[1]).find((m) => m !== undefined));
    };
    const before = await minutesIn();

    // Act
    await applyStoreControl(h.stack.deps, { kind: 'delay', minutes: 20 });
    const delayed = await minutesIn();
    await applyStoreControl(h.stack.deps, { kind: 'delay', minutes: 0 });
    const cleared = await minutesIn();

    // Assess: the same estimate 20 minutes later (a minute may pass between two answers)
    expect(delayed - before).toBeGreaterThanOrEqual(19);
    expect(delayed - before).toBeLessThanOrEqual(20);
    expect(before - cleared).toBeLessThanOrEqual(1);
    expect(cleared).toBeLessThan(delayed - 18);
    // The delay itself reaches this chat as an order event for it (the push, tested with the local stack's bot)
    const pushed = h.stack.notifier.events.filter((e) => e.payload.event === 'KITCHEN_DELAY').map((e) => e.payload);
    expect(pushed.filter((p) => isForChat(p) && p.telegramChatId === chat.chatId).map((p) => p.text)).toEqual([
      expect.stringContaining('deve atrasar uns 20 min'),
    ]);
  });
});
