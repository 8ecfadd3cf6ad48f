// The Telegram conversation under odd input: stale and forged buttons, unhandled update kinds, API failures, and
// handoff.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InProcessChatWorkQueue } from '../../../adapters/local/in-process-work-queue.ts';
import { QueuedStaffDesk, type SlackWork } from '../../../bots/slack/slack-work.ts';
import { TEXTS } from '../../../bots/telegram/telegram-texts.ts';
import { COPACABANA } from '../../support/api-client.ts';
import { categoryLabel } from '../../support/demo-store.ts';
import * as updates from '../../support/telegram-updates.ts';
import { ChatDriver, checkoutToSummary, type Harness, orderIdsOf, startHarness } from './bot-harness.ts';

const pt = TEXTS['pt-BR'];
const en = TEXTS.en;

/** The fields every private message carries, for updates built by hand with the wrong types in them. */
const baseMessage = (chatId: number) => ({
  message_id: 1,
  date: Math.floor(Date.now() / 1000),
  chat: { id: chatId, type: 'private', first_name: 'Ana' },
  from: { id: chatId, is_bot: false, first_name: 'Ana', language_code: 'pt-br' },
});

describe('Telegram conversation: robustness', () => {
  let h: Harness;
  /** What reached the support desk: the real queued desk, with a worker that only records the items. */
  const deskItems: SlackWork[] = [];
  const deskQueue = new InProcessChatWorkQueue<SlackWork>(async (work) => {
    deskItems.push(work);
  });
  const deskOf = async (chatId: number) => {
    await deskQueue.drain();
    return deskItems.filter(
      (w) =>
        (w.kind === 'escalate' ? w.escalation.conversationKey : w.kind === 'mirror' ? w.conversationKey : '') ===
        `telegram:${chatId}`,
    );
  };
  beforeAll(async () => {
    h = await startHarness({ staffDesk: new QueuedStaffDesk(deskQueue) });
  });
  afterAll(async () => {
    await h.close();
  });

  const cartOf = async (chatId: number) => (await h.stack.sessions.get<any>(`telegram:${chatId}`))!.state.cart.lines;

  it('answers a stale cart button with a short note and a fresh cart, and leaves the cart as it was', async () => {
    // Prepare: the category message's "add" button, drawn before the cart changed
    const chat = new ChatDriver(h);
    await chat.command('/start');
    await chat.press(pt.buttonMenu);
    await chat.press(categoryLabel('acai'));
    const { message, button } = chat.findButton(/^qty:ACAI-300:1:/);
    await chat.press(/^qty:ACAI-300:1:/);

    // Act: the old button, pressed again
    const stale = await chat.pressData(button.callback_data, message.messageId);

    // Assess
    expect(stale.answer).toBe(pt.staleButton);
    expect(ChatDriver.texts(stale.calls)[0]).toContain(pt.cartTitle);
    expect(await cartOf(chat.chatId)).toEqual([{ sku: 'ACAI-300', qty: 1 }]);
  });

  it('treats Checkout and Confirm buttons from a finished checkout as stale, and never orders twice', async () => {
    // Prepare: an order placed; its Checkout and Confirm buttons are still on screen
    const chat = new ChatDriver(h);
    await checkoutToSummary(chat, { ...COPACABANA, phone: '+5521987652001', payment: /^pay:pix:/ });
    const oldCheckout = chat.findButton(/^checkout:/);
    const oldPlace = chat.findButton(pt.buttonConfirmOrder);
    await chat.press(pt.buttonConfirmOrder);
    const [orderId] = await orderIdsOf(h, chat.chatId);

    // Act
    const checkout = await chat.pressData(oldCheckout.button.callback_data, oldCheckout.message.messageId);
    const place = await chat.pressData(oldPlace.button.callback_data, oldPlace.message.messageId);
    const forged = await chat.pressData(`place:${'a'.repeat(8)}`, oldPlace.message.messageId);

    // Assess
    expect(checkout.answer).toBe(pt.staleButton);
    expect(ChatDriver.texts(checkout.calls)).toEqual([pt.cartEmpty]);
    expect(ChatDriver.texts(place.calls)).toEqual([pt.orderAlreadyReceived(orderId!)]);
    expect(forged.answer).toBe(pt.checkoutExpired);
    expect(await orderIdsOf(h, chat.chatId)).toEqual([orderId]);
  });

  it('restarts checkout from the same cart after a checkout was abandoned', async () => {
    // Prepare
    const chat = new ChatDriver(h);
    await checkoutToSummary(chat, { ...COPACABANA, phone: '+5521987652003', payment: /^pay:pix:/ });
    const oldPlace = chat.findButton(pt.buttonConfirmOrder);
    await chat.press(pt.buttonAbortCheckout);

    // Act
    const place = await chat.pressData(oldPlace.button.callback_data, oldPlace.message.messageId);
    const again = await chat.press(/^checkout:/);

    // Assess: the aborted checkout's buttons are dead; the unchanged cart checks out again
    expect(place.answer).toBe(pt.checkoutExpired);
    expect(await orderIdsOf(h, chat.chatId)).toEqual([]);
    expect(ChatDriver.texts(again.calls)).toEqual([pt.askAddress]);
  });

  it('answers unknown and malformed callback data with the main menu, never an error', async () => {
    // Prepare
    const chat = new ChatDriver(h);
    const bad = [
      'zzz',
      'qty:ACAI-300:999:abcd1234:menu',
      'qty:acai-300:1:abcd1234:menu',
      'status:not-an-id',
      `cat:${'x'.repeat(70)}`,
      'home:extra',
      '__proto__',
      '',
    ];

    for (const data of bad) {
      // Act
      const pressed = await chat.pressData(data, 1);
      // Assess
      expect(pressed.answer, data).toBe(pt.unknownButton);
      expect(ChatDriver.texts(pressed.calls), data).toEqual([pt.mainMenuPrompt]);
    }
    expect(h.logs.filter((l) => l.msg === 'telegram: update failed')).toEqual([]);
  });

  it('does not let a sold-out item into the cart', async () => {
    // Prepare: MATE-500 sells out
    const mate = (await h.stack.deps.catalog.listProducts()).find((p) => p.sku === 'MATE-500')!;
    expect(await h.stack.deps.catalog.hold('MATE-500', 'SOLDOUT-TEST', mate.stock!)).toBe(true);
    const chat = new ChatDriver(h);
    await chat.command('/start');
    await chat.press(pt.buttonMenu);

    // Act
    const drinks = await chat.press(categoryLabel('drink'));
    const pressed = await chat.press(/^soldout:MATE-500$/);
    const forged = await chat.pressData(
      `qty:MATE-500:1:${(await h.stack.sessions.get<any>(`telegram:${chat.chatId}`))?.state.cart.rev ?? 'new00000'}:menu`,
      1,
    );

    // Assess
    expect(ChatDriver.texts(drinks.calls)[0]).toContain(`🚫 ${mate.name['pt-BR']}`);
    expect(pressed.answer).toBe(pt.unavailable);
    expect(forged.answer).toBe(pt.unavailable);
    expect((await h.stack.sessions.get<any>(`telegram:${chat.chatId}`))?.state.cart.lines ?? []).toEqual([]);
    await h.stack.deps.catalog.release('MATE-500', 'SOLDOUT-TEST');
  });

  it('handles stickers, edited messages, membership changes and over-long text without a throw', async () => {
    // Prepare
    const chat = new ChatDriver(h, undefined, { languageCode: 'en' });
    const long = `Rua ${'A'.repeat(5000)} SECRET-TAIL`;

    // Act
    const sticker = await chat.send(updates.stickerMessage(chat.chatId, chat.opts));
    const edited = await chat.send(updates.editedMessage(chat.chatId, 1000, 'cancel my order', chat.opts));
    const blocked = await chat.send(updates.myChatMember(chat.chatId, { status: 'kicked' }));
    const tooLong = await chat.text(long);

    // Assess
    expect(ChatDriver.texts(sticker)).toEqual([en.unsupportedMessage]);
    expect(ChatDriver.texts(edited)).toEqual([en.editedMessage]);
    expect(blocked).toEqual([]);
    expect(ChatDriver.texts(tooLong)).toEqual([en.tooLong(4096)]);
    expect(JSON.stringify(tooLong)).not.toContain('SECRET-TAIL');
  });

  it.each([
    ['a number as message text', (chatId: number) => ({ message: { ...baseMessage(chatId), text: 12345 } })],
    [
      'an object as message text',
      (chatId: number) => ({ message: { ...baseMessage(chatId), text: { toString: 'x' } } }),
    ],
    ['a number as a caption', (chatId: number) => ({ message: { ...baseMessage(chatId), caption: 7, photo: [] } })],
    [
      'a number as an edited text',
      (chatId: number) => ({ edited_message: { ...baseMessage(chatId), edit_date: 1, text: 99 } }),
    ],
    [
      'an array as callback data',
      (chatId: number) => ({
        callback_query: {
          id: `cb${chatId}`,
          chat_instance: 'c',
          from: baseMessage(chatId).from,
          message: { ...baseMessage(chatId), text: 'menu' },
          data: ['place'],
        },
      }),
    ],
  ])('drops an update with %s (no Telegram client sends one) without a TypeError or a reply', async (_label, build) => {
    // Prepare
    const chat = new ChatDriver(h);
    const warnsBefore = h.logs.filter((l) => l.level === 'warn').length;

    // Act
    const calls = await chat.send({ update_id: updates.nextUpdateId(), ...build(chat.chatId) } as never);

    // Assess
    expect(calls).toEqual([]);
    expect(h.logs.filter((l) => l.level === 'warn').slice(warnsBefore)).toEqual([]);
    expect(h.logs.at(-1)).toMatchObject({ level: 'info', msg: 'telegram: malformed update dropped' });
  });

  it('answers a free question with the menu and a "talk to a person" button', async () => {
    // Prepare
    const chat = new ChatDriver(h);

    // Act
    const calls = await chat.text('vocês aceitam vale-refeição?');

    // Assess
    expect(ChatDriver.texts(calls)).toEqual([pt.freeQuestion]);
    expect(
      chat
        .shown()
        .at(-1)!
        .buttons.flat()
        .map((b) => b.text),
    ).toContain(pt.buttonHuman);
  });

  it('escalates as "the assistant offered" when the customer takes the person offered under an unanswered question', async () => {
    // Prepare
    const chat = new ChatDriver(h);
    await chat.text('vocês aceitam vale-refeição?');

    // Act
    const accepted = await chat.press(pt.buttonHuman);

    // Assess
    expect(ChatDriver.texts(accepted.calls)).toEqual([pt.handoffStarted]);
    const [escalation] = await deskOf(chat.chatId);
    expect(escalation).toMatchObject({
      kind: 'escalate',
      escalation: { reason: 'assistant_offered', lang: 'pt-BR', customerName: 'Ana' },
    });
  });

  it('tells the customer something went wrong, in their language, when the Bot API fails mid-answer', async () => {
    // Prepare
    const chat = new ChatDriver(h, undefined, { languageCode: 'en' });
    h.fake.failNext('sendMessage', { error_code: 500, description: 'Internal Server Error' });

    // Act
    const calls = await chat.command('/start');

    // Assess: the failed call, then the apology; logged as a warning
    expect(calls.map((c) => [c.method, c.error?.error_code])).toEqual([
      ['sendMessage', 500],
      ['sendMessage', undefined],
    ]);
    expect(calls[1]!.params.text).toBe(en.somethingWentWrong);
    expect(h.logs.some((l) => l.level === 'warn' && l.msg === 'telegram: update failed')).toBe(true);
  });

  it('answers only /start in groups, asking for a private chat', async () => {
    // Prepare
    const group = -4_000_123;

    // Act
    await h.bot.handleUpdate(updates.command(group, '/start'));
    await h.bot.handleUpdate(updates.textMessage(group, 'cadê meu pedido?'));

    // Assess
    expect(ChatDriver.texts(h.fake.chat(group))).toEqual([pt.privateOnly]);
  });

  it('hands off to a person: the flag is stored, the bot stays quiet, and the customer can come back', async () => {
    // Prepare
    const chat = new ChatDriver(h);
    await chat.command('/start');

    // Act
    const asked = await chat.press(pt.buttonHuman);
    const quietText = await chat.text('oi, alguém aí?');
    const quietSticker = await chat.send(updates.stickerMessage(chat.chatId, chat.opts));
    const quietButton = await chat.pressData('categories', 1);
    const start = await chat.command('/start');
    const back = await chat.press(pt.buttonBackToBot);
    const menu = await chat.text('quero ver o cardápio');

    // Assess
    expect(ChatDriver.texts(asked.calls)).toEqual([pt.handoffStarted]);
    // Nobody took it yet: the first message is acknowledged once, the next ones are not
    expect(ChatDriver.texts(quietText)).toEqual([pt.handoffWaitingAck]);
    expect(quietSticker).toEqual([]);
    const desk = await deskOf(chat.chatId);
    expect(desk.map((w) => w.kind)).toEqual(['escalate', 'mirror', 'mirror']);
    expect(desk[0]).toMatchObject({ escalation: { reason: 'button', transcript: [], orders: [] } });
    expect(desk.slice(1).map((w) => (w.kind === 'mirror' ? w.text : ''))).toEqual(['oi, alguém aí?', '[sticker]']);
    expect(quietButton).toMatchObject({ answer: pt.handoffActive, calls: [] });
    expect(ChatDriver.texts(start)).toEqual([pt.handoffActive]);
    expect(ChatDriver.texts(back.calls)).toEqual([pt.handoffEnded]);
    expect(ChatDriver.texts(menu)).toEqual([pt.categoriesTitle]);
    const stored = await h.stack.sessions.get<any>(`telegram:${chat.chatId}`);
    expect(stored!.state.handoff).toBeUndefined();
  });

  it('hands off on request in free text, with the time and the reason on the session', async () => {
    // Prepare
    const chat = new ChatDriver(h, undefined, { languageCode: 'en' });

    // Act
    const calls = await chat.text('I want to talk to a human please');

    // Assess
    expect(ChatDriver.texts(calls)).toEqual([en.handoffStarted]);
    const { handoff } = (await h.stack.sessions.get<any>(`telegram:${chat.chatId}`))!.state;
    expect(handoff).toMatchObject({ reason: 'asked_in_chat', lang: 'en' });
    expect(Date.now() - Date.parse(handoff.since)).toBeLessThan(60_000);
    const [escalation] = await deskOf(chat.chatId);
    expect(escalation).toMatchObject({
      kind: 'escalate',
      escalation: {
        conversationKey: `telegram:${chat.chatId}`,
        lang: 'en',
        reason: 'asked_in_chat',
        transcript: [{ role: 'user', text: 'I want to talk to a human please' }],
      },
    });
  });

  it('ignores a location or a contact sent outside a step that needs one, with a short explanation', async () => {
    // Prepare
    const chat = new ChatDriver(h);

    // Act
    const location = await chat.location(COPACABANA.lat, COPACABANA.lon);
    const contact = await chat.contact('+5521987652002');

    // Assess
    expect(ChatDriver.texts(location)).toEqual([pt.locationOutsideFlow]);
    expect(ChatDriver.texts(contact)).toEqual([pt.contactOutsideFlow]);
  });

  it("leaves a step with the reply keyboard's Cancel and removes the keyboard", async () => {
    // Prepare
    const chat = new ChatDriver(h);
    await chat.command('/start');
    await chat.press(pt.buttonMenu);
    await chat.press(categoryLabel('acai'));
    await chat.press(/^qty:ACAI-300:1:/);
    await chat.press(/^cart$/);
    await chat.press(pt.buttonCheckout);

    // Act
    const cancelled = await chat.text(pt.buttonCancelFlow);

    // Assess
    expect(cancelled[0]!.params).toMatchObject({ text: pt.flowCancelled, reply_markup: { remove_keyboard: true } });
    const { state } = (await h.stack.sessions.get<any>(`telegram:${chat.chatId}`))!;
    expect(state.awaiting).toBeUndefined();
    expect(state.checkout).toBeUndefined();
    expect(state.cart.lines).toEqual([{ sku: 'ACAI-300', qty: 1 }]);
  });
});

describe('Telegram conversation: asking for a person with no support desk connected', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('says honestly that nobody can be reached here, keeps the bot answering, and promises no person', async () => {
    // Prepare
    const chat = new ChatDriver(h);
    await chat.command('/start');

    // Act
    const asked = await chat.press(pt.buttonHuman);
    const typed = await chat.text('quero falar com uma pessoa');
    const menu = await chat.text('quero ver o cardápio');

    // Assess: the store profile has no phone, so none is offered; no handoff flag, so the bot keeps answering
    expect(ChatDriver.texts(asked.calls)).toEqual([pt.handoffNoDesk(undefined)]);
    expect(ChatDriver.texts(typed)).toEqual([pt.handoffNoDesk(undefined)]);
    expect(pt.handoffNoDesk(undefined)).not.toContain('vai responder');
    expect(ChatDriver.texts(menu)).toEqual([pt.categoriesTitle]);
    expect((await h.stack.sessions.get<any>(`telegram:${chat.chatId}`))?.state.handoff).toBeUndefined();
  });
});
