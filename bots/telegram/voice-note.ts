// Voice notes: with a transcriber (Amazon Transcribe streaming on AWS) the note is turned into text and handled
// exactly like a typed message; without one (offline) the customer is asked, plainly, to write instead.
import { type BotContext, sendView } from './bot-context.ts';
import { downloadTelegramFile } from './telegram-file.ts';

/** Longer notes are not sent to transcription: an order or a question fits in a minute, and the cost stays bounded. */
export const MAX_VOICE_SECONDS = 120;

/** A voice or audio message. `asTyped` handles the message as typed text once its `text` holds the transcript. */
export async function onVoiceNote(ctx: BotContext, asTyped: () => Promise<void>): Promise<void> {
  const { t } = ctx.conv;
  const voice = ctx.message?.voice;
  const transcriber = ctx.deps.transcriber;
  // Audio files (music, forwarded mp3s) are not what Telegram records: only voice notes are OGG/Opus.
  if (!transcriber || !voice || voice.duration > MAX_VOICE_SECONDS) {
    await sendView(ctx, { text: t.voiceNotSupported });
    return;
  }
  let text: string;
  try {
    const file = await downloadTelegramFile(ctx.api, voice.file_id);
    text = (await transcriber.transcribe({ audio: file.data, encoding: 'ogg-opus', lang: ctx.conv.lang })).trim();
  } catch (err) {
    ctx.deps.log.warn('telegram: a voice note could not be transcribed', { chatKey: ctx.conv.key, error: err });
    text = '';
  }
  if (!text) {
    await sendView(ctx, { text: t.voiceNotUnderstood });
    return;
  }
  ctx.deps.log.info('telegram: voice note transcribed', { chatKey: ctx.conv.key, chars: text.length });
  // The handlers read the message's text (the free-question assistant and the address steps too): the transcript
  // takes its place on this update, so the note is handled exactly like the same words typed.
  Object.assign(ctx.message!, { text });
  await asTyped();
}
