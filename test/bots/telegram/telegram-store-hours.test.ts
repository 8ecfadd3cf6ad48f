// The Telegram bot outside the shop's hours: the demo's real 11:00-23:00 at 05:30 in Rio, and the team's hours when
// the customer asks for a person.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InProcessChatWorkQueue } from '../../../adapters/local/in-process-work-queue.ts';
import { QueuedStaffDesk, type SlackWork } from '../../../bots/slack/slack-work.ts';
import { TEXTS } from '../../../bots/telegram/telegram-texts.ts';
import { COPACABANA } from '../../support/api-client.ts';
import { categoryLabel, DEMO_PRODUCTS, DEMO_WITH_HOURS } from '../../support/demo-store.ts';
import { ChatDriver, clockFrom, type Harness, orderIdsOf, startHarness } from './bot-harness.ts';

const pt = TEXTS['pt-BR'];
const en = TEXTS.en;
const TZ = DEMO_WITH_HOURS.store.timezone;
/** Tuesday 10 March 2026, 05:30 in Rio: the shop opens at 11:00, the team at 10:00. */
const DAWN = '2026-03-10T08:30:00Z';
const OPENS = new Date('2026-03-10T14:00:00Z');
const acai = DEMO_PRODUCTS.find((p) => p.sku === 'ACAI-300')!;

describe('Telegram conversation: a closed shop (the demo at 05:30)', () => {
  let h: Harness;
  const deskItems: SlackWork[] = [];
  const deskQueue = new InProcessChatWorkQueue<SlackWork>(async (work) => {
    deskItems.push(work);
  });
  beforeAll(async () => {
    h = await startHarness({
      catalog: DEMO_WITH_HOURS,
      clock: clockFrom(DAWN),
      staffDesk: new QueuedStaffDesk(deskQueue),
    });
  });
  afterAll(async () => {
    await h.close();
  });
  const now = () => h.stack.deps.clock.now();
  const sessionOf = async (chat: ChatDriver) => (await h.stack.sessions.get<any>(`telegram:${chat.chatId}`))!.state;

  it('shows the menu with "closed, we open today at 11:00" on top, lets the cart fill, and refuses checkout', async () => {
    // Prepare
    const chat = new ChatDriver(h);

    // Act
    const menu = await chat.command('/menu');
    const category = await chat.press(categoryLabel('acai'));
    const added = await chat.press(/^qty:ACAI-300:1:/);
    const cart = await chat.press(/^cart$/);
    const checkout = await chat.press(pt.buttonCheckout);

    // Assess: the sentence before the menu, the category and the cart; the item went in; checkout said why not
    const closed = 'Estamos fechados agora; abrimos hoje às 11:00.';
    expect(pt.storeClosed(OPENS, now(), TZ)).toBe(closed);
    expect(ChatDriver.texts(menu)[0]).toBe(`${closed}\n${pt.browseWhileClosed}\n\n${pt.categoriesTitle}`);
    expect(ChatDriver.texts(category.calls)[0]!.startsWith(`${closed}\n`)).toBe(true);
    expect(added.answer).toBe(`${pt.added(acai.name['pt-BR'], 1)} ${closed}`);
    expect(ChatDriver.texts(cart.calls)[0]!.startsWith(`${closed}\n`)).toBe(true);
    expect(ChatDriver.texts(checkout.calls)).toEqual([`${closed}\n${pt.cartKept}`]);
    const state = await sessionOf(chat);
    expect(state.checkout).toBeUndefined();
    expect(state.awaiting).toBeUndefined();
    expect(state.cart.lines).toEqual([{ sku: 'ACAI-300', qty: 1 }]);
    expect(await orderIdsOf(h, chat.chatId)).toEqual([]);
  });

  it('says it in English to an English-speaking customer', async () => {
    // Prepare
    const chat = new ChatDriver(h, undefined, { languageCode: 'en' });

    // Act
    const menu = await chat.command('/menu');

    // Assess
    expect(ChatDriver.texts(menu)[0]!.startsWith("We're closed right now; we open today at 11:00.\n")).toBe(true);
  });

  it('says only that it is closed when the hours hold no opening within a week', async () => {
    // Prepare: the same store with no hours at all
    const chat = new ChatDriver(h);
    await h.stack.deps.catalog.applyStore({ ...DEMO_WITH_HOURS, store: { ...DEMO_WITH_HOURS.store, hours: {} } });

    try {
      // Act
      const menu = await chat.command('/menu');

      // Assess
      expect(ChatDriver.texts(menu)[0]).toBe(
        `Estamos fechados agora.\n${pt.browseWhileClosed}\n\n${pt.categoriesTitle}`,
      );
    } finally {
      await h.stack.deps.catalog.applyStore(DEMO_WITH_HOURS);
    }
  });

  it('hands off outside the team hours saying when the team is back, with no phone when the store has none', async () => {
    // Prepare: the demo has no phone
    const chat = new ChatDriver(h);
    expect(DEMO_WITH_HOURS.store.phone).toBeUndefined();
    await chat.command('/start');

    // Act
    const asked = await chat.press(/^human$/);

    // Assess: escalated all the same (whoever comes in answers), and honest about when
    const text = 'Nossa equipe volta hoje às 10:00 e responde por aqui.';
    expect(ChatDriver.texts(asked.calls)).toEqual([
      pt.handoffAfterHours(new Date('2026-03-10T13:00:00Z'), now(), TZ, undefined),
    ]);
    expect(ChatDriver.texts(asked.calls)[0]).toContain(text);
    expect(ChatDriver.texts(asked.calls)[0]).not.toContain('ligue');
    expect(ChatDriver.texts(asked.calls)[0]).not.toContain(pt.handoffStarted);
    await deskQueue.drain();
    expect(
      deskItems.some((w) => w.kind === 'escalate' && w.escalation.conversationKey === `telegram:${chat.chatId}`),
    ).toBe(true);
    expect((await sessionOf(chat)).handoff).toBeDefined();
  });

  it("offers the store's phone outside the team hours when the store has one", async () => {
    // Prepare
    const chat = new ChatDriver(h, undefined, { languageCode: 'en' });
    await chat.command('/start');
    await h.stack.deps.catalog.applyStore({
      ...DEMO_WITH_HOURS,
      store: { ...DEMO_WITH_HOURS.store, phone: '+55 21 2222-3333' },
    });

    try {
      // Act
      const asked = await chat.press(/^human$/);

      // Assess
      const said = ChatDriver.texts(asked.calls)[0]!;
      expect(said).toContain('Our team is back today at 10:00 and will answer here.');
      expect(said).toContain('call the store: +55 21 2222-3333.');
    } finally {
      await h.stack.deps.catalog.applyStore(DEMO_WITH_HOURS);
    }
  });

  it('never places an order from a checkout that reached its summary before the shop closed', async () => {
    // Prepare: open all day while the customer checks out, then the real hours again (closed at 05:30)
    const chat = new ChatDriver(h);
    const allDay = { mon: ['00:00-24:00'], tue: ['00:00-24:00'] };
    await h.stack.deps.catalog.applyStore({ ...DEMO_WITH_HOURS, store: { ...DEMO_WITH_HOURS.store, hours: allDay } });
    await chat.command('/menu');
    await chat.press(categoryLabel('acai'));
    await chat.press(/^qty:ACAI-300:1:/);
    await chat.press(/^cart$/);
    await chat.press(/^checkout:/);
    await chat.location(COPACABANA.lat, COPACABANA.lon);
    await chat.press(/^skip:complement:/);
    await chat.contact('+5521987653001');
    await chat.press(/^pay:pix:/);
    await chat.press(/^skip:note:/);
    await h.stack.deps.catalog.applyStore(DEMO_WITH_HOURS);

    // Act
    const confirm = await chat.press(pt.buttonConfirmOrder);

    // Assess
    expect(ChatDriver.texts(confirm.calls)).toEqual([`Estamos fechados agora; abrimos hoje às 11:00.\n${pt.cartKept}`]);
    expect(await orderIdsOf(h, chat.chatId)).toEqual([]);
    expect((await sessionOf(chat)).cart.lines).toEqual([{ sku: 'ACAI-300', qty: 1 }]);
    expect(en.storeClosed(OPENS, now(), TZ)).toBe("We're closed right now; we open today at 11:00.");
  });
});
