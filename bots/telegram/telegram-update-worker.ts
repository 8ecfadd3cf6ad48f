// The worker side of the webhook: handles each update once (marker on update_id) through the grammY bot.
import type { Bot } from 'grammy';
import type { Update } from 'grammy/types';
import type { ChatSessionStore } from '../../core/chat-session.ts';
import type { Logger } from '../../core/logger.ts';

/**
 * At most once: the marker is written before handling, so a crash mid-way is not replayed into a second order or a
 * second refund. The bot's own error handler tells the customer when something went wrong.
 */
export async function processTelegramUpdate(
  bot: Bot,
  sessions: ChatSessionStore,
  update: Update,
  log: Logger,
): Promise<'handled' | 'duplicate'> {
  if (!(await sessions.markUpdateSeen(`telegram:${update.update_id}`))) {
    log.info('duplicate Telegram update ignored', { updateId: update.update_id });
    return 'duplicate';
  }
  await bot.handleUpdate(update);
  return 'handled';
}
