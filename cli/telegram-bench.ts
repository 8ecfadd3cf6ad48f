// The Telegram webhook benchmark: ack latency, update→first reply for a deterministic intent, replies/s with 40 chats.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startLocalStack } from '../adapters/local/local-stack.ts';
import { DEMO_PRODUCTS, DEMO_STORE } from '../core/catalog.ts';
import { placeOrder } from '../core/place-order.ts';

const TOKEN = '7000000001:bench-token-for-a-loopback-stand-in';
const SECRET = 'bench-webhook-secret';
const BOT_INFO = {
  id: 7000000001, is_bot: true as const, first_name: 'Bench', username: 'bench_bot', can_join_groups: true, can_read_all_group_messages: false,
  supports_inline_queries: false, can_connect_to_business: false, has_main_web_app: false, has_topics_enabled: false,
  allows_users_to_create_topics: false, can_manage_bots: false, supports_join_request_queries: false,
};

export interface TelegramBenchResult { ackP50: number; ackP95: number; replyP50: number; replyP95: number; chats: number; messages: number; repliesPerSecond: number; replies: number; sampleReply: string }

/** A minimal Bot API on loopback: answers every method, and tells us when a chat gets a message. */
async function startBotApiStandIn(onSend: (chatId: number, text: string) => void) {
  let messageId = 0;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => { body += c.toString(); });
    req.on('end', () => {
      const method = req.url!.split('/').pop()!;
      const params = body ? (JSON.parse(body) as { chat_id?: number; text?: string }) : {};
      let result: unknown = true;
      if (method === 'sendMessage' || method === 'editMessageText') {
        result = { message_id: ++messageId, date: Math.floor(Date.now() / 1000), chat: { id: params.chat_id, type: 'private' }, text: params.text };
        if (method === 'sendMessage') onSend(Number(params.chat_id), String(params.text));
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, result }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { apiRoot: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}

const percentile = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!; };

export async function runTelegramBench(opts: { single: number; chats: number; perChat: number }): Promise<TelegramBenchResult> {
  const waiting = new Map<number, () => void>();
  const replies = { count: 0, sample: '' };
  const api = await startBotApiStandIn((chatId, text) => { replies.count++; replies.sample ||= text; waiting.get(chatId)?.(); });
  const products = DEMO_PRODUCTS.map((p) => ({ ...p, stock: 1_000_000 }));
  const stack = await startLocalStack({ port: 0, staffToken: 'bench', catalog: { store: DEMO_STORE, products }, telegram: { token: TOKEN, apiRoot: api.apiRoot, webhookSecret: SECRET, botInfo: BOT_INFO } });
  let updateId = 1;
  const post = (chatId: number, text: string) => fetch(`${stack.url}/telegram/webhook`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
    body: JSON.stringify({ update_id: updateId++, message: { message_id: updateId, date: Math.floor(Date.now() / 1000), chat: { id: chatId, type: 'private', first_name: 'Ana' }, from: { id: chatId, is_bot: false, first_name: 'Ana', language_code: 'pt-br' }, text } }),
  });
  try {
    // Every bench chat owns a confirmed order, so each answer reads that order from DynamoDB and checks it is the chat's.
    const chatIds = [...Array.from({ length: opts.single }, (_, i) => 100_000 + i), ...Array.from({ length: opts.chats }, (_, c) => 200_000 + c)];
    const orderOf = new Map<number, string>();
    for (let i = 0; i < chatIds.length; i += 20) {
      await Promise.all(chatIds.slice(i, i + 20).map(async (chatId) => {
        const placed = await placeOrder(stack.deps, {
          customer: { name: 'Ana', phone: `+55219${String(chatId).padStart(8, '0')}`, telegramChatId: chatId },
          items: [{ sku: 'ACAI-300', qty: 1 }], address: { text: 'Rua Barata Ribeiro 200, Copacabana', lat: -22.9668, lon: -43.187 },
          payment: { method: 'pix' },
        }, { lang: 'pt-BR' });
        orderOf.set(chatId, placed.order.orderId);
      }));
    }
    const deadline = Date.now() + 60_000;
    for (const id of orderOf.values()) {
      while ((await stack.deps.orders.get(id))?.status !== 'CONFIRMED') {
        if (Date.now() > deadline) throw new Error(`bench set-up: order ${id} never reached CONFIRMED`);
        await new Promise((r) => setTimeout(r, 10));
      }
    }
    await new Promise((r) => setTimeout(r, 200)); // let the RECEIVED/CONFIRMED pushes to the chats finish
    replies.count = 0;
    replies.sample = '';
    // Deterministic intents, answered from data with no model: status and ETA questions about the chat's own order.
    const questions = ['cadê o pedido {id}?', 'quando chega o pedido {id}?', 'where is order {id}?', 'o {id} tá vindo?'];
    const ask = (chatId: number, n: number) => post(chatId, questions[n % questions.length]!.replace('{id}', orderOf.get(chatId)!));

    const acks: number[] = [];
    const firstReply: number[] = [];
    for (let i = 0; i < opts.single; i++) {
      const chatId = 100_000 + i;
      const replied = new Promise<void>((r) => waiting.set(chatId, r));
      const t0 = performance.now();
      const res = await ask(chatId, i);
      acks.push(performance.now() - t0);
      if (res.status !== 200) throw new Error(`webhook answered ${res.status}`);
      await replied;
      firstReply.push(performance.now() - t0);
      waiting.delete(chatId);
    }

    await stack.telegram!.drain();
    const before = replies.count;
    const started = performance.now();
    await Promise.all(Array.from({ length: opts.chats }, async (_, c) => {
      for (let m = 0; m < opts.perChat; m++) await ask(200_000 + c, m);
    }));
    await stack.telegram!.drain();
    const seconds = (performance.now() - started) / 1000;
    return {
      ackP50: percentile(acks, 50), ackP95: percentile(acks, 95), replyP50: percentile(firstReply, 50), replyP95: percentile(firstReply, 95),
      chats: opts.chats, messages: opts.chats * opts.perChat, repliesPerSecond: (replies.count - before) / seconds,
      replies: replies.count - before, sampleReply: replies.sample,
    };
  } finally {
    await stack.stop();
    await api.close();
  }
}
