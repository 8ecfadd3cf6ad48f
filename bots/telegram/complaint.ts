// A photo with a complaint ("chegou amassado 😡"): empathy first, then a person (the handoff), with the photo sent on
// into the desk's thread. Any other photo gets the usual "what I understand" answer.
import { isComplaint } from '../../core/complaint.ts';
import { type BotContext, sendView } from './bot-context.ts';
import { onUnsupportedMessage } from './fallback.ts';
import { mirrorTextOf, startHandoff } from './handoff.ts';

/** The largest size Telegram sent (sizes come smallest first): what staff should see. */
export const photoFileIdOf = (ctx: BotContext): string | undefined => ctx.message?.photo?.at(-1)?.file_id;

export async function onPhoto(ctx: BotContext): Promise<void> {
  const message = ctx.message!;
  const fileId = photoFileIdOf(ctx);
  if (!fileId || !isComplaint(message.caption)) return onUnsupportedMessage(ctx);
  await sendView(ctx, { text: ctx.conv.t.complaintReceived });
  await startHandoff(ctx, 'asked_in_chat');
  // Handed off (a desk took the escalation): the photo follows the card into the thread, in the queue's order.
  if (!ctx.conv.state.handoff || !ctx.deps.staffDesk) return;
  await ctx.deps.staffDesk.mirror({
    conversationKey: ctx.conv.key,
    text: mirrorTextOf(message),
    at: ctx.deps.orders.clock.now().toISOString(),
    photo: { fileId },
  });
  ctx.deps.log.info('telegram: complaint photo sent on to the desk', { chatKey: ctx.conv.key });
}
