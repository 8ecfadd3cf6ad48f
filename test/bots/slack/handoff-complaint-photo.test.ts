// A complaint photo from a Telegram customer, end to end: empathy in the chat, a person on the desk, and the photo
// itself uploaded into the escalation's thread (files.uploadV2 against the fake Web API, the bytes fetched from the
// fake Bot API with getFile).
import { afterEach, describe, expect, it } from 'vitest';
import { HANDOFF_TEXTS } from '../../../bots/slack/handoff-texts.ts';
import { TEXTS } from '../../../bots/telegram/telegram-texts.ts';
import { SUPPORT_CHANNEL } from '../../support/fake-slack-api.ts';
import { fakeFileBytes } from '../../support/fake-telegram-api.ts';
import * as updates from '../../support/telegram-updates.ts';
import { customer, onlyCard, sentTo } from './handoff-helpers.ts';
import { type SlackHarness, startSlackHarness } from './slack-harness.ts';

let h: SlackHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const pt = TEXTS['pt-BR'];

describe('a complaint photo', () => {
  it('gets empathy, goes to a person, and the photo lands in the Slack thread', async () => {
    // Prepare
    h = await startSlackHarness();
    const chat = customer(h, { firstName: 'Lia', languageCode: 'pt-BR' });
    const photo = updates.photoMessage(chat.chatId, { ...chat.opts, caption: 'chegou amassado 😡' });
    const fileId = photo.message!.photo!.at(-1)!.file_id;

    // Act
    await chat.send(photo);

    // Assess: the customer reads empathy, then that a person is coming
    const said = sentTo(chat);
    expect(said[0]).toBe(
      'Poxa, sinto muito! 😔 Não era para chegar assim. Vou passar sua foto para a equipe resolver.',
    );
    expect(said[1]).toBe(pt.handoffStarted);
    // Staff: one card, the caption in its thread, and the photo uploaded there with the bytes from Telegram
    const card = onlyCard(h, 'Lia');
    const thread = h.slack.thread(SUPPORT_CHANNEL, card.ts);
    expect(thread.some((m) => m.text.includes('chegou amassado'))).toBe(true);
    const shared = thread.flatMap((m) => m.files ?? []);
    expect(shared).toHaveLength(1);
    expect(shared[0]!.title).toBe(HANDOFF_TEXTS.en.photoTitle('“Lia”'));
    // The client posts the bytes as multipart form data: the file part holds them as Telegram served them.
    expect(shared[0]!.bytes).toContain(fakeFileBytes(fileId).toString());
    // The Telegram file URL (which holds the bot token) never reaches Slack
    expect(JSON.stringify(h.slack.calls)).not.toContain('/file/bot');
  });

  it('says so in the thread when the photo cannot be fetched, and a plain photo is not a complaint', async () => {
    // Prepare
    h = await startSlackHarness();
    const chat = customer(h, { firstName: 'Rui', languageCode: 'en' });
    h.telegram.failNext('getFile', { error_code: 400, description: 'Bad Request: wrong file_id' });

    // Act
    await chat.send(updates.photoMessage(chat.chatId, { ...chat.opts, caption: 'here is my building' }));
    const plain = sentTo(chat).slice();
    await chat.send(updates.photoMessage(chat.chatId, { ...chat.opts, caption: 'my pizza came cold and crushed' }));

    // Assess
    expect(plain).toEqual([TEXTS.en.unsupportedMessage]);
    const card = onlyCard(h, 'Rui');
    const thread = h.slack.thread(SUPPORT_CHANNEL, card.ts);
    expect(thread.some((m) => m.text === HANDOFF_TEXTS.en.photoNotForwarded)).toBe(true);
    expect(thread.flatMap((m) => m.files ?? [])).toEqual([]);
  });
});
