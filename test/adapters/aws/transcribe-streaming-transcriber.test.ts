// The Amazon Transcribe streaming adapter against a loopback stand-in, through the real SDK client: the voice note's
// bytes arrive as audio events in OGG/Opus, the language follows the customer, and only final results are kept.
import { TranscribeStreamingClient } from '@aws-sdk/client-transcribe-streaming';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TranscribeStreamingTranscriber } from '../../../adapters/aws/transcribe-streaming-transcriber.ts';
import { type FakeTranscribe, startFakeTranscribe } from '../../support/fake-transcribe.ts';

let fake: FakeTranscribe;
let client: TranscribeStreamingClient;
beforeAll(async () => {
  fake = await startFakeTranscribe();
  client = new TranscribeStreamingClient({
    endpoint: fake.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test-access-key', secretAccessKey: 'test-secret-key' },
  });
});
afterAll(async () => {
  client.destroy();
  await fake.close();
});

describe('TranscribeStreamingTranscriber', () => {
  it('sends the OGG/Opus bytes in pt-BR and returns the final transcript', async () => {
    const audio = new Uint8Array(20_000).map((_, i) => i % 251);
    fake.script = { finals: ['quero uma pizza de calabresa', 'e dois guaranás'], partials: true };

    const text = await new TranscribeStreamingTranscriber(client).transcribe({
      audio,
      encoding: 'ogg-opus',
      lang: 'pt-BR',
    });

    expect(text).toBe('quero uma pizza de calabresa e dois guaranás');
    const call = fake.calls.at(-1)!;
    expect(call).toMatchObject({ languageCode: 'pt-BR', mediaEncoding: 'ogg-opus', sampleRate: '48000' });
    expect(call.audioEvents).toBe(3);
    expect(Buffer.compare(call.audio, Buffer.from(audio))).toBe(0);
  });

  it('asks in en-US for an English speaker, and gives "" when nothing was understood', async () => {
    fake.script = { finals: [] };
    const text = await new TranscribeStreamingTranscriber(client).transcribe({
      audio: new Uint8Array(100),
      encoding: 'ogg-opus',
      lang: 'en',
    });
    expect(text).toBe('');
    expect(fake.calls.at(-1)!.languageCode).toBe('en-US');
  });
});
