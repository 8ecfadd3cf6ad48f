// The Transcriber port on Amazon Transcribe streaming: a Telegram voice note (OGG/Opus) sent as audio events, the
// final (non-partial) results joined into the text, in pt-BR or en-US after the customer's language.
import {
  type AudioStream,
  type LanguageCode,
  StartStreamTranscriptionCommand,
  type TranscribeStreamingClient,
} from '@aws-sdk/client-transcribe-streaming';
import type { Lang } from '../../core/lang.ts';
import type { Transcriber, VoiceNote } from '../../core/transcriber.ts';

/** Transcribe wants audio in small events; 8 KiB of Opus is well under its per-event limit. */
const CHUNK_BYTES = 8 * 1024;
/** Telegram records voice notes at 48 kHz. */
const OPUS_SAMPLE_RATE = 48_000;

const LANGUAGE: Record<Lang, LanguageCode> = { 'pt-BR': 'pt-BR', en: 'en-US' };

async function* audioEvents(audio: Uint8Array): AsyncIterable<AudioStream> {
  for (let at = 0; at < audio.byteLength; at += CHUNK_BYTES)
    yield { AudioEvent: { AudioChunk: audio.subarray(at, at + CHUNK_BYTES) } };
}

export class TranscribeStreamingTranscriber implements Transcriber {
  constructor(private readonly client: TranscribeStreamingClient) {}

  async transcribe(note: VoiceNote): Promise<string> {
    const out = await this.client.send(
      new StartStreamTranscriptionCommand({
        LanguageCode: LANGUAGE[note.lang],
        MediaEncoding: note.encoding,
        MediaSampleRateHertz: OPUS_SAMPLE_RATE,
        AudioStream: audioEvents(note.audio),
      }),
    );
    const finals: string[] = [];
    for await (const event of out.TranscriptResultStream ?? []) {
      for (const result of event.TranscriptEvent?.Transcript?.Results ?? []) {
        const text = result.Alternatives?.[0]?.Transcript?.trim();
        if (!result.IsPartial && text) finals.push(text);
      }
      // Modelled stream errors arrive as members of the union: raise them like any other failure.
      const failure =
        event.BadRequestException ??
        event.LimitExceededException ??
        event.InternalFailureException ??
        event.ConflictException ??
        event.ServiceUnavailableException;
      if (failure) throw failure;
    }
    return finals.join(' ');
  }
}
