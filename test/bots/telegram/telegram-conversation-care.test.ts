// A conversation that feels looked after, read as the customer sees it: one confirmation per order, no message said
// twice, short replies to repeated greetings and small talk, questions answered at the address step, the address
// change in one step, and one acknowledgement while waiting for a person.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InProcessChatWorkQueue } from '../../../adapters/local/in-process-work-queue.ts';
import { QueuedStaffDesk, type SlackWork } from '../../../bots/slack/slack-work.ts';
import { pushOrderEventToChat } from '../../../bots/telegram/order-event-push.ts';
import { TEXTS } from '../../../bots/telegram/telegram-texts.ts';
import { advanceOrder } from '../../../core/advance-order.ts';
import { cancelOrder } from '../../../core/cancel-order.ts';
import { estimateDelivery } from '../../../core/delivery-eta.ts';
import { formatMoney } from '../../../core/lang.ts';
import { lineLogger } from '../../../core/logger.ts';
import type { Order } from '../../../core/order.ts';
import { COPACABANA, waitForAwaitingStaff } from '../../support/api-client.ts';
import {
  ChatDriver,
  checkoutToSummary,
  type Harness,
  orderIdsOf,
  startHarness,
  waitForOrderStatus,
} from './bot-harness.ts';

const pt = TEXTS['pt-BR'];
const en = TEXTS.en;

describe('Telegram conversation: looked after', () => {
  let h: Harness;
  let stopPushing: () => void;
  let phones = 0;
  const deskQueue = new InProcessChatWorkQueue<SlackWork>(async () => {});
  beforeAll(async () => {
    h = await startHarness({ staffDesk: new QueuedStaffDesk(deskQueue) });
    // The status pushes, wired as the local stack wires them (apps/local/local-telegram.ts).
    const log = lineLogger(() => {});
    stopPushing = h.stack.notifier.onEvent((e) => {
      void pushOrderEventToChat(h.bot.api, e.payload, log);
    });
  });
  afterAll(async () => {
    stopPushing();
    await h.close();
  });

  /** Waits until the chat has been quiet for a moment: pushes arrive after the reply that caused them. */
  async function quiet(chat: ChatDriver, ms = 250): Promise<string[]> {
    let count = -1;
    while (count !== chat.transcript().length) {
      count = chat.transcript().length;
      await new Promise((r) => setTimeout(r, ms));
    }
    return chat.transcript();
  }

  /** A chat with one CONFIRMED order (2 × ACAI-300 to Copacabana, Pix unless told), waiting for the kitchen. */
  async function chatWithOrder(
    opts: { languageCode?: string; payment?: RegExp } = {},
  ): Promise<{ chat: ChatDriver; order: Order }> {
    const chat = new ChatDriver(h, undefined, opts.languageCode ? { languageCode: opts.languageCode } : {});
    await checkoutToSummary(chat, {
      ...COPACABANA,
      phone: `+55219876520${String(phones++).padStart(2, '0')}`,
      payment: opts.payment ?? /^pay:pix:/,
    });
    await chat.press(/^place:/);
    const [orderId] = await orderIdsOf(h, chat.chatId);
    await waitForOrderStatus(h.stack, orderId!, 'CONFIRMED');
    await waitForAwaitingStaff(h.stack, orderId!);
    await quiet(chat);
    chat.catchUp();
    return { chat, order: (await h.stack.deps.orders.get(orderId!))! };
  }

  it('confirms a placed order in one message: items, address, fee, total, payment and the estimated time', async () => {
    // Prepare
    const chat = new ChatDriver(h);
    await checkoutToSummary(chat, { ...COPACABANA, phone: '+5521987652990', payment: /^pay:pix:/ });
    const before = chat.transcript().length;

    // Act
    await chat.press(pt.buttonConfirmOrder);
    const [orderId] = await orderIdsOf(h, chat.chatId);
    const order = await waitForOrderStatus(h.stack, orderId!, 'CONFIRMED');
    const after = (await quiet(chat)).slice(before);

    // Assess: "received, creating your Pix", the Pix, then one confirmation holding everything once it was paid (the
    // Pix is paid at once in tests); no "Recebemos…" / "confirmado!" pushes on top of it
    expect(after[0]).toBe(pt.orderAwaitingPix(orderId!));
    expect(after.filter((t) => t.startsWith(pt.pixCopyPaste))).toHaveLength(1);
    const confirmations = after.filter(
      (t) => /^(🎉|✅ Pagamento recebido)/.test(t) || t.includes(`Pedido ${orderId} confirmado!`),
    );
    expect(confirmations).toHaveLength(1);
    expect(after).toHaveLength(3);
    const text = confirmations[0]!;
    expect(text).toMatch(new RegExp(`^✅ Pagamento recebido! Pedido ${orderId} confirmado\\.`));
    for (const l of order.items)
      expect(text).toContain(`${l.qty}× ${l.name} — ${formatMoney(l.qty * l.price, 'pt-BR')}`);
    expect(text).toContain(`Entrega: ${formatMoney(order.deliveryFee, 'pt-BR')}`);
    expect(text).toContain(`Total: ${formatMoney(order.total, 'pt-BR')} · Pix`);
    expect(text).toContain(`📍 ${order.address.text}`);
    expect(text).not.toMatch(/-?\d+\.\d{3,}/); // no coordinates
    expect(text).toMatch(/⏱ Previsão: por volta das \d\d:\d\d\./);
  });

  it('confirms a cancel once: the chat answers, and the CANCELLED push does not repeat it', async () => {
    // Prepare
    const { chat, order } = await chatWithOrder();
    const before = chat.transcript().length;

    // Act
    await chat.text('quero cancelar o pedido');
    await chat.press(pt.buttonConfirmCancel);
    await waitForOrderStatus(h.stack, order.orderId, 'CANCELLED');
    const after = (await quiet(chat)).slice(before);

    // Assess
    expect(after.filter((t) => t.includes(`Pedido ${order.orderId} cancelado`))).toHaveLength(1);
  });

  it('still pushes a cancel made by staff, which the chat did not say itself', async () => {
    // Prepare
    const { chat, order } = await chatWithOrder();
    const before = chat.transcript().length;

    // Act
    await cancelOrder(h.stack.deps, order.orderId, 'slack:U0ANA');
    const after = (await quiet(chat)).slice(before);

    // Assess
    expect(after).toEqual([expect.stringMatching(new RegExp(`^Pedido ${order.orderId} cancelado\\.`))]);
  });

  it('changes the address in one step and confirms it once', async () => {
    // Prepare: cash, so the higher fee is collected on delivery (a Pix order cannot be charged the difference)
    const { chat, order } = await chatWithOrder({ payment: /^pay:cash:/ });
    const before = chat.transcript().length;

    // Act
    const asked = await chat.text('quero mudar o endereço para Rua Xavier da Silveira 50');
    await chat.press(pt.buttonConfirmChange);
    const after = (await quiet(chat)).slice(before);

    // Assess: no second question for the address; straight to the new fee; one confirmation of the change
    const askedTexts = ChatDriver.texts(asked);
    expect(askedTexts).not.toContain(pt.askNewAddress(order.orderId));
    expect(askedTexts.at(-1)).toMatch(
      new RegExp(`^Novo endereço do pedido ${order.orderId}: Rua Xavier da Silveira 50`),
    );
    const changed = (await h.stack.deps.orders.get(order.orderId))!;
    expect(changed.address.text).toContain('Rua Xavier da Silveira 50');
    expect(after.filter((t) => t.includes('Rua Xavier da Silveira 50') && /atualizado|alterado/.test(t))).toEqual([
      pt.addressChanged(order.orderId, changed.address.text, changed.deliveryFee, changed.total),
    ]);
  });

  it('asks for the new address when the request does not name one', async () => {
    // Prepare
    const { chat, order } = await chatWithOrder();

    // Act
    const asked = await chat.text('quero mudar o endereço');

    // Assess
    expect(ChatDriver.texts(asked)).toEqual([pt.askNewAddress(order.orderId)]);
  });

  it('greets once: "oi" five times gets one greeting and then a short "Oi de novo!"', async () => {
    // Prepare
    const chat = new ChatDriver(h);

    // Act
    const replies: string[][] = [];
    for (let i = 0; i < 5; i++) replies.push(ChatDriver.texts(await chat.text('oi')));

    // Assess
    expect(replies[0]![0]).toMatch(/^Olá, Ana! 👋/);
    expect(replies.slice(1)).toEqual([[pt.greetingAgain], [pt.greetingAgain], [pt.greetingAgain], [pt.greetingAgain]]);
    expect(
      chat
        .shown()
        .at(-1)!
        .buttons.flat()
        .map((b) => b.text),
    ).toContain(pt.buttonMenu);
  });

  it.each([
    ['obrigado', pt.smallTalkThanks],
    ['valeu', pt.smallTalkThanks],
    ['brigado', pt.smallTalkThanks],
    ['boa noite', pt.smallTalkBye(true)],
    ['👍', pt.smallTalkAck],
    ['ok', pt.smallTalkAck],
  ])('answers the small talk "%s" with a short reply, not the greeting', async (said, reply) => {
    // Prepare
    const chat = new ChatDriver(h);

    // Act
    const calls = await chat.text(said);

    // Assess
    expect(ChatDriver.texts(calls)).toEqual([reply]);
  });

  it('answers "thanks" in English', async () => {
    // Prepare
    const chat = new ChatDriver(h, undefined, { languageCode: 'en' });

    // Act
    const calls = await chat.text('thanks');

    // Assess
    expect(ChatDriver.texts(calls)).toEqual([en.smallTalkThanks]);
    expect(en.smallTalkThanks).toMatch(/^You're welcome!/);
  });

  it('answers questions typed at the address step, then asks for the address again', async () => {
    // Prepare: a cart at the address question
    const chat = new ChatDriver(h);
    await chat.command('/start');
    await chat.press(/^categories$/);
    await chat.press(/^category:acai$/);
    await chat.press(/^qty:ACAI-300:1:/);
    await chat.press(/^cart$/);
    await chat.press(/^checkout:/);

    // Act
    const where = ChatDriver.texts(await chat.text('cadê meu pedido?'));
    const fee = ChatDriver.texts(await chat.text('quanto fica a entrega?'));
    const hours = ChatDriver.texts(await chat.text('qual o horário?'));
    const address = ChatDriver.texts(await chat.text(COPACABANA.text));

    // Assess: each question answered (never "address not found"), the prompt repeated, and the address still taken
    for (const answer of [where, fee, hours]) {
      expect(answer).not.toContain(pt.addressNotUnderstood);
      expect(answer.at(-1)).toBe(pt.backToAddress);
      expect(answer.length).toBeGreaterThanOrEqual(2);
    }
    expect(where[0]).toBe(pt.noOrders);
    expect(address[0]).toMatch(/^📍 Entrega em: Rua Barata Ribeiro 200/);
  });

  it("pushes each stage with the updated estimate, in the shop's time zone", async () => {
    // Prepare
    const { chat, order } = await chatWithOrder();
    const store = await h.stack.deps.catalog.getStore();
    const hhmm = (at: Date) =>
      new Intl.DateTimeFormat('pt-BR', { timeZone: store.timezone, hour: '2-digit', minute: '2-digit' }).format(at);
    const expectedTime = async () => {
      const now = (await h.stack.deps.orders.get(order.orderId))!;
      const eta = estimateDelivery(now, new Date(now.history.at(-1)!.at), store);
      return eta.kind === 'estimate' ? hhmm(eta.arrival) : 'none';
    };
    const before = chat.transcript().length;

    // Act
    await advanceOrder(h.stack.deps, order.orderId, 'staff');
    await waitForOrderStatus(h.stack, order.orderId, 'PREPARING');
    const preparingAt = await expectedTime();
    await waitForAwaitingStaff(h.stack, order.orderId);
    await advanceOrder(h.stack.deps, order.orderId, 'staff');
    await waitForOrderStatus(h.stack, order.orderId, 'OUT_FOR_DELIVERY');
    const outAt = await expectedTime();
    const pushes = (await quiet(chat)).slice(before);

    // Assess
    expect(pushes).toEqual([
      `Seu pedido ${order.orderId} está sendo preparado. Previsão: por volta das ${preparingAt}.`,
      expect.stringMatching(
        new RegExp(`^Seu pedido ${order.orderId} saiu para entrega em .*Previsão: por volta das ${outAt}\\.$`),
      ),
    ]);
  });

  it('acknowledges messages while the customer waits for a person once, not on every message', async () => {
    // Prepare
    const chat = new ChatDriver(h);
    await chat.command('/start');
    await chat.press(pt.buttonHuman);

    // Act
    const first = await chat.text('oi, alguém aí?');
    const second = await chat.text('é sobre o meu pedido');
    const third = await chat.text('???');

    // Assess
    expect(ChatDriver.texts(first)).toEqual([pt.handoffWaitingAck]);
    expect(second).toEqual([]);
    expect(third).toEqual([]);
  });
});
