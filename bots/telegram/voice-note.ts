// Voice notes: without a transcriber (offline, and until the Amazon Transcribe adapter exists) the customer is asked,
// plainly, to write instead.
import type { BotContext } from './bot-context.ts';
import { sendView } from './bot-context.ts';

/** A voice or audio message: the bot cannot listen yet, and says so rather than the generic "I understand text". */
export async function onVoiceNote(ctx: BotContext): Promise<void> {
  await sendView(ctx, { text: ctx.conv.t.voiceNotSupported });
}
