// The checkout's optional details (address complement and landmark, a note for the kitchen) reaching the order, and
// the payment buttons each store offers: the demo and the Burger da Vila fixture (São Paulo, pix and cash only).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadStoreFolder } from '../../../adapters/local/store-folder.ts';
import { TEXTS } from '../../../bots/telegram/telegram-texts.ts';
import type { StorePackage } from '../../../core/catalog.ts';
import { COPACABANA } from '../../support/api-client.ts';
import {
  ChatDriver,
  checkoutToSummary,
  clockFrom,
  type Harness,
  orderIdsOf,
  startHarness,
  waitForOrderStatus,
} from './bot-harness.ts';

const pt = TEXTS['pt-BR'];
const en = TEXTS.en;

const BURGER: StorePackage = (() => {
  const folder = loadStoreFolder(new URL('../../fixtures/stores/burger-da-vila/', import.meta.url).pathname);
  if (!folder.ok) throw new Error(JSON.stringify(folder.problems));
  return folder.pkg;
})();
/** A few hundred metres from the burger place, inside its 5 km. */
const VILA = { lat: -23.5592, lon: -46.6581 };
/** Sunday 15 March 2026, 12:00 in São Paulo: Burger da Vila is open all Sunday. */
const SUNDAY_NOON = '2026-03-15T15:00:00Z';

const buttonTexts = (chat: ChatDriver) =>
  chat
    .shown()
    .at(-1)!
    .buttons.flat()
    .map((b) => b.text);

/** One açaí in the cart, checked out to the payment question (location, no complement, own contact). */
async function toPayment(chat: ChatDriver, phone: string): Promise<void> {
  await chat.command('/menu');
  await chat.press(/^category:acai$/);
  await chat.press(/^qty:ACAI-300:1:/);
  await chat.press(/^cart$/);
  await chat.press(/^checkout:/);
  await chat.location(COPACABANA.lat, COPACABANA.lon);
  await chat.press(/^skip:complement:/);
  await chat.contact(phone);
}

describe('Telegram checkout: complement, reference and the kitchen note (demo)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('asks for a complement and a note, shows them in the summary, and passes them to the order', async () => {
    // Prepare
    const chat = new ChatDriver(h);

    // Act
    await checkoutToSummary(chat, {
      ...COPACABANA,
      phone: '+5521987654001',
      payment: /^pay:pix:/,
      complement: 'apto 302, bloco B, em frente à padaria',
      note: 'sem cebola, por favor',
    });
    const summary = chat.lastText();
    await chat.press(pt.buttonConfirmOrder);

    // Assess: the questions were asked with their skip buttons, the summary shows the answers, and the order has them
    const transcript = chat.transcript();
    expect(transcript).toContain(pt.askComplement);
    expect(transcript).toContain(pt.askNote);
    expect(pt.askNote).toContain('Alguma observação para a cozinha? Ex.: sem cebola');
    expect(summary).toContain('Complemento: apto 302, bloco B');
    expect(summary).toContain('Referência: em frente à padaria');
    expect(summary).toContain('Observação para a cozinha: sem cebola, por favor');
    const [orderId] = await orderIdsOf(h, chat.chatId);
    const order = await waitForOrderStatus(h.stack, orderId!, 'CONFIRMED');
    expect(order.address).toMatchObject({
      text: expect.any(String),
      complement: 'apto 302, bloco B',
      reference: 'em frente à padaria',
    });
    expect(order.note).toBe('sem cebola, por favor');
  });

  it('asks again for a note too long for the kitchen ticket, and takes no note when skipped', async () => {
    // Prepare
    const chat = new ChatDriver(h, undefined, { languageCode: 'en' });
    await toPayment(chat, '+15551234002');
    await chat.press(/^pay:cash:/);
    await chat.press(/^nochange:/);

    // Act: a 201-character note, then "No notes"
    const tooLong = await chat.text('y'.repeat(201));
    const skipped = await chat.press(en.buttonNoNote);
    await chat.press(en.buttonConfirmOrder);

    // Assess
    expect(ChatDriver.texts(tooLong)).toEqual([`${en.noteTooLong(200)}\n\n${en.askNote}`]);
    expect(ChatDriver.texts(skipped.calls)[0]).toContain(en.summaryTitle);
    expect(ChatDriver.texts(skipped.calls)[0]).not.toContain('Note for the kitchen');
    const [orderId] = await orderIdsOf(h, chat.chatId);
    const order = await waitForOrderStatus(h.stack, orderId!, 'CONFIRMED');
    expect(order.note).toBeUndefined();
    expect(order.address.complement).toBeUndefined();
    expect(order.address.reference).toBeUndefined();
  });

  it('offers every payment method the demo takes (pix, card, cash)', async () => {
    // Prepare / Act
    const chat = new ChatDriver(h);
    await toPayment(chat, '+5521987654003');

    // Assess
    expect(buttonTexts(chat)).toEqual([
      pt.paymentName.pix,
      pt.paymentName.card,
      pt.paymentName.cash,
      pt.buttonAbortCheckout,
    ]);
    expect(chat.lastText()).toContain(pt.cardStandIn);
  });
});

describe('Telegram checkout in another store: Burger da Vila (pix and cash only)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ catalog: BURGER, clock: clockFrom(SUNDAY_NOON) });
  });
  afterAll(async () => {
    await h.close();
  });

  it("orders from the burger place's own menu, with only its payment methods, and refuses a card button", async () => {
    // Prepare
    const chat = new ChatDriver(h);
    const fries = BURGER.products.find((p) => p.sku === 'FRIES')!;

    // Act
    const start = await chat.command('/start');
    const menu = await chat.press(pt.buttonMenu);
    const menuButtons = buttonTexts(chat);
    await chat.press('Porções');
    await chat.press(/^qty:FRIES:1:/);
    await chat.press(/^cart$/);
    await chat.press(/^checkout:/);
    await chat.location(VILA.lat, VILA.lon);
    await chat.press(/^skip:complement:/);
    await chat.contact('+5511987650001');
    const payButtons = buttonTexts(chat);
    const paymentText = chat.lastText();
    const { message, button } = chat.findButton(/^pay:pix:/);
    const forged = await chat.pressData(button.callback_data.replace('pay:pix:', 'pay:card:'), message.messageId);
    await chat.press(/^pay:cash:/);
    await chat.press(/^nochange:/);
    await chat.press(/^skip:note:/);
    await chat.press(pt.buttonConfirmOrder);

    // Assess: the store's name and categories, pix and cash only (no card stand-in), the forged card refused
    expect(ChatDriver.texts(start)[0]).toContain(pt.greeting('Ana', 'Burger da Vila'));
    expect(ChatDriver.texts(menu.calls)[0]).toBe(pt.categoriesTitle);
    expect(menuButtons.slice(0, 3)).toEqual(['Hambúrgueres', 'Porções', 'Bebidas']);
    expect(payButtons).toEqual([pt.paymentName.pix, pt.paymentName.cash, pt.buttonAbortCheckout]);
    expect(paymentText).not.toContain(pt.cardStandIn);
    expect(forged.answer).toBe(pt.paymentNotAccepted);
    const [orderId] = await orderIdsOf(h, chat.chatId);
    const order = await waitForOrderStatus(h.stack, orderId!, 'CONFIRMED');
    expect(order.payment.method).toBe('cash');
    expect(order.items).toEqual([{ sku: 'FRIES', name: fries.name['pt-BR'], qty: 1, price: fries.price }]);
  });
});
