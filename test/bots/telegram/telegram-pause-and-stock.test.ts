// The Telegram bot with live store state: orders paused by staff, sold-out items, and items the store does not track.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TEXTS } from '../../../bots/telegram/telegram-texts.ts';
import { COPACABANA } from '../../support/api-client.ts';
import { categoryLabel, DEMO_PACKAGE, demoProduct } from '../../support/demo-store.ts';
import { ChatDriver, checkoutToSummary, clockFrom, type Harness, orderIdsOf, startHarness } from './bot-harness.ts';

const pt = TEXTS['pt-BR'];
const en = TEXTS.en;
/** Tuesday 10 March 2026, 12:00 in Rio; the demo is open all day. */
const NOON = '2026-03-10T15:00:00Z';
const HALF_PAST = new Date('2026-03-10T15:30:00Z');

describe('Telegram conversation: paused orders and stock', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ catalog: DEMO_PACKAGE, clock: clockFrom(NOON) });
  });
  afterAll(async () => {
    await h.close();
  });
  afterEach(async () => {
    await h.stack.deps.catalog.setPause(null);
    await h.stack.deps.catalog.applyStore(DEMO_PACKAGE, { restock: true });
  });

  it('says "paused, back at 12:30" on the menu and at checkout, and places no order', async () => {
    // Prepare
    const chat = new ChatDriver(h);
    await chat.command('/menu');
    await chat.press(categoryLabel('acai'));
    await chat.press(/^qty:ACAI-300:1:/);
    await h.stack.deps.catalog.setPause(HALF_PAST);

    // Act
    const menu = await chat.command('/menu');
    const cart = await chat.press(/^cart$/);
    const checkout = await chat.press(/^checkout:/);

    // Assess
    const paused = 'Pausamos os pedidos por alguns minutos; voltamos às 12:30.';
    expect(ChatDriver.texts(menu)[0]).toBe(`${paused}\n${pt.browseWhileClosed}\n\n${pt.categoriesTitle}`);
    expect(ChatDriver.texts(cart.calls)[0]!.startsWith(`${paused}\n`)).toBe(true);
    expect(ChatDriver.texts(checkout.calls)).toEqual([`${paused}\n${pt.cartKept}`]);
    expect(await orderIdsOf(h, chat.chatId)).toEqual([]);
  });

  it('refuses Confirm when staff paused orders after the summary was shown, in English too', async () => {
    // Prepare
    const chat = new ChatDriver(h, undefined, { languageCode: 'en' });
    await checkoutToSummary(chat, { ...COPACABANA, phone: '+15551239001', payment: /^pay:cash:/ });
    await h.stack.deps.catalog.setPause(HALF_PAST);

    // Act
    const confirm = await chat.press(en.buttonConfirmOrder);
    await h.stack.deps.catalog.setPause(null);
    const later = await chat.press(en.buttonConfirmOrder);

    // Assess: refused while paused with the same sentence; the same summary confirms once orders resume
    expect(ChatDriver.texts(confirm.calls)).toEqual([
      `We've paused orders for a few minutes; we're back at 12:30.\n${en.cartKept}`,
    ]);
    const [orderId] = await orderIdsOf(h, chat.chatId);
    expect(ChatDriver.texts(later.calls).filter((x) => x.startsWith(`🎉 Order ${orderId} received!`))).toHaveLength(1);
  });

  it('shows a tracked item with no stock as sold out, and its button only explains', async () => {
    // Prepare
    const chat = new ChatDriver(h);
    const acai = demoProduct('ACAI-300');
    await h.stack.deps.catalog.setStock('ACAI-300', 0);

    // Act
    await chat.command('/menu');
    const category = await chat.press(categoryLabel('acai'));
    const pressed = await chat.press(/^soldout:ACAI-300$/);

    // Assess
    const text = ChatDriver.texts(category.calls)[0]!;
    expect(text).toContain(pt.itemLine(acai.name['pt-BR'], acai.price, false, 0));
    expect(text).toContain('(esgotado)');
    expect(chat.findButton(/^soldout:ACAI-300$/).button.text).toBe(
      pt.itemButton(acai.name['pt-BR'], acai.price, false, 0),
    );
    expect(pressed.answer).toBe(pt.unavailable);
    // Nothing was added: the chat never even needed a stored cart.
    expect((await h.stack.sessions.get<any>(`telegram:${chat.chatId}`))?.state.cart.lines ?? []).toEqual([]);
  });

  it('always sells an untracked item (stock null): never sold out, never "only N left"', async () => {
    // Prepare: the same drink tracked with 1 unit, then not tracked at all
    const chat = new ChatDriver(h);
    const guarana = demoProduct('GUARANA-350');
    await h.stack.deps.catalog.setStock('GUARANA-350', 1);
    await chat.command('/menu');
    await chat.press(categoryLabel('drink'));
    await chat.press(/^qty:GUARANA-350:1:/);
    const tracked = await chat.press(/^qty:GUARANA-350:2:/);
    await h.stack.deps.catalog.setStock('GUARANA-350', null);

    // Act
    const untracked = await chat.press(/^qty:GUARANA-350:2:/);
    const third = await chat.press(/^qty:GUARANA-350:3:/);
    const cart = await chat.press(/^cart$/);

    // Assess
    expect(tracked.answer).toBe(pt.onlyLeft(1));
    expect(untracked.answer).toBe(pt.added(guarana.name['pt-BR'], 2));
    expect(third.answer).toBe(pt.added(guarana.name['pt-BR'], 3));
    const cartText = ChatDriver.texts(cart.calls)[0]!;
    expect(cartText).toContain(pt.cartLine(3, guarana.name['pt-BR'], 3 * guarana.price, true));
    expect(cartText).not.toContain('sem estoque');
  });
});
