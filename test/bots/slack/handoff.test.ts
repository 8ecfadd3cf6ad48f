// Handoff between a Telegram customer and Slack staff, end to end: escalation card and transcript, take over, mirror,
// relay, notes, return to bot, timeout, refusals, languages.

import type { Update } from 'grammy/types';
import { afterEach, describe, expect, it } from 'vitest';
import {
  RETURN_TO_BOT_ACTION,
  SEND_ONCE_ACTION,
  TAKE_OVER_ACTION,
  TAKE_OVER_CONFIRM_ACTION,
} from '../../../bots/slack/handoff-desk.ts';
import { HANDOFF_TEXTS } from '../../../bots/slack/handoff-texts.ts';
import { TEXTS } from '../../../bots/telegram/telegram-texts.ts';
import { COPACABANA } from '../../support/api-client.ts';
import { DEMO_PRODUCTS, DEMO_STORE } from '../../support/demo-store.ts';
import { type SlackMessage, SUPPORT_CHANNEL } from '../../support/fake-slack-api.ts';
import { blockActionBody, eventRequest, interactionRequest, threadReply } from '../../support/slack-requests.ts';
import type { MessageOpts } from '../../support/telegram-updates.ts';
import { ChatDriver, checkoutToSummary, type Harness, newChatId, waitForOrderStatus } from '../telegram/bot-harness.ts';
import { ANA, BRUNO, OUTSIDER, type SlackHarness, startSlackHarness } from './slack-harness.ts';

const pt = TEXTS['pt-BR'];
const en = TEXTS.en;
const staffEn = HANDOFF_TEXTS.en;
const staffPt = HANDOFF_TEXTS['pt-BR'];
const MINUTE = 60_000;

let h: SlackHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** A customer's private chat driven through the real webhook (and both queues), as Telegram would deliver it. */
function customer(harness: SlackHarness, opts: MessageOpts): ChatDriver {
  const viaWebhook = {
    stack: harness.stack,
    fake: harness.telegram,
    bot: {
      handleUpdate: async (u: Update) => {
        expect(await harness.telegramUpdate(u)).toBe(200);
      },
    },
  };
  return new ChatDriver(viaWebhook as unknown as Harness, newChatId(), opts);
}

/** What the bot has sent the customer so far (texts, in order): a mark, then `after(mark)` gives what came since. */
const sentTo = (chat: ChatDriver) => ChatDriver.texts(chat.h.fake.chat(chat.chatId));
const keyOf = (chat: ChatDriver) => `telegram:${chat.chatId}`;
/** The texts the customer received while `act` ran (from the bot, the desk, or order pushes). */
async function said(chat: ChatDriver, act: () => Promise<unknown>): Promise<string[]> {
  const mark = sentTo(chat).length;
  await act();
  return sentTo(chat).slice(mark);
}

/** The escalation cards of a customer (thread roots whose fallback text names them), oldest first. */
function cardsOf(harness: SlackHarness, name: string, t = staffEn): SlackMessage[] {
  return harness.slack.messages.filter(
    (m) => m.channel === SUPPORT_CHANNEL && !m.thread_ts && m.text.startsWith(t.cardFallback(`“${name}”`)),
  );
}
function onlyCard(harness: SlackHarness, name: string, t = staffEn): SlackMessage {
  const cards = cardsOf(harness, name, t);
  expect(cards).toHaveLength(1);
  return cards[0]!;
}
const blocksText = (m: SlackMessage) => JSON.stringify(m.blocks ?? []);
const buttonsOf = (m: SlackMessage) =>
  (m.blocks ?? [])
    .flatMap((b: any) => (b.type === 'actions' ? b.elements : []))
    .map((e: any) => ({ action_id: e.action_id, value: e.value }));
const replies = (harness: SlackHarness, card: SlackMessage) =>
  harness.slack
    .thread(SUPPORT_CHANNEL, card.ts)
    .slice(1)
    .map((m) => m.text);

const press = (harness: SlackHarness, user: string, actionId: string, chat: ChatDriver, card: SlackMessage) =>
  harness.send(interactionRequest(blockActionBody(user, { action_id: actionId, value: keyOf(chat) }, { ts: card.ts })));
async function reply(harness: SlackHarness, user: string, card: SlackMessage, text: string) {
  const event = threadReply(user, card.ts, text);
  const res = await harness.send(eventRequest(event));
  expect(res.status).toBe(200);
  return event as { ts: string };
}
const ephemeralsTo = (harness: SlackHarness, user: string) =>
  harness.slack
    .callsOf('chat.postEphemeral')
    .filter((c) => c.params.user === user)
    .map((c) => String(c.params.text));
/** The takeover prompts `user` got privately: their text and buttons (with the block naming the held reply). */
const promptsTo = (harness: SlackHarness, user: string) =>
  harness.slack
    .callsOf('chat.postEphemeral')
    .filter((c) => c.params.user === user && c.params.blocks)
    .map((c) => {
      const blocks = (typeof c.params.blocks === 'string' ? JSON.parse(c.params.blocks) : c.params.blocks) as any[];
      const actions = blocks.find((b) => b.type === 'actions');
      return {
        text: String(c.params.text),
        blockId: String(actions.block_id),
        buttons: actions.elements as { action_id: string; value: string }[],
      };
    });
type Prompt = ReturnType<typeof promptsTo>[number];
/** `user` presses `actionId` on a takeover prompt (an ephemeral message, with a response_url as Slack sends). */
const choose = (harness: SlackHarness, user: string, prompt: Prompt, actionId: string) => {
  const b = prompt.buttons.find((x) => x.action_id === actionId)!;
  return harness.send(
    interactionRequest(
      blockActionBody(user, { action_id: actionId, value: b.value, block_id: prompt.blockId }, { ts: '1.000001' }),
    ),
  );
};
const desks = (harness: SlackHarness) => harness.stack.slack!.console.ctx.deps.desks;
const deskOf = async (harness: SlackHarness, chat: ChatDriver) => (await desks(harness).get(keyOf(chat)))?.desk;
const openKeys = async (harness: SlackHarness) => (await desks(harness).listOpen()).desks.map((d) => d.conversationKey);
const sessionOf = async (harness: SlackHarness, chat: ChatDriver) =>
  (await harness.stack.sessions.get<any>(keyOf(chat)))?.state;

describe('Slack handoff: a Telegram customer and the support desk', () => {
  it('escalates with a summary and the transcript, then take over, mirror, relay, a note kept internal, and return to bot', async () => {
    // Prepare: a customer with a confirmed order
    h = await startSlackHarness();
    const chat = customer(h, { firstName: 'Carla', languageCode: 'pt-BR' });
    await checkoutToSummary(chat, { ...COPACABANA, phone: '+5521987650001', payment: /^pay:pix:/ });
    await chat.press(/^place:/);
    const [orderId] = (await sessionOf(h, chat)).orderIds as string[];
    const order = await waitForOrderStatus(h.stack, orderId!, 'CONFIRMED');
    // The checkout's reply is the order's one confirmation: no CONFIRMED push follows it (order-event-push.ts).
    await h.settle();
    let mark = sentTo(chat).length;

    // Act 1: the customer asks for a person in the chat
    await chat.text('quero falar com uma pessoa');

    // Assess 1: told someone is coming; one card with the summary and a Take over button; the transcript in its thread
    expect(sentTo(chat).slice(mark)).toEqual([pt.handoffStarted]);
    const card = onlyCard(h, 'Carla');
    expect(blocksText(card)).toContain(
      JSON.stringify(staffEn.summaryLastMessage('“quero falar com uma pessoa”')).slice(1, -1),
    );
    expect(blocksText(card)).toContain(
      JSON.stringify(staffEn.summaryLatestOrder(orderId!, 'Confirmed', order.total)).slice(1, -1),
    );
    expect(blocksText(card)).toContain(staffEn.langName['pt-BR']);
    expect(blocksText(card)).toContain(JSON.stringify(staffEn.reason.asked_in_chat).slice(1, -1));
    expect(buttonsOf(card)).toEqual([{ action_id: TAKE_OVER_ACTION, value: keyOf(chat) }]);
    expect(replies(h, card)).toEqual([
      `${staffEn.transcriptTitle}\n${staffEn.speakerCustomer('“Carla”')}: “quero falar com uma pessoa”`,
    ]);
    expect(await deskOf(h, chat)).toMatchObject({
      status: 'waiting',
      channel: SUPPORT_CHANNEL,
      ts: card.ts,
      customerName: 'Carla',
      lang: 'pt-BR',
    });
    expect(await openKeys(h)).toEqual([keyOf(chat)]);

    // Act 2: Ana takes over
    mark = sentTo(chat).length;
    expect((await press(h, ANA, TAKE_OVER_ACTION, chat, card)).status).toBe(200);

    // Assess 2: the customer is told who is with them; the card shows it and offers Return to bot
    expect(sentTo(chat).slice(mark)).toEqual([pt.staffJoined('Ana')]);
    expect(blocksText(card)).toContain(staffEn.statusTaken('Ana'));
    expect(buttonsOf(card)).toEqual([
      { action_id: TAKE_OVER_ACTION, value: keyOf(chat) },
      { action_id: RETURN_TO_BOT_ACTION, value: keyOf(chat) },
    ]);
    expect(replies(h, card).at(-1)).toBe(staffEn.tookOver('Ana'));
    expect((await sessionOf(h, chat)).handoff.takenBy.name).toBe('Ana');

    // Act 3: the customer writes; Ana answers; Ana leaves a note; Ana asks the staff assistant
    const quiet = await said(chat, () => chat.text('o entregador pode deixar na portaria? <!channel>'));
    mark = sentTo(chat).length;
    await reply(h, ANA, card, 'Pode sim! Já avisei o entregador.');
    const relayed = sentTo(chat).slice(mark);
    const noteEvent = await reply(h, ANA, card, 'note: cliente recorrente, mandar brinde');
    await reply(h, ANA, card, `<@${'UBOT00001'}> resuma`);

    // Assess 3: the bot said nothing, the message is in the thread as the customer's (escaped); only the reply went out
    expect(quiet).toEqual([]);
    expect(replies(h, card)).toContain(
      `${staffEn.mirrorPrefix('“Carla”')} “o entregador pode deixar na portaria? &lt;!channel&gt;”`,
    );
    expect(relayed).toEqual(['Pode sim! Já avisei o entregador.']);
    expect(sentTo(chat).slice(mark)).toEqual(['Pode sim! Já avisei o entregador.']);
    expect(h.slack.callsOf('reactions.add').map((c) => c.params)).toEqual([
      expect.objectContaining({ channel: SUPPORT_CHANNEL, timestamp: noteEvent.ts, name: 'lock' }),
    ]);

    // Act 4: Ana returns the customer to the bot; the customer asks for the menu
    mark = sentTo(chat).length;
    await press(h, ANA, RETURN_TO_BOT_ACTION, chat, card);
    const told = sentTo(chat).slice(mark);
    const menu = await said(chat, () => chat.text('quero ver o cardápio'));

    // Assess 4: told in Portuguese, the bot answers again and mirrors nothing; the card is closed, the index empty
    expect(told).toEqual([pt.staffReturnedToBot]);
    expect(menu).toEqual([pt.categoriesTitle]);
    expect(replies(h, card).join('\n')).not.toContain('quero ver o cardápio');
    expect(replies(h, card).at(-1)).toBe(staffEn.returned('Ana'));
    expect(blocksText(card)).toContain(staffEn.statusReturned('Ana'));
    expect(buttonsOf(card)).toEqual([]);
    expect((await sessionOf(h, chat)).handoff).toBeUndefined();
    expect(await deskOf(h, chat)).toMatchObject({ status: 'closed', closed: { by: { id: ANA, name: 'Ana' } } });
    expect(await openKeys(h)).toEqual([]);
  });

  it('speaks English to an English customer; a reply before anyone took over takes it over; Slack markup becomes plain text', async () => {
    // Prepare
    h = await startSlackHarness();
    const chat = customer(h, { firstName: 'John', languageCode: 'en' });
    await chat.command('/start');

    // Act
    const asked = await said(chat, () => chat.press(en.buttonHuman));
    const card = onlyCard(h, 'John');
    let mark = sentTo(chat).length;
    await reply(
      h,
      BRUNO,
      card,
      'Hi John! See <https://example.com/menu|our menu> &amp; tell me <@U0ANA0001> can help too',
    );
    const joinedAndRelayed = sentTo(chat).slice(mark);
    await press(h, ANA, TAKE_OVER_ACTION, chat, card);
    mark = sentTo(chat).length;
    await press(h, ANA, RETURN_TO_BOT_ACTION, chat, card);

    // Assess
    expect(asked).toEqual([en.handoffStarted]);
    expect(blocksText(card)).toContain(staffEn.langName.en);
    expect(joinedAndRelayed).toEqual([
      en.staffJoined('Bruno'),
      'Hi John! See our menu (https://example.com/menu) & tell me @Ana can help too',
    ]);
    expect(ephemeralsTo(h, ANA)).toEqual([staffEn.promptTakeOver('Bruno')]);
    expect(sentTo(chat).slice(mark)).toEqual([en.staffReturnedToBot]);
    expect(replies(h, card)).toContain(staffEn.returned('Ana'));
  });

  it("a colleague's reply in a taken conversation is held and asks privately: take over, or send once as yourself", async () => {
    // Prepare: Ana has the conversation
    h = await startSlackHarness();
    const chat = customer(h, { firstName: 'Lia' });
    await chat.text('quero falar com uma pessoa');
    const card = onlyCard(h, 'Lia');
    await press(h, ANA, TAKE_OVER_ACTION, chat, card);
    await reply(h, ANA, card, 'Oi Lia, aqui é a Ana.');

    // Act 1: Bruno answers in the same thread
    const held = await said(chat, () => reply(h!, BRUNO, card, 'Oi Lia! Sou o Bruno, vou cuidar do seu pedido.'));

    // Assess 1: nothing reaches the customer, Ana keeps it, Bruno alone sees the prompt with both choices
    expect(held).toEqual([]);
    expect(await deskOf(h, chat)).toMatchObject({ status: 'taken', takenBy: { id: ANA } });
    const prompt = promptsTo(h, BRUNO).at(-1)!;
    expect(prompt.text).toBe(staffEn.promptHeldReply('Ana'));
    expect(prompt.buttons.map((b) => b.action_id)).toEqual([TAKE_OVER_CONFIRM_ACTION, SEND_ONCE_ACTION]);
    expect(promptsTo(h, ANA)).toEqual([]);

    // Act 2: Bruno sends it once as himself, then presses the old prompt again
    const once = await said(chat, () => choose(h!, BRUNO, prompt, SEND_ONCE_ACTION));
    const again = await said(chat, () => choose(h!, BRUNO, prompt, SEND_ONCE_ACTION));

    // Assess 2: signed with his name, once; the owner and the customer's "who is with you" did not change
    expect(once).toEqual([pt.staffSigned('Bruno', 'Oi Lia! Sou o Bruno, vou cuidar do seu pedido.')]);
    expect(again).toEqual([]);
    expect(ephemeralsTo(h, BRUNO)).toContain(staffEn.sentOnce('Ana'));
    expect(ephemeralsTo(h, BRUNO).at(-1)).toBe(staffEn.pendingGone);
    expect((await sessionOf(h, chat)).handoff.takenBy.name).toBe('Ana');

    // Act 3: Bruno writes again and this time takes over; then Ana and Bruno both write on
    await reply(h, BRUNO, card, 'Vou assumir daqui.');
    const taken = await said(chat, () => choose(h!, BRUNO, promptsTo(h!, BRUNO).at(-1)!, TAKE_OVER_CONFIRM_ACTION));
    await reply(h, BRUNO, card, 'Seu pedido sai em 10 min.');
    const anaHeld = await said(chat, () => reply(h!, ANA, card, 'Voltei!'));

    // Assess 3: one "who is with you" for the one change of owner, then the reply; Ana's later reply is held for her
    expect(taken).toEqual([pt.staffJoined('Bruno'), 'Vou assumir daqui.']);
    expect(blocksText(card)).toContain(staffEn.statusTaken('Bruno'));
    expect(replies(h, card)).toContain(staffEn.tookOver('Bruno'));
    expect(anaHeld).toEqual([]);
    expect(promptsTo(h, ANA).at(-1)!.text).toBe(staffEn.promptHeldReply('Bruno'));
    expect(sentTo(chat).filter((m) => m.startsWith('👋'))).toEqual([pt.staffJoined('Ana'), pt.staffJoined('Bruno')]);
  });

  it('the Take over button on a conversation a colleague holds asks privately first, like a reply', async () => {
    // Prepare
    h = await startSlackHarness();
    const chat = customer(h, { firstName: 'Rui' });
    await chat.text('quero falar com uma pessoa');
    const card = onlyCard(h, 'Rui');
    await press(h, ANA, TAKE_OVER_ACTION, chat, card);

    // Act
    const pressed = await said(chat, () => press(h!, BRUNO, TAKE_OVER_ACTION, chat, card));
    const prompt = promptsTo(h, BRUNO).at(-1)!;
    const confirmed = await said(chat, () => choose(h!, BRUNO, prompt, TAKE_OVER_CONFIRM_ACTION));

    // Assess
    expect(pressed).toEqual([]);
    expect(prompt.text).toBe(staffEn.promptTakeOver('Ana'));
    expect(prompt.buttons.map((b) => b.action_id)).toEqual([TAKE_OVER_CONFIRM_ACTION]);
    expect(confirmed).toEqual([pt.staffJoined('Bruno')]);
    expect(await deskOf(h, chat)).toMatchObject({ takenBy: { id: BRUNO } });
  });

  it('customers read the first name and plain text: no role in the name, no Slack asterisks', async () => {
    // Prepare: Ana's Slack display name carries her role
    h = await startSlackHarness();
    h.slack.users.set(ANA, { name: 'Ana (shift lead)', real_name: 'Ana Lima' });
    const chat = customer(h, { firstName: 'Bia' });
    await chat.text('quero falar com uma pessoa');
    const card = onlyCard(h, 'Bia');

    // Act
    const told = await said(chat, () =>
      reply(
        h!,
        ANA,
        card,
        'Oi *Bia*! Seu _cupom_ de ~5%~ virou *10%* &amp; veja <https://loja.example/promo_x|*a promo*>.',
      ),
    );

    // Assess
    expect(told).toEqual([
      pt.staffJoined('Ana'),
      'Oi Bia! Seu cupom de 5% virou 10% & veja a promo (https://loja.example/promo_x).',
    ]);
    expect(told.join('\n')).not.toMatch(/\*|~|_cupom|shift lead/);
    expect(replies(h, card)).toContain(staffEn.tookOver('Ana (shift lead)'));
  });

  it('refuses a non-member: Take over and a thread reply get a private refusal, and nothing happens', async () => {
    // Prepare
    h = await startSlackHarness();
    const chat = customer(h, { firstName: 'Dora' });
    await chat.text('quero falar com um atendente');
    const card = onlyCard(h, 'Dora');
    const mark = sentTo(chat).length;
    const edits = card.edits;

    // Act
    await press(h, OUTSIDER, TAKE_OVER_ACTION, chat, card);
    await reply(h, OUTSIDER, card, 'oi, posso ajudar?');

    // Assess
    expect(ephemeralsTo(h, OUTSIDER)).toEqual([staffEn.notMember, staffEn.notMember]);
    expect(sentTo(chat).slice(mark)).toEqual([]);
    expect(card.edits).toBe(edits);
    expect(await deskOf(h, chat)).toMatchObject({ status: 'waiting' });
    expect((await sessionOf(h, chat)).handoff.takenBy).toBeUndefined();
  });

  it('tells staff when the customer cannot be reached, and gives the conversation back to the queue', async () => {
    // Prepare: the customer blocked the bot after asking
    h = await startSlackHarness();
    const chat = customer(h, { firstName: 'Flor' });
    await chat.text('quero falar com uma pessoa');
    const card = onlyCard(h, 'Flor');
    const blocked = { error_code: 403, description: 'Forbidden: bot was blocked by the user' };
    h.telegram.failNext('sendMessage', blocked);

    // Act
    await press(h, ANA, TAKE_OVER_ACTION, chat, card);

    // Assess: Ana is told why; nobody holds the conversation, so Bruno can still take it
    expect(ephemeralsTo(h, ANA)).toEqual([
      staffEn.deliveryFailed(`Call to 'sendMessage' failed! (403: ${blocked.description})`),
    ]);
    expect(await deskOf(h, chat)).toMatchObject({ status: 'waiting' });
    expect((await sessionOf(h, chat)).handoff.takenBy).toBeUndefined();
    expect(buttonsOf(card)).toEqual([{ action_id: TAKE_OVER_ACTION, value: keyOf(chat) }]);
    await press(h, BRUNO, TAKE_OVER_ACTION, chat, card);
    expect(sentTo(chat).at(-1)).toBe(pt.staffJoined('Bruno'));
  });

  it('tells the customer once, honestly, when nobody takes over in time, with staff text in Portuguese', async () => {
    // Prepare
    h = await startSlackHarness({ staffLang: 'pt-BR' });
    const chat = customer(h, { firstName: 'Eva' });
    await chat.text('preciso de um atendente');
    const card = onlyCard(h, 'Eva', staffPt);
    const mark = sentTo(chat).length;
    const sweep = (afterMs: number) =>
      h!.stack.slack!.console.handle({ kind: 'sweep', at: new Date(Date.now() + afterMs).toISOString() });

    // Act
    await sweep(5 * MINUTE);
    const beforeTimeout = sentTo(chat).slice(mark);
    await sweep(11 * MINUTE);
    await sweep(30 * MINUTE);
    await h.settle();

    // Assess: nothing before the 10 minutes, then one honest message with the way back to the bot; a note for staff
    expect(beforeTimeout).toEqual([]);
    expect(sentTo(chat).slice(mark)).toEqual([pt.noStaffAvailable(undefined)]);
    const told = h.telegram
      .chat(chat.chatId)
      .filter((c) => c.method === 'sendMessage')
      .at(-1)!;
    expect(JSON.stringify(told.params.reply_markup)).toContain(pt.buttonBackToBot);
    expect(replies(h, card).filter((t) => t === staffPt.timedOut(10))).toHaveLength(1);
    expect(blocksText(card)).toContain(staffPt.statusTimedOut);
    expect(cardsOf(h, 'Eva', staffPt)[0]!.text).toContain(staffPt.cardFallback('“Eva”'));

    // Act 2: someone comes in after all
    await press(h, ANA, TAKE_OVER_ACTION, chat, card);

    // Assess 2
    expect(sentTo(chat).at(-1)).toBe(pt.staffJoined('Ana'));
  });

  it("offers the store's phone when nobody takes over in time and the store has one", async () => {
    // Prepare
    h = await startSlackHarness({
      catalog: { store: { ...DEMO_STORE, phone: '+55 21 2222-3333' }, products: DEMO_PRODUCTS },
    });
    const chat = customer(h, { firstName: 'Ivo' });
    await chat.text('quero falar com uma pessoa');
    const mark = sentTo(chat).length;

    // Act
    await h.stack.slack!.console.handle({ kind: 'sweep', at: new Date(Date.now() + 11 * MINUTE).toISOString() });
    await h.settle();

    // Assess
    expect(sentTo(chat).slice(mark)).toEqual([pt.noStaffAvailable('+55 21 2222-3333')]);
    expect(pt.noStaffAvailable('+55 21 2222-3333')).toContain('+55 21 2222-3333');
  });

  it('reuses the open thread for a second request, closes it when the customer goes back to the bot, and opens a new one later', async () => {
    // Prepare
    h = await startSlackHarness();
    const chat = customer(h, { firstName: 'Gil' });
    await chat.command('/start');
    await chat.text('quero falar com uma pessoa');
    const first = onlyCard(h, 'Gil');

    // Act 1: the customer presses "talk to a person" again
    await chat.press(pt.buttonHuman);

    // Assess 1: no second card, a note in the same thread
    expect(cardsOf(h, 'Gil')).toHaveLength(1);
    expect(replies(h, first).at(-1)).toBe(staffEn.askedAgain(staffEn.reason.button));

    // Act 2: the customer goes back to the bot (the desk is told at once, no sweep needed); Ana replies in the old
    // thread
    await chat.press(pt.buttonBackToBot);
    await h.settle();
    const mark = sentTo(chat).length;
    await reply(h, ANA, first, 'Oi Gil, ainda precisa de ajuda?');

    // Assess 2: closed as the customer's choice, nothing relayed, Ana told why
    expect(replies(h, first)).toContain(staffEn.customerLeft);
    expect(blocksText(first)).toContain(staffEn.statusCustomerLeft);
    expect(await openKeys(h)).toEqual([]);
    expect(sentTo(chat).slice(mark)).toEqual([]);
    expect(ephemeralsTo(h, ANA)).toEqual([staffEn.notOpen]);

    // Act 3: the customer asks again
    await chat.text('quero falar com uma pessoa');

    // Assess 3: a new card with its own thread
    const cards = cardsOf(h, 'Gil');
    expect(cards).toHaveLength(2);
    expect(cards[1]!.ts).not.toBe(first.ts);
    expect(await deskOf(h, chat)).toMatchObject({ status: 'waiting', ts: cards[1]!.ts });
  });
});
