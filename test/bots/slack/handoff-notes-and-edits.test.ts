// Internal notes stay internal whatever prefix staff type (note:, nota:, obs:, interno:, private:), and a relayed reply
// edited or deleted in Slack is edited or deleted in the customer's Telegram chat, the staff member told either way.
import { afterEach, describe, expect, it } from 'vitest';
import { TAKE_OVER_ACTION } from '../../../bots/slack/handoff-desk.ts';
import { HANDOFF_TEXTS } from '../../../bots/slack/handoff-texts.ts';
import { TEXTS } from '../../../bots/telegram/telegram-texts.ts';
import { BOT_ID, type SlackMessage, SUPPORT_CHANNEL } from '../../support/fake-slack-api.ts';
import { blockActionBody, eventRequest, interactionRequest } from '../../support/slack-requests.ts';
import type { ChatDriver } from '../telegram/bot-harness.ts';
import {
  customer,
  edit,
  ephemeralsTo,
  onlyCard,
  remove,
  reply,
  sentTo,
  telegramCalls,
  visibleTo,
} from './handoff-helpers.ts';
import { ANA, type SlackHarness, startSlackHarness } from './slack-harness.ts';

const staffEn = HANDOFF_TEXTS.en;
const staffPt = HANDOFF_TEXTS['pt-BR'];
const pt = TEXTS['pt-BR'];

let h: SlackHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** A customer who asked for a person, and Ana took the conversation over. */
async function takenConversation(
  harness: SlackHarness,
  name: string,
): Promise<{ chat: ChatDriver; card: SlackMessage }> {
  const chat = customer(harness, { firstName: name });
  await chat.text('quero falar com uma pessoa');
  const card = onlyCard(harness, name, harness.stack.slack!.console.ctx.t === 'pt-BR' ? staffPt : staffEn);
  const res = await harness.send(
    interactionRequest(
      blockActionBody(ANA, { action_id: TAKE_OVER_ACTION, value: `telegram:${chat.chatId}` }, { ts: card.ts }),
    ),
  );
  expect(res.status).toBe(200);
  expect(sentTo(chat).at(-1)).toBe(pt.staffJoined('Ana'));
  return { chat, card };
}

describe('Slack handoff: internal notes', () => {
  it('keeps every note prefix staff type internal, in both languages, any case, with or without a space, inside Slack formatting', async () => {
    // Prepare
    h = await startSlackHarness({ staffLang: 'pt-BR' });
    const { chat, card } = await takenConversation(h, 'Rita');
    const mark = sentTo(chat).length;
    const notes = [
      'nota: cliente sem pedido, parece trote',
      'obs: vou encerrar',
      'NOTA:sem espaço depois dos dois-pontos',
      'Obs : com espaço antes',
      'interno: ver com a cozinha',
      'private: check the refund',
      'Note: english note',
      '   nota: com espaços na frente',
      '*nota:* em negrito',
      '_obs:_ em itálico',
      '*Interno*: negrito sem os dois-pontos',
      '&gt; nota: citada',
    ];

    // Act
    const written = [];
    for (const text of notes) written.push(await reply(h, ANA, card, text));

    // Assess: nothing reached the customer, and each note got the lock
    expect(sentTo(chat).slice(mark)).toEqual([]);
    const locked = h.slack
      .callsOf('reactions.add')
      .filter((c) => c.params.name === 'lock')
      .map((c) => c.params.timestamp);
    expect(locked).toEqual(written.map((w) => w.ts));
  });

  it('relays replies that only look like a prefix', async () => {
    // Prepare
    h = await startSlackHarness();
    const { chat } = await takenConversation(h, 'Téo');
    const card = onlyCard(h, 'Téo');
    const mark = sentTo(chat).length;
    const replies = [
      'Observei que o pedido já saiu!',
      'notas fiscais: mandamos por e-mail',
      'Nota 10 pra você 😄',
      'Privately speaking, it is on its way',
    ];

    // Act
    for (const text of replies) await reply(h, ANA, card, text);

    // Assess
    expect(sentTo(chat).slice(mark)).toEqual(replies);
    expect(h.slack.callsOf('reactions.add')).toEqual([]);
  });

  it('names the prefixes in the card hint and the take-over note, in the staff language', async () => {
    h = await startSlackHarness({ staffLang: 'pt-BR' });
    const { card } = await takenConversation(h, 'Ivo');
    expect(JSON.stringify(card.blocks)).toContain('`nota:`');
    expect(h.slack.thread(SUPPORT_CHANNEL, card.ts).map((m) => m.text)).toContain(staffPt.tookOver('Ana'));
    expect(staffPt.tookOver('Ana')).toContain('`nota:`');
    expect(staffEn.hint).toContain('`note:`');
  });
});

describe('Slack handoff: edits and deletions of relayed replies', () => {
  it("edits the customer's copy when the reply is edited in Slack, and tells the author", async () => {
    // Prepare
    h = await startSlackHarness();
    const { chat, card } = await takenConversation(h, 'Nina');
    const sent = await reply(h, ANA, card, 'Seu pedido sai em 10 min');
    const [relayed] = telegramCalls(chat, 'sendMessage').slice(-1);
    const messageId = (relayed!.result as { message_id: number }).message_id;

    // Act
    await edit(h, sent, 'Seu pedido sai em *15 min*, <@U0ANA0001> confirma');

    // Assess: the same Telegram message now shows the new text as plain text (no mrkdwn asterisks); Ana is told, privately
    expect(telegramCalls(chat, 'editMessageText').map((c) => [Number(c.params.message_id), c.params.text])).toEqual([
      [messageId, 'Seu pedido sai em 15 min, @Ana confirma'],
    ]);
    expect(visibleTo(chat).at(-1)).toEqual({ messageId, text: 'Seu pedido sai em 15 min, @Ana confirma' });
    expect(ephemeralsTo(h, ANA)).toEqual([staffEn.relayEdited]);
  });

  it("ignores a change that leaves the text as relayed (an unfurl, a reaction count) and the bot's own edits", async () => {
    // Prepare
    h = await startSlackHarness();
    const { chat, card } = await takenConversation(h, 'Bia');
    const sent = await reply(h, ANA, card, 'Veja https://example.com/cardapio');
    const calls = chat.h.fake.chat(chat.chatId).length;

    // Act: Slack reports the link's unfurl as a change of the same text; the bot edits its own card
    await edit(h, sent, sent.text);
    await h.send(
      eventRequest({
        type: 'message',
        subtype: 'message_changed',
        hidden: true,
        channel: SUPPORT_CHANNEL,
        ts: '1700000999.000001',
        message: { type: 'message', bot_id: BOT_ID, text: 'card', ts: card.ts },
        previous_message: { type: 'message', bot_id: BOT_ID, text: 'card', ts: card.ts },
      }),
    );

    // Assess
    expect(chat.h.fake.chat(chat.chatId)).toHaveLength(calls);
    expect(ephemeralsTo(h, ANA)).toEqual([]);
  });

  it("deletes the customer's copy when the reply is deleted in Slack, and tells the author", async () => {
    // Prepare
    h = await startSlackHarness();
    const { chat, card } = await takenConversation(h, 'Léo');
    const sent = await reply(h, ANA, card, 'Vou te mandar um cupom de desconto');
    const messageId = (telegramCalls(chat, 'sendMessage').at(-1)!.result as { message_id: number }).message_id;

    // Act
    await remove(h, sent);

    // Assess
    expect(telegramCalls(chat, 'deleteMessage').map((c) => Number(c.params.message_id))).toEqual([messageId]);
    expect(visibleTo(chat).map((m) => m.text)).not.toContain('Vou te mandar um cupom de desconto');
    expect(ephemeralsTo(h, ANA)).toEqual([staffEn.relayDeleted]);
  });

  it("an edit that turns a reply into a note deletes the customer's copy and locks it; an edited note is never sent", async () => {
    // Prepare
    h = await startSlackHarness({ staffLang: 'pt-BR' });
    const { chat, card } = await takenConversation(h, 'Caio');
    const sent = await reply(h, ANA, card, 'cliente parece trote, vou encerrar');
    const messageId = (telegramCalls(chat, 'sendMessage').at(-1)!.result as { message_id: number }).message_id;
    const note = await reply(h, ANA, card, 'nota: ligar amanhã');
    const mark = sentTo(chat).length;

    // Act
    await edit(h, sent, 'nota: cliente parece trote, vou encerrar');
    await edit(h, note, 'ligar amanhã');

    // Assess
    expect(telegramCalls(chat, 'deleteMessage').map((c) => Number(c.params.message_id))).toEqual([messageId]);
    expect(visibleTo(chat).map((m) => m.text)).not.toContain('cliente parece trote, vou encerrar');
    expect(sentTo(chat).slice(mark)).toEqual([]);
    expect(
      h.slack
        .callsOf('reactions.add')
        .filter((c) => c.params.name === 'lock')
        .map((c) => c.params.timestamp),
    ).toEqual([note.ts, sent.ts]);
    expect(ephemeralsTo(h, ANA)).toEqual([staffPt.relayTurnedNote, staffPt.noteEditNotSent]);
  });

  it('tells the author privately when Telegram refuses the edit or the deletion (e.g. after 48 h)', async () => {
    // Prepare
    h = await startSlackHarness();
    const { chat, card } = await takenConversation(h, 'Gabi');
    const first = await reply(h, ANA, card, 'Chega às 20h');
    const second = await reply(h, ANA, card, 'Te mando o link de pagamento');
    const cannotEdit = { error_code: 400, description: "Bad Request: message can't be edited" };
    const cannotDelete = { error_code: 400, description: "Bad Request: message can't be deleted for everyone" };
    h.telegram.failNext('editMessageText', cannotEdit);
    h.telegram.failNext('deleteMessage', cannotDelete);

    // Act
    await edit(h, first, 'Chega às 21h');
    await remove(h, second);

    // Assess: the customer still sees both as sent, and Ana knows it
    expect(visibleTo(chat).map((m) => m.text)).toEqual(
      expect.arrayContaining(['Chega às 20h', 'Te mando o link de pagamento']),
    );
    expect(ephemeralsTo(h, ANA)).toEqual([
      staffEn.relayEditFailed(`Call to 'editMessageText' failed! (400: ${cannotEdit.description})`),
      staffEn.relayDeleteFailed(`Call to 'deleteMessage' failed! (400: ${cannotDelete.description})`),
    ]);
  });

  it('a long reply sent in two parts: an edit to a short text edits the first and deletes the second', async () => {
    // Prepare
    h = await startSlackHarness();
    const { chat, card } = await takenConversation(h, 'Duda');
    const long = `${'Detalhes do pedido. '.repeat(220)}fim`;
    const sent = await reply(h, ANA, card, long);
    const parts = telegramCalls(chat, 'sendMessage')
      .slice(-2)
      .map((c) => (c.result as { message_id: number }).message_id);
    expect(parts).toHaveLength(2);

    // Act
    await edit(h, sent, 'Resumo: chega às 20h');

    // Assess
    expect(telegramCalls(chat, 'editMessageText').map((c) => [Number(c.params.message_id), c.params.text])).toEqual([
      [parts[0], 'Resumo: chega às 20h'],
    ]);
    expect(telegramCalls(chat, 'deleteMessage').map((c) => Number(c.params.message_id))).toEqual([parts[1]]);
    expect(visibleTo(chat).at(-1)).toEqual({ messageId: parts[0], text: 'Resumo: chega às 20h' });
  });
});
