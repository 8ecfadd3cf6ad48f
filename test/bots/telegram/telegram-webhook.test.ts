// The Telegram webhook edge: secret check, fast acknowledgement, per-chat order, and each update handled once.
import { Bot } from 'grammy';
import type { Update, UserFromGetMe } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoChatSessionStore } from '../../../adapters/aws/dynamo-chat-session-store.ts';
import { InProcessChatWorkQueue } from '../../../adapters/local/in-process-work-queue.ts';
import { processTelegramUpdate } from '../../../bots/telegram/telegram-update-worker.ts';
import { handleTelegramWebhook } from '../../../bots/telegram/telegram-webhook.ts';
import type { HttpRequest } from '../../../core/http-exchange.ts';
import { silentLogger } from '../../../core/logger.ts';
import { freshTable } from '../../support/dynalite-table.ts';

const SECRET = 'webhook-secret-for-tests';
const BOT_INFO = {
  id: 1,
  is_bot: true,
  first_name: 'Test',
  username: 'test_bot',
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
} as UserFromGetMe;

let db: Awaited<ReturnType<typeof freshTable>>;
let handled: { chat: number; updateId: number; text?: string }[];
let gates: Map<number, Promise<void>>;
let queue: InProcessChatWorkQueue<Update>;

const message = (updateId: number, chatId: number, text: string): Update =>
  ({
    update_id: updateId,
    message: {
      message_id: updateId,
      date: 1764100000,
      chat: { id: chatId, type: 'private', first_name: 'Ana' },
      from: { id: chatId, is_bot: false, first_name: 'Ana' },
      text,
    },
  }) as Update;
const post = (body: string, secret: string | null = SECRET): HttpRequest => ({
  method: 'POST',
  path: '/telegram/webhook',
  body,
  headers: {
    'content-type': 'application/json',
    ...(secret === null ? {} : { 'x-telegram-bot-api-secret-token': secret }),
  },
});
const webhook = (req: HttpRequest) => handleTelegramWebhook({ secretToken: SECRET, queue, log: silentLogger }, req);

beforeAll(async () => {
  db = await freshTable();
});
afterAll(async () => {
  await db.close();
});

function freshBot(): void {
  handled = [];
  gates = new Map();
  const bot = new Bot('123:test', { botInfo: BOT_INFO });
  bot.on('message', async (ctx) => {
    await gates.get(ctx.update.update_id);
    handled.push({ chat: ctx.chat.id, updateId: ctx.update.update_id, text: ctx.message.text });
  });
  bot.on('edited_message', (ctx) => {
    handled.push({ chat: ctx.chat.id, updateId: ctx.update.update_id });
  });
  const sessions = new DynamoChatSessionStore(db.client, db.tableName);
  queue = new InProcessChatWorkQueue<Update>(async (u) => {
    await processTelegramUpdate(bot, sessions, u, silentLogger);
  });
}

describe('POST /telegram/webhook', () => {
  it('refuses a missing or wrong secret token with 401 and handles nothing', async () => {
    freshBot();
    const missing = await webhook(post(JSON.stringify(message(1, 10, 'oi')), null));
    const wrong = await webhook(post(JSON.stringify(message(2, 10, 'oi')), 'guess'));
    await queue.drain();
    expect([missing.status, wrong.status]).toEqual([401, 401]);
    expect(handled).toEqual([]);
  });

  it('answers 4xx to malformed JSON or a body that is not an update, without crashing', async () => {
    freshBot();
    const responses = await Promise.all(
      ['{"update_id": 3', '[]', '{"update_id": -1}', '{"update_id": "x"}', ''].map((b) => webhook(post(b))),
    );
    expect(responses.map((r) => r.status)).toEqual([400, 400, 400, 400, 400]);
    expect(JSON.parse(responses[0]!.body).error.code).toBe('INVALID_JSON');
  });

  it('acknowledges before the slow work is done', async () => {
    freshBot();
    let open!: () => void;
    gates.set(
      4,
      new Promise<void>((r) => {
        open = r;
      }),
    );
    const res = await webhook(post(JSON.stringify(message(4, 11, 'slow one'))));
    expect(res.status).toBe(200);
    expect(handled).toEqual([]);
    open();
    await queue.drain();
    expect(handled.map((h) => h.updateId)).toEqual([4]);
  });

  it('handles a re-delivered update once, even after the queue forgot it', async () => {
    freshBot();
    await webhook(post(JSON.stringify(message(5, 12, 'cadê meu pedido?'))));
    await webhook(post(JSON.stringify(message(5, 12, 'cadê meu pedido?'))));
    await queue.drain();
    freshBot(); // a new worker (another container, or after a restart): only the DynamoDB marker remembers
    await webhook(post(JSON.stringify(message(5, 12, 'cadê meu pedido?'))));
    await queue.drain();
    expect(handled).toEqual([]);
  });

  it("keeps each chat's updates in order without one chat waiting for another", async () => {
    freshBot();
    let openFirst!: () => void;
    gates.set(
      20,
      new Promise<void>((r) => {
        openFirst = r;
      }),
    );
    for (let id = 20; id < 25; id++) await webhook(post(JSON.stringify(message(id, 13, `a${id}`))));
    await webhook(post(JSON.stringify(message(30, 14, 'b30'))));
    await new Promise((r) => setTimeout(r, 50));
    expect(handled.map((h) => h.updateId)).toEqual([30]);
    openFirst();
    await queue.drain();
    expect(handled.filter((h) => h.chat === 13).map((h) => h.updateId)).toEqual([20, 21, 22, 23, 24]);
  });

  it('accepts update kinds the bot does not handle with 200', async () => {
    freshBot();
    const sticker = {
      update_id: 40,
      message: {
        message_id: 40,
        date: 1764100000,
        chat: { id: 15, type: 'private', first_name: 'Ana' },
        sticker: {
          file_id: 'x',
          file_unique_id: 'y',
          type: 'regular',
          width: 512,
          height: 512,
          is_animated: false,
          is_video: false,
        },
      },
    };
    const member = {
      update_id: 41,
      my_chat_member: {
        chat: { id: 15, type: 'private', first_name: 'Ana' },
        from: { id: 15, is_bot: false, first_name: 'Ana' },
        date: 1764100000,
        old_chat_member: { status: 'member', user: BOT_INFO },
        new_chat_member: { status: 'kicked', user: BOT_INFO, until_date: 0 },
      },
    };
    const inline = {
      update_id: 42,
      inline_query: { id: 'q', from: { id: 15, is_bot: false, first_name: 'Ana' }, query: 'pizza', offset: '' },
    };
    const res = await Promise.all([sticker, member, inline].map((u) => webhook(post(JSON.stringify(u)))));
    await queue.drain();
    expect(res.map((r) => r.status)).toEqual([200, 200, 200]);
  });
});
