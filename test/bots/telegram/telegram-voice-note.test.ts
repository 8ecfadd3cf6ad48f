// Voice notes: offline the customer reads plainly that the bot cannot listen yet and is asked to write, in their
// language; with Amazon Transcribe (a loopback stand-in, through the real SDK) the note is handled like typed text.
import { TranscribeStreamingClient } from '@aws-sdk/client-transcribe-streaming';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TranscribeStreamingTranscriber } from '../../../adapters/aws/transcribe-streaming-transcriber.ts';
import { TEXTS } from '../../../bots/telegram/telegram-texts.ts';
import { DEMO_PRODUCTS } from '../../support/demo-store.ts';
import { fakeFileBytes } from '../../support/fake-telegram-api.ts';
import { type FakeTranscribe, startFakeTranscribe } from '../../support/fake-transcribe.ts';
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

describe('Telegram conversation: voice notes with Amazon Transcribe streaming (loopback stand-in)', () => {
  let h: Harness;
  let transcribe: FakeTranscribe;
  let client: TranscribeStreamingClient;
  beforeAll(async () => {
    transcribe = await startFakeTranscribe();
    client = new TranscribeStreamingClient({
      endpoint: transcribe.url,
      region: 'sa-east-1',
      credentials: { accessKeyId: 'test-access-key', secretAccessKey: 'test-secret-key' },
    });
    h = await startHarness({ transcriber: new TranscribeStreamingTranscriber(client) });
  });
  afterAll(async () => {
    await h.close();
    client.destroy();
    await transcribe.close();
  });

  it('handles "quero uma pizza de calabresa" said aloud like the same words typed', async () => {
    // Prepare
    const chat = new ChatDriver(h);
    transcribe.script = { finals: ['quero uma pizza de calabresa'], partials: true };
    const note = updates.voiceMessage(chat.chatId, chat.opts);

    // Act
    const replies = await chat.send(note);

    // Assess: the order in words answered it, and Transcribe got the note's own bytes, in pt-BR, as OGG/Opus
    const pizza = DEMO_PRODUCTS.find((p) => p.sku === 'PIZZA-CALA')!;
    expect(ChatDriver.texts(replies)[0]!.split('\n')[0]).toBe(`Adicionei 1× ${pizza.name['pt-BR']}.`);
    const call = transcribe.calls.at(-1)!;
    expect(call).toMatchObject({ languageCode: 'pt-BR', mediaEncoding: 'ogg-opus' });
    expect(call.audio.toString()).toBe(fakeFileBytes(note.message!.voice!.file_id).toString());
  });

  it('asks to write when nothing was understood, in English', async () => {
    const chat = new ChatDriver(h, undefined, { languageCode: 'en' });
    transcribe.script = { finals: [] };
    const replies = await chat.send(updates.voiceMessage(chat.chatId, chat.opts));
    expect(ChatDriver.texts(replies)).toEqual([TEXTS.en.voiceNotUnderstood]);
    expect(transcribe.calls.at(-1)!.languageCode).toBe('en-US');
  });
});
