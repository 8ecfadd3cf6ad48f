// "Order again" on a finished order and change for a cash payment, through the real bot as the customer reads them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEXTS } from '../../../bots/telegram/telegram-texts.ts';
import { quoteDeliveryFee } from '../../../core/delivery-fee.ts';
import { formatMoney } from '../../../core/lang.ts';
import { COPACABANA } from '../../support/api-client.ts';
import { DEMO_STORE, demoProduct } from '../../support/demo-store.ts';
import {
  ChatDriver,
  checkoutFromAddress,
  type Harness,
  orderIdsOf,
  startHarness,
  waitForOrderStatus,
} from './bot-harness.ts';

const pt = TEXTS['pt-BR'];
const en = TEXTS.en;
const fee = quoteDeliveryFee(DEMO_STORE, COPACABANA).fee;

describe('Telegram conversation: order again and change for cash', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('asks "Precisa de troco? Para quanto?", refuses less than the total and unreadable amounts, and stores the answer', async () => {
    // Prepare: a cart of one calabresa pizza, checked out to the payment step
    const chat = new ChatDriver(h);
    const cala = demoProduct('PIZZA-CALA');
    const total = cala.price + fee;
    await chat.text('quero uma pizza de calabresa');
    await chat.press(pt.buttonCheckout);
    await chat.location(COPACABANA.lat, COPACABANA.lon);
    await chat.press(/^skip:complement:/);
    await chat.contact('+5521987651301');

    // Act
    const asked = await chat.press(/^pay:cash:/);
    const tooLow = await chat.text('20');
    const unreadable = await chat.text('cinquenta');
    const accepted = await chat.text('R$ 100');
    await chat.press(/^skip:note:/);

    // Assess: the question with its button, the refusals, and the summary with the change
    expect(ChatDriver.texts(asked.calls)).toEqual([pt.askChange]);
    expect(chat.findButton(/^nochange:/).button.text).toBe('Não preciso');
    expect(ChatDriver.texts(tooLow)[0]).toContain(
      `O valor do troco precisa ser pelo menos o total do pedido, ${formatMoney(total, 'pt-BR')}.`,
    );
    expect(ChatDriver.texts(unreadable)[0]).toContain(pt.changeUnreadable);
    expect(ChatDriver.texts(accepted)).toEqual([pt.askNote]);
    expect(chat.lastText()).toContain(`💵 Troco para ${formatMoney(10_000, 'pt-BR')}`);

    // Act: confirm
    await chat.press(pt.buttonConfirmOrder);
    const [orderId] = await orderIdsOf(h, chat.chatId);
    const order = await waitForOrderStatus(h.stack, orderId!, 'CONFIRMED');

    // Assess: on the order, in centavos
    expect(order.payment.method).toBe('cash');
    expect(order.changeFor).toBe(10_000);
  });

  it('takes "No change needed" in English, and keeps no amount', async () => {
    // Prepare
    const chat = new ChatDriver(h, undefined, { languageCode: 'en' });
    await chat.text('I want 2 guaranas');
    await chat.press(en.buttonCheckout);

    // Act
    await checkoutFromAddress(chat, { ...COPACABANA, phone: '+15551231302', payment: /^pay:cash:/ });

    // Assess
    expect(chat.lastText()).toContain(en.summaryNoChange);
    await chat.press(en.buttonConfirmOrder);
    const [orderId] = await orderIdsOf(h, chat.chatId);
    const order = await waitForOrderStatus(h.stack, orderId!, 'CONFIRMED');
    expect(order.changeFor).toBeUndefined();
  });

  it("repeats a cancelled order from My orders: same address, today's prices, a sold-out item left out and named", async () => {
    // Prepare: an order of a calabresa and a mate, with a complement, paid by pix, then cancelled
    const chat = new ChatDriver(h);
    const cala = demoProduct('PIZZA-CALA');
    const mate = demoProduct('MATE-500');
    await chat.text('quero uma calabresa e um mate');
    await chat.press(pt.buttonCheckout);
    await checkoutFromAddress(chat, {
      ...COPACABANA,
      phone: '+5521987651303',
      payment: /^pay:pix:/,
      complement: 'apto 302',
    });
    await chat.press(pt.buttonConfirmOrder);
    const [orderId] = await orderIdsOf(h, chat.chatId);
    await waitForOrderStatus(h.stack, orderId!, 'CONFIRMED');
    await chat.command('/orders');
    await chat.press(pt.orderButton(orderId!));
    await chat.press(pt.buttonCancelOrder);
    await chat.press(/^yes:/);
    await waitForOrderStatus(h.stack, orderId!, 'CANCELLED');
    // Someone else takes the last mates meanwhile.
    expect(await h.stack.deps.catalog.hold(mate.sku, 'OTHER1', mate.stock!)).toBe(true);

    // Act: My orders → Order again
    await chat.command('/orders');
    const again = await chat.press(new RegExp(`^again:${orderId}$`));

    // Assess: the button's label, the sentence naming the mate, and the summary with the old address
    expect(chat.findButton(/^place:/).button.text).toBe(pt.buttonConfirmOrder);
    const texts = ChatDriver.texts(again.calls);
    expect(texts[0]).toBe(`${pt.reorderIntro}\n${pt.reorderLeftOut(mate.name['pt-BR'])}`);
    expect(texts[1]).toContain(pt.summaryTitle);
    expect(texts[1]).toContain('apto 302');
    expect(texts[1]).toContain(formatMoney(cala.price + fee, 'pt-BR'));
    expect(texts[1]).not.toContain(mate.name['pt-BR']);

    // Act: confirm the repeated order
    await chat.press(pt.buttonConfirmOrder);
    const [second] = await orderIdsOf(h, chat.chatId);
    const order = await waitForOrderStatus(h.stack, second!, 'CONFIRMED');
    expect(second).not.toBe(orderId);
    expect(order.items.map((l) => [l.sku, l.qty])).toEqual([['PIZZA-CALA', 1]]);
    expect(order.address.complement).toBe('apto 302');
  });

  it('offers "Pedir de novo" only for a finished order', async () => {
    const chat = new ChatDriver(h);
    await chat.text('quero um guaraná');
    await chat.press(pt.buttonCheckout);
    await checkoutFromAddress(chat, { ...COPACABANA, phone: '+5521987651304', payment: /^pay:pix:/ });
    await chat.press(pt.buttonConfirmOrder);
    const [orderId] = await orderIdsOf(h, chat.chatId);
    await waitForOrderStatus(h.stack, orderId!, 'CONFIRMED');
    await chat.command('/orders');
    expect(
      chat
        .shown()
        .at(-1)!
        .buttons.flat()
        .map((b) => b.text),
    ).not.toContain(`${pt.buttonOrderAgain} · ${pt.orderButton(orderId!)}`);
    // A forged "order again" on an open order is refused like an unknown one.
    const forged = await chat.pressData(`again:${orderId}`, chat.shown().at(-1)!.messageId);
    expect(ChatDriver.texts(forged.calls)[0]).toBe(pt.orderNotFound(orderId!));
  });
});
