// POST /telegram/webhook: checks the secret token, acknowledges at once, and queues the update for the worker.
import type { Update } from 'grammy/types';
import type { HttpRequest, HttpResponse } from '../../core/http-exchange.ts';
import { errorResponse, jsonResponse } from '../../core/http-exchange.ts';
import type { Logger } from '../../core/logger.ts';
import { safeEqual } from '../../core/order-ids.ts';
import type { ChatWorkQueue } from '../../core/work-queue.ts';
import { chatKeyOf, isUpdate } from './telegram-update.ts';

export const TELEGRAM_WEBHOOK_PATH = '/telegram/webhook';
/** The update kinds the bot handles; Telegram sends nothing else (set with the webhook, and for long polling). */
export const TELEGRAM_ALLOWED_UPDATES = ['message', 'edited_message', 'callback_query', 'my_chat_member'] as const;
/** Telegram caps updates well below this; anything larger is not from Telegram. */
export const TELEGRAM_MAX_UPDATE_BYTES = 1024 * 1024;

export interface TelegramWebhookDeps {
  secretToken: string;
  queue: ChatWorkQueue<Update>;
  log: Logger;
}

/**
 * Telegram re-sends on any non-2xx and holds the chat's next updates until we answer, so nothing slow happens here:
 * verify, parse, enqueue (per-chat FIFO), answer 200. Handling, and de-duplication on update_id, is the worker's job.
 */
export async function handleTelegramWebhook(deps: TelegramWebhookDeps, req: HttpRequest): Promise<HttpResponse> {
  if (req.method !== 'POST') return errorResponse('METHOD_NOT_ALLOWED', 'en', 'Method not allowed');
  const presented = req.headers['x-telegram-bot-api-secret-token'];
  if (!presented || !safeEqual(presented, deps.secretToken))
    return errorResponse('UNAUTHORIZED', 'en', 'Bad secret token', 401);
  let update: unknown;
  try {
    update = JSON.parse(req.body ?? '');
  } catch {
    return errorResponse('INVALID_JSON', 'en', 'Malformed JSON', 400);
  }
  if (!isUpdate(update)) return errorResponse('INVALID_BODY', 'en', 'Not a Telegram update', 400);
  await deps.queue.enqueue(chatKeyOf(update), String(update.update_id), update);
  return jsonResponse(200, { ok: true });
}
