// The port a voice note is turned into text through (Amazon Transcribe streaming on AWS); offline there is none.
import type { Lang } from './lang.ts';

/** A voice note as the chat delivered it: Telegram records OGG/Opus. */
export interface VoiceNote {
  audio: Uint8Array;
  encoding: 'ogg-opus';
  /** The customer's language, which the transcription is asked in. */
  lang: Lang;
}

/** Turns speech into text. Returns '' when nothing was understood; throws when the service cannot be reached. */
export interface Transcriber {
  transcribe(note: VoiceNote): Promise<string>;
}
