// A customer's photo (a complaint: "chegou amassado") into the conversation's thread: the bytes are fetched from the
// chat and uploaded with files.uploadV2, so the thread holds the picture itself and no link carries the bot's token.
import type { ConversationDesk } from '../../core/staff-desk.ts';
import { slackErrorCode } from '../streaming/slack-surface.ts';
import { nameOf } from './desk-card.ts';
import { note, texts } from './desk-thread.ts';
import type { SlackContext } from './slack-context.ts';
import { CARD_REFRESH_RETRY, withSlackRetry } from './slack-retry.ts';

/** Uploads the photo into the thread; when it cannot be fetched or uploaded, staff read a note saying so instead. */
export async function postCustomerPhoto(ctx: SlackContext, desk: ConversationDesk, fileId: string): Promise<void> {
  const t = texts(ctx);
  try {
    if (!ctx.deps.customers?.customerPhoto) throw new Error('the customers chat gives no files');
    const file = await ctx.deps.customers.customerPhoto(desk.conversationKey, fileId);
    await withSlackRetry(
      () =>
        ctx.client.files.uploadV2({
          channel_id: desk.channel,
          thread_ts: desk.ts,
          file: Buffer.from(file.data),
          filename: file.filename,
          title: t.photoTitle(nameOf(desk.customerName)),
        }),
      CARD_REFRESH_RETRY,
    );
  } catch (err) {
    ctx.deps.log.warn('slack: a customer photo could not be put in its thread', {
      conversationKey: desk.conversationKey,
      code: slackErrorCode(err),
      error: err,
    });
    await note(ctx, desk, t.photoNotForwarded);
  }
}
