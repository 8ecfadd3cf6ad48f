// Voice notes offline: the customer reads plainly that the bot cannot listen yet and is asked to write, in their
// language; the generic "I understand text" answer is not used for them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEXTS } from '../../../bots/telegram/telegram-texts.ts';
import * as updates from '../../support/telegram-updates.ts';
import { ChatDriver, type Harness, startHarness } from './bot-harness.ts';

describe('Telegram conversation: voice notes offline', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('asks a Portuguese speaker to write', async () => {
    const chat = new ChatDriver(h);
    const replies = await chat.send(updates.voiceMessage(chat.chatId, chat.opts));
    expect(ChatDriver.texts(replies)).toEqual(['Ainda não consigo ouvir áudios por aqui; pode escrever, por favor?']);
  });

  it('asks an English speaker to type, and still answers stickers as before', async () => {
    const chat = new ChatDriver(h, undefined, { languageCode: 'en' });
    const voice = await chat.send(updates.voiceMessage(chat.chatId, chat.opts));
    const sticker = await chat.send(updates.stickerMessage(chat.chatId, chat.opts));
    expect(ChatDriver.texts(voice)).toEqual(["I can't listen to voice messages here yet; could you type it, please?"]);
    expect(ChatDriver.texts(sticker)).toEqual([TEXTS.en.unsupportedMessage]);
  });
});
