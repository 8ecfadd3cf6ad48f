// The Telegram ordering conversation end to end: the real grammY bot, the fake Bot API, and the real order workflow.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEXTS } from '../../../bots/telegram/telegram-texts.ts';
import { quoteDeliveryFee } from '../../../core/delivery-fee.ts';
import { formatMoney } from '../../../core/lang.ts';
import { BARRA, COPACABANA } from '../../support/api-client.ts';
import { categoryLabel, DEMO_PRODUCTS, DEMO_STORE } from '../../support/demo-store.ts';
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
const acai = DEMO_PRODUCTS.find((p) => p.sku === 'ACAI-300')!;
const guarana = DEMO_PRODUCTS.find((p) => p.sku === 'GUARANA-350')!;

describe('Telegram conversation: ordering', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it("takes an order from /start to CONFIRMED with a location share and the customer's own contact (pt-BR)", async () => {
    // Prepare
    const chat = new ChatDriver(h);

    // Act: greeting and main menu
    const start = await chat.command('/start');
    // Assess
    expect(ChatDriver.texts(start)[0]).toBe(`${pt.greeting('Ana', DEMO_STORE.name)}\n\n${pt.mainMenuPrompt}`);
    expect(
      chat
        .shown()
        .at(-1)!
        .buttons.flat()
        .map((b) => b.text),
    ).toEqual([pt.buttonMenu, pt.buttonMyOrders, pt.buttonHelp, pt.buttonHuman]);

    // Act: menu → açaí category → add two, then a drink
    await chat.press(pt.buttonMenu);
    const category = await chat.press(categoryLabel('acai'));
    // Assess: prices formatted in pt-BR, the sold-out rule not triggered for stocked items
    expect(ChatDriver.texts(category.calls)[0]).toContain(
      `${acai.name['pt-BR']} — ${formatMoney(acai.price, 'pt-BR')}`,
    );
    const first = await chat.press(/^qty:ACAI-300:1:/);
    const second = await chat.press(/^qty:ACAI-300:2:/);
    expect(first.answer).toBe(pt.added(acai.name['pt-BR'], 1));
    expect(second.answer).toBe(pt.added(acai.name['pt-BR'], 2));
    await chat.press(pt.buttonCategories);
    await chat.press(categoryLabel('drink'));
    await chat.press(/^qty:GUARANA-350:1:/);

    // Act: cart summary
    const cart = await chat.press(/^cart$/);
    const subtotal = 2 * acai.price + guarana.price;
    // Assess
    expect(ChatDriver.texts(cart.calls)[0]).toContain(pt.cartSubtotal(subtotal));

    // Act: checkout → location share
    const askAddress = await chat.press(pt.buttonCheckout);
    // Assess: a reply keyboard with request_location
    expect(askAddress.calls[0]!.params.text).toBe(pt.askAddress);
    expect((askAddress.calls[0]!.params.reply_markup as any).keyboard[0][0]).toMatchObject({ request_location: true });
    const fee = quoteDeliveryFee(DEMO_STORE, COPACABANA);
    const located = await chat.location(COPACABANA.lat, COPACABANA.lon);
    // Assess: the fee, the location keyboard taken away, and the optional complement question
    expect(ChatDriver.texts(located)[0]).toContain(formatMoney(fee.fee, 'pt-BR'));
    expect(located[0]!.params.reply_markup).toEqual({ remove_keyboard: true });
    expect(ChatDriver.texts(located)[1]).toBe(pt.askComplement);

    // Act: no complement → the phone step
    const skipped = await chat.press(pt.buttonNoComplement);
    expect((skipped.calls.at(-1)!.params.reply_markup as any).keyboard[0][0]).toMatchObject({ request_contact: true });

    // Act: own contact (the client sends the number without '+')
    const phone = await chat.contact('5521987650001');
    // Assess: the reply keyboard is removed and the payment question follows
    expect(phone[0]!.params).toMatchObject({
      text: pt.phoneSaved('+5521987650001'),
      reply_markup: { remove_keyboard: true },
    });
    expect(String(phone[1]!.params.text)).toContain(pt.askPayment);

    // Act: Pix → the optional note → none → summary
    const askNote = await chat.press(pt.paymentName.pix);
    expect(ChatDriver.texts(askNote.calls)).toEqual([pt.askNote]);
    const summary = await chat.press(pt.buttonNoNote);
    const summaryText = ChatDriver.texts(summary.calls)[0]!;
    // Assess: items, fee from the location, total, and a Confirm button
    expect(summaryText).toContain(`2× ${acai.name['pt-BR']} — ${formatMoney(2 * acai.price, 'pt-BR')}`);
    expect(summaryText).toContain(formatMoney(subtotal + fee.fee, 'pt-BR'));
    chat.findButton(pt.buttonConfirmOrder);

    // Act: confirm
    const confirm = await chat.press(pt.buttonConfirmOrder);
    const [orderId] = await orderIdsOf(h, chat.chatId);
    // Assess: acknowledged in chat (the confirmation comes once the Pix is paid), and the real workflow confirms it
    expect(ChatDriver.texts(confirm.calls)).toContain(pt.orderAwaitingPix(orderId!));
    expect(ChatDriver.texts(confirm.calls).filter((x) => x.startsWith(`🎉 Pedido ${orderId} recebido!`))).toEqual([]);
    const order = await waitForOrderStatus(h.stack, orderId!, 'CONFIRMED');
    expect(order.customer).toMatchObject({
      telegramChatId: chat.chatId,
      phone: '+5521987650001',
      name: 'Ana',
      lang: 'pt-BR',
    });
    expect(order.items.map((l) => [l.sku, l.qty])).toEqual([
      ['ACAI-300', 2],
      ['GUARANA-350', 1],
    ]);
    expect(order.payment.method).toBe('pix');
    expect(order.total).toBe(subtotal + fee.fee);
  });

  it('never makes two orders from a double tap on Confirm', async () => {
    // Prepare
    const chat = new ChatDriver(h);
    await checkoutToSummary(chat, { ...COPACABANA, phone: '+5521987650002', payment: /^pay:cash:/ });
    const { message, button } = chat.findButton(pt.buttonConfirmOrder);

    // Act: the same button twice (the second tap arrives before the client saw the first answer)
    await chat.pressData(button.callback_data, message.messageId);
    const again = await chat.pressData(button.callback_data, message.messageId);

    // Assess
    const ids = await orderIdsOf(h, chat.chatId);
    expect(ids).toHaveLength(1);
    expect(ChatDriver.texts(again.calls)).toContain(pt.orderAlreadyReceived(ids[0]!));
    const order = await waitForOrderStatus(h.stack, ids[0]!, 'CONFIRMED');
    expect(await h.stack.deps.orders.listByCustomer(order.customer.id, 10)).toHaveLength(1);
  });

  it('geocodes a typed address, asks again when it is not understood or out of the area, and pays the card on the hosted checkout', async () => {
    // Prepare
    const chat = new ChatDriver(h);
    await chat.command('/start');
    await chat.press(pt.buttonMenu);
    await chat.press(categoryLabel('pizza'));
    await chat.press(/^qty:PIZZA-MARG:1:/);
    await chat.press(/^cart$/);
    await chat.press(pt.buttonCheckout);

    // Act: gibberish, then an address 18 km away, then a real one
    const unknown = await chat.text('asdkjh qwe');
    const far = await chat.text('Av. das Américas 500, Barra da Tijuca');
    const typed = 'Rua Barata Ribeiro 200, Copacabana';
    const found = await chat.text(typed);

    // Assess
    expect(unknown[0]!.params.text).toBe(pt.addressNotUnderstood);
    expect((unknown[0]!.params.reply_markup as any).keyboard[0][0]).toMatchObject({ request_location: true });
    const barra = quoteDeliveryFee(DEMO_STORE, BARRA);
    expect(String(far[0]!.params.text)).toMatch(/fica a 1\d,\d km da loja, e entregamos até 8 km/);
    expect(barra.inArea).toBe(false);
    expect(String(found[0]!.params.text)).toContain(
      `📍 Entrega em: ${typed} (entendi: Rua Barata Ribeiro, Copacabana)`,
    );

    // Act: no complement, contact, card, no note, confirm
    await chat.press(pt.buttonNoComplement);
    await chat.contact('+5521987650003');
    await chat.press(pt.paymentName.card);
    const summary = await chat.press(pt.buttonNoNote);
    await chat.press(pt.buttonConfirmOrder);

    // Assess: the hosted page is stated, no card token is sent (the simulated checkout is paid at once in tests), and
    // the order keeps the customer's own words for the courier
    expect(ChatDriver.texts(summary.calls)[0]).toContain(pt.cardStandIn);
    const [orderId] = await orderIdsOf(h, chat.chatId);
    const order = await waitForOrderStatus(h.stack, orderId!, 'CONFIRMED');
    expect(order.address.text).toBe(typed);
    expect(order.payment).toEqual({ method: 'card' });
    expect(order.awaitingPayment?.checkoutUrl).toMatch(/\/dev\/checkout\//);
    expect(order.charges.reduce((s, c) => s + c.amount, 0)).toBe(order.total);
  });

  it('speaks English end to end to an en user, and places the order in English', async () => {
    // Prepare
    const chat = new ChatDriver(h, undefined, { languageCode: 'en', firstName: 'John' });
    const ptOnly = Object.entries(pt)
      .filter(([k, v]) => typeof v === 'string' && v !== (en as Record<string, unknown>)[k])
      .map(([, v]) => v as string);

    // Act
    await checkoutToSummary(chat, { ...COPACABANA, phone: '+15551230004', payment: /^pay:pix:/ });
    await chat.press(en.buttonConfirmOrder);
    await chat.text('where is my order?');

    // Assess
    const texts = chat.transcript();
    expect(texts[0]).toBe(`${en.greeting('John', DEMO_STORE.name)}\n\n${en.mainMenuPrompt}`);
    expect(texts.some((t) => t.startsWith(en.summaryTitle))).toBe(true);
    for (const text of texts) for (const p of ptOnly) expect(text).not.toContain(p);
    const [orderId] = await orderIdsOf(h, chat.chatId);
    expect(texts.filter((x) => x === en.orderAwaitingPix(orderId!))).toHaveLength(1);
    expect(texts.at(-1)).toContain(`📦 Order ${orderId}:`);
    expect((await h.stack.deps.orders.get(orderId!))!.customer.lang).toBe('en');
  });

  it('remembers /lang over the app language, and reuses the shared phone on the next checkout', async () => {
    // Prepare: a pt app that chose English
    const chat = new ChatDriver(h);
    await chat.command('/lang');
    await chat.press(en.languageButtonEn);

    // Act
    const start = await chat.command('/start');
    await checkoutToSummary(chat, { ...COPACABANA, phone: '+5521987650005', payment: /^pay:pix:/ });
    await chat.press(en.buttonConfirmOrder);
    await chat.press(/^categories$/);
    await chat.press(/^category:acai$/);
    await chat.press(/^qty:ACAI-500:1:/);
    await chat.press(/^cart$/);
    await chat.press(/^checkout:/);
    await chat.location(COPACABANA.lat, COPACABANA.lon);
    const skipped = await chat.press(en.buttonNoComplement);

    // Assess: English despite language_code pt-br; no second phone request, straight to payment
    expect(ChatDriver.texts(start)[0]).toContain(en.greeting('Ana', DEMO_STORE.name));
    expect(ChatDriver.texts(skipped.calls)).toHaveLength(1);
    expect(ChatDriver.texts(skipped.calls)[0]).toContain(en.askPayment);
  });

  it("refuses a contact that is not the sender's own, and stays on the phone step", async () => {
    // Prepare
    const chat = new ChatDriver(h);
    await chat.command('/start');
    await chat.press(/^categories$/);
    await chat.press(/^category:drink$/);
    await chat.press(/^qty:GUARANA-350:1:/);
    await chat.press(/^cart$/);
    await chat.press(/^checkout:/);
    await chat.location(COPACABANA.lat, COPACABANA.lon);
    await chat.press(/^skip:complement:/);

    // Act
    const someoneElse = await chat.contact('+5521900000000', { contactUserId: 42 });
    const typedPhone = await chat.text('+5521 98765-0006');

    // Assess
    expect(someoneElse[0]!.params.text).toBe(pt.notYourContact);
    expect(typedPhone[0]!.params.text).toBe(pt.phoneTextNotAccepted);
    const stored = await h.stack.sessions.get<any>(`telegram:${chat.chatId}`);
    expect(stored!.state.awaiting).toBe('checkout_phone');
    expect(stored!.state.profile).toBeUndefined();
  });
});
