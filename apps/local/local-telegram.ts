// Telegram on the local stack: the webhook route when a secret is set, long polling otherwise; order events go to
// chats.
import type { Bot } from 'grammy';
import type { Update, UserFromGetMe } from 'grammy/types';
import { InProcessChatWorkQueue } from '../../adapters/local/in-process-work-queue.ts';
import type { LocalNotifier } from '../../adapters/local/local-notifier.ts';
import type { Assistant } from '../../bots/telegram/answer-question.ts';
import { pushOrderEventToChat } from '../../bots/telegram/order-event-push.ts';
import { setBotCommands } from '../../bots/telegram/start-and-language.ts';
import { createTelegramBot } from '../../bots/telegram/telegram-bot.ts';
import { processTelegramUpdate } from '../../bots/telegram/telegram-update-worker.ts';
import { handleTelegramWebhook, TELEGRAM_ALLOWED_UPDATES } from '../../bots/telegram/telegram-webhook.ts';
import type { ChatSessionStore } from '../../core/chat-session.ts';
import type { OrderDeps } from '../../core/deps.ts';
import type { Geocoder } from '../../core/geocoder.ts';
import type { HttpRequest, HttpResponse } from '../../core/http-exchange.ts';
import type { Logger } from '../../core/logger.ts';
import type { StaffDesk } from '../../core/staff-desk.ts';
import type { WorkQueueStore } from '../../core/work-queue.ts';

export interface LocalTelegramOptions {
  token: string;
  /** TELEGRAM_API_ROOT: a stand-in Bot API (tests) instead of api.telegram.org. */
  apiRoot?: string;
  /** TELEGRAM_WEBHOOK_SECRET: serve POST /telegram/webhook; without it the bot long-polls (no public URL needed). */
  webhookSecret?: string;
  /** Skips getMe at start (tests). */
  botInfo?: UserFromGetMe;
}

export interface LocalTelegram {
  mode: 'webhook' | 'polling';
  username: string;
  bot: Bot;
  /** Present in webhook mode: the route handler for POST /telegram/webhook. */
  handleWebhook?: (req: HttpRequest) => Promise<HttpResponse>;
  /** Starts the webhook worker: first the updates a previous run left queued, in order. Returns how many (0 when polling). */
  start(): Promise<number>;
  /** Resolves when every queued update has been handled (webhook mode). */
  drain(): Promise<void>;
  stop(): Promise<void>;
}

export async function startLocalTelegram(
  opts: LocalTelegramOptions,
  ctx: {
    deps: OrderDeps;
    sessions: ChatSessionStore;
    geocoder: Geocoder;
    notifier: LocalNotifier;
    log: Logger;
    assistant?: Assistant;
    staffDesk?: StaffDesk;
    /** Keeps queued webhook updates across a restart (the local table); in memory without it. */
    queueStore?: WorkQueueStore<Update>;
    retryBaseMs?: number;
  },
): Promise<LocalTelegram> {
  const bot = createTelegramBot(
    opts.token,
    {
      orders: ctx.deps,
      sessions: ctx.sessions,
      geocoder: ctx.geocoder,
      log: ctx.log,
      ...(ctx.assistant ? { assistant: ctx.assistant } : {}),
      ...(ctx.staffDesk ? { staffDesk: ctx.staffDesk } : {}),
    },
    { apiRoot: opts.apiRoot, botInfo: opts.botInfo },
  );
  await bot.init();
  // The command menu in both languages; a failure here only costs the menu, never the bot.
  await setBotCommands(bot.api).catch((err: unknown) =>
    ctx.log.warn('could not set the Telegram command menu', { error: err }),
  );
  const stopPushing = ctx.notifier.onEvent((e) => {
    void pushOrderEventToChat(bot.api, e.payload, ctx.log);
  });

  if (opts.webhookSecret) {
    // SQS FIFO's contract, as on AWS; started by start() once the stack is wired.
    const queue = new InProcessChatWorkQueue<Update>(
      async (update) => {
        await processTelegramUpdate(bot, ctx.sessions, update, ctx.log);
      },
      {
        name: 'Telegram update',
        autoStart: false,
        log: ctx.log,
        describe: (u) => ({ updateId: u.update_id }),
        ...(ctx.queueStore ? { store: ctx.queueStore } : {}),
        ...(ctx.retryBaseMs !== undefined ? { retryBaseMs: ctx.retryBaseMs } : {}),
      },
    );
    return {
      mode: 'webhook',
      username: bot.botInfo.username,
      bot,
      handleWebhook: (req) => handleTelegramWebhook({ secretToken: opts.webhookSecret!, queue, log: ctx.log }, req),
      start: () => queue.start(),
      drain: () => queue.drain(),
      stop: async () => {
        stopPushing();
        await queue.stop();
      },
    };
  }

  // Long polling: Telegram hands each update out once per offset, so no extra de-duplication is needed here.
  // bot.start() removes any webhook first (getUpdates is refused while one is set).
  const polling = bot
    .start({ allowed_updates: [...TELEGRAM_ALLOWED_UPDATES], drop_pending_updates: false })
    .catch((err: unknown) => ctx.log.warn('Telegram long polling stopped', { error: err }));
  return {
    mode: 'polling',
    username: bot.botInfo.username,
    bot,
    start: async () => 0,
    drain: async () => {},
    stop: async () => {
      stopPushing();
      await bot.stop();
      await polling;
    },
  };
}
