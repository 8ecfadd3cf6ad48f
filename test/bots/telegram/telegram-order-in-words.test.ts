// Ordering in plain words through the real bot: items typed in a sentence go to the cart with "close the order?",
// ambiguous ones are asked back with buttons, unknown ones are named, and questions about items are left alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEXTS } from '../../../bots/telegram/telegram-texts.ts';
import { COPACABANA } from '../../support/api-client.ts';
import { DEMO_PRODUCTS, demoProduct } from '../../support/demo-store.ts';
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
const cala = demoProduct('PIZZA-CALA');
const guarana = demoProduct('GUARANA-350');
const buttonsOf = (chat: ChatDriver) =>
  chat
    .shown()
    .at(-1)!
    .buttons.flat()
    .map((b) => b.text);

describe('Telegram conversation: an order in plain words', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('adds "uma pizza de calabresa e 2 guaraná", shows the cart and asks to close the order, then checks out', async () => {
    // Prepare
    const chat = new ChatDriver(h);

    // Act
    const replies = await chat.text('quero uma pizza de calabresa e 2 guaraná');

    // Assess: one message, the sentence the customer reads, the cart, and the question with its buttons
    const texts = ChatDriver.texts(replies);
    expect(texts).toHaveLength(1);
    const lines = texts[0]!.split('\n');
    expect(lines[0]).toBe(`Adicionei 1× ${cala.name['pt-BR']} e 2× ${guarana.name['pt-BR']}.`);
    expect(texts[0]).toContain(pt.cartLine(1, cala.name['pt-BR'], cala.price, true));
    expect(texts[0]).toContain(pt.cartLine(2, guarana.name['pt-BR'], 2 * guarana.price, true));
    expect(texts[0]).toContain(pt.cartSubtotal(cala.price + 2 * guarana.price));
    expect(lines.at(-1)).toBe('Quer fechar o pedido?');
    expect(buttonsOf(chat)).toEqual([
      pt.buttonCheckout,
      pt.buttonAddMore,
      pt.buttonCart(3, cala.price + 2 * guarana.price),
    ]);

    // Act: close the order from that message
    await chat.press(pt.buttonCheckout);
    await checkoutFromAddress(chat, { ...COPACABANA, phone: '+5521987651201', payment: /^pay:pix:/ });
    await chat.press(pt.buttonConfirmOrder);

    // Assess: the order holds what was typed
    const [orderId] = await orderIdsOf(h, chat.chatId);
    const order = await waitForOrderStatus(h.stack, orderId!, 'CONFIRMED');
    expect(order.items.map((l) => [l.sku, l.qty])).toEqual([
      ['PIZZA-CALA', 1],
      ['GUARANA-350', 2],
    ]);
  });

  it('asks back which pizza when "uma pizza" fits four, and adds the one pressed once', async () => {
    // Prepare
    const chat = new ChatDriver(h);

    // Act
    const asked = await chat.text('quero uma pizza e um guaraná');

    // Assess: the guaraná added at once, the pizza asked back with one button per pizza
    const texts = ChatDriver.texts(asked);
    expect(texts).toEqual([`Adicionei 1× ${guarana.name['pt-BR']}.`, 'Qual pizza você quer?']);
    const pizzas = DEMO_PRODUCTS.filter((p) => p.category === 'pizza');
    expect(buttonsOf(chat)).toEqual(pizzas.map((p) => pt.itemButton(p.name['pt-BR'], p.price, true, 0)));

    // Act: press Calabresa, then the same question's Margherita (an old message)
    const { message } = chat.findButton(/^pick:PIZZA-CALA:/);
    const picked = await chat.press(/^pick:PIZZA-CALA:/);
    const marg = message.buttons
      .flat()
      .find((b) => 'callback_data' in b && b.callback_data.startsWith('pick:PIZZA-MARG'));
    const again = await chat.pressData((marg as { callback_data: string }).callback_data, message.messageId);

    // Assess
    const after = ChatDriver.texts(picked.calls).at(-1)!;
    expect(after.split('\n')[0]).toBe(`Adicionei 1× ${cala.name['pt-BR']}.`);
    expect(after).toContain(pt.cartSubtotal(cala.price + guarana.price));
    expect(again.answer).toBe(pt.wordsPickUsed);
    const stored = await h.stack.sessions.get<{ cart: { lines: { sku: string; qty: number }[] } }>(
      `telegram:${chat.chatId}`,
    );
    expect(stored?.state.cart.lines).toEqual([
      { sku: 'GUARANA-350', qty: 1 },
      { sku: 'PIZZA-CALA', qty: 1 },
    ]);
  });

  it('asks which açaí, in English too, and names what the menu does not have', async () => {
    // Prepare
    const chat = new ChatDriver(h, undefined, { languageCode: 'en' });

    // Act
    const asked = await chat.text('I want 2 açaí and a burger');

    // Assess
    expect(ChatDriver.texts(asked)).toEqual(["We don't have burger on the menu.", "Which açaí? That's 2 of them."]);
    expect(buttonsOf(chat)).toHaveLength(3);
    const picked = await chat.press(/^pick:ACAI-500:2:/);
    expect(ChatDriver.texts(picked.calls).at(-1)).toContain(`Added 2× ${demoProduct('ACAI-500').name.en}.`);
    expect(chat.lastText().split('\n').at(-1)).toBe(en.wordsConfirm);
  });

  it('says only what stock allows, and that an unknown item is not on the menu', async () => {
    // Prepare
    const chat = new ChatDriver(h);
    const mate = demoProduct('MATE-500');

    // Act
    const replies = await chat.text('manda 5 mates e 2 coxinhas');

    // Assess: nothing added, the reasons in words, and the menu to go on
    const text = ChatDriver.texts(replies)[0]!;
    expect(text).toContain(`De ${mate.name['pt-BR']} só restam ${mate.stock}.`);
    expect(text).toContain('Não temos coxinhas no cardápio.');
    expect(text).toContain(pt.wordsNothingAdded);
  });

  it('leaves questions about items to the usual answers', async () => {
    // Prepare
    const chat = new ChatDriver(h);

    // Act
    const glutenFree = await chat.text('tem pizza sem glúten?');
    const price = await chat.text('quanto custa uma pizza de calabresa?');

    // Assess: no "Adicionei", nothing in the cart
    for (const replies of [glutenFree, price]) {
      for (const text of ChatDriver.texts(replies)) expect(text).not.toMatch(/Adicionei|Qual pizza/);
    }
    const stored = await h.stack.sessions.get<{ cart: { lines: unknown[] } }>(`telegram:${chat.chatId}`);
    expect(stored?.state.cart.lines ?? []).toEqual([]);
  });
});
