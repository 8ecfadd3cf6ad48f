// Shared bench plumbing: a recording loopback Bot API stand-in, the webhook poster, order set-up and percentiles.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { freshState, sessionKey } from '../../bots/telegram/session.ts';
import type { StorePackage } from '../../core/catalog.ts';
import { placeOrder } from '../../core/place-order.ts';
import type { LocalStack } from '../local/local-stack.ts';
import { openDemoPackage } from './open-demo-store.ts';

/**
 * Benchmarks and chaos runs measure the stack, not a customer's bank app: their Pix pays itself at once (50 ms), so a
 * Pix order still goes through AWAITING_PAYMENT and the webhook path, without the demo's 10 s wait.
 */
export const INSTANT_PIX = { pixPaySeconds: 0.05, pixExpiryMinutes: 15 };

export const BENCH_TOKEN = '7000000001:bench-token-for-a-loopback-stand-in';
export const BENCH_SECRET = 'bench-webhook-secret';
export const BENCH_BOT_INFO = {
  id: 7000000001,
  is_bot: true as const,
  first_name: 'Bench',
  username: 'bench_bot',
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
  can_manage_bots: false,
  supports_join_request_queries: false,
};

/** A deep stock, so a benchmark measures the workflow rather than sold-out short-circuits. */
export const benchCatalog = (): StorePackage => {
  const demo = openDemoPackage();
  return { store: demo.store, products: demo.products.map((p) => ({ ...p, stock: 1_000_000 })) };
};

/** The p-th percentile (nearest rank) of unsorted values. */
export const percentile = (xs: readonly number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
};
export interface Stat {
  p50: number;
  p95: number;
  n: number;
}
export const stat = (xs: readonly number[]): Stat => ({
  p50: percentile(xs, 50),
  p95: percentile(xs, 95),
  n: xs.length,
});

/** One request that reached the stand-in: `at` is `performance.now()` when its body had fully arrived. */
export interface BotApiCall {
  method: string;
  chatId?: number;
  text?: string;
  /** The message a send created or an edit changed (sendMessage, editMessageText, editMessageReplyMarkup). */
  messageId?: number;
  /** The inline keyboard's button labels, row by row, when the call carried one. */
  buttons?: string[][];
  at: number;
}

export interface BotApiStandIn {
  apiRoot: string;
  calls: BotApiCall[];
  /** Calls to one chat, optionally only those that arrived at or after `since`. */
  chat(chatId: number, since?: number): BotApiCall[];
  /** Listens to every call; returns the unsubscribe function. */
  onCall(listener: (call: BotApiCall) => void): () => void;
  /** Resolves once no call arrived for `quietMs` (set-up pushes settled). */
  quiet(quietMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** A minimal Bot API on loopback: answers every method (messages get a message object), and records every call. */
export async function startBotApiStandIn(): Promise<BotApiStandIn> {
  let messageId = 0;
  const calls: BotApiCall[] = [];
  const listeners = new Set<(call: BotApiCall) => void>();
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => {
      const at = performance.now();
      const method = req.url!.split('/').pop()!;
      let params: {
        chat_id?: number | string;
        text?: string;
        message_id?: number;
        reply_markup?: { inline_keyboard?: { text: string }[][] };
      } = {};
      try {
        params = body ? JSON.parse(body) : {};
      } catch {
        /* not JSON (never sent by the bot): recorded without params */
      }
      const chatId = params.chat_id === undefined ? undefined : Number(params.chat_id);
      const call: BotApiCall = { method, chatId, text: params.text, at };
      const keyboard = params.reply_markup?.inline_keyboard;
      if (keyboard) call.buttons = keyboard.map((row) => row.map((b) => b.text));
      // An edit keeps its message's id; a send gets a new one.
      if (method === 'sendMessage') call.messageId = ++messageId;
      else if (params.message_id !== undefined) call.messageId = params.message_id;
      calls.push(call);
      for (const l of listeners) l(call);
      let result: unknown = true;
      if (method === 'sendMessage' || method === 'editMessageText') {
        const chat =
          chatId !== undefined && chatId < 0
            ? { id: chatId, type: 'group', title: 'Bench group' }
            : { id: chatId, type: 'private', first_name: 'Ana' };
        result = { message_id: call.messageId, date: Math.floor(Date.now() / 1000), chat, text: params.text };
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, result }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const onCall = (listener: (call: BotApiCall) => void) => {
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  };
  return {
    apiRoot: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    chat: (chatId, since = -Infinity) => calls.filter((c) => c.chatId === chatId && c.at >= since),
    onCall,
    quiet: async (quietMs = 250) => {
      for (;;) {
        const before = calls.length;
        await new Promise((r) => setTimeout(r, quietMs));
        if (calls.length === before) return;
      }
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/**
 * Posts Telegram updates to the stack's webhook, each with a fresh update_id, as a customer writing in a private chat
 * whose Telegram app is set to `languageCode` (pt-br unless given).
 */
export function webhookPoster(stack: LocalStack) {
  let updateId = 1;
  return (chatId: number, text: string, languageCode = 'pt-br') => {
    const id = updateId++;
    return fetch(`${stack.url}/telegram/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': BENCH_SECRET },
      body: JSON.stringify({
        update_id: id,
        message: {
          message_id: id,
          date: Math.floor(Date.now() / 1000),
          chat: { id: chatId, type: 'private', first_name: 'Ana' },
          from: { id: chatId, is_bot: false, first_name: 'Ana', language_code: languageCode },
          text,
        },
      }),
    });
  };
}

/**
 * One card-less (pix) order per chat, placed from that chat, and waits until each is CONFIRMED. With `remember`, the
 * chat's session also lists the order, as after a checkout in the chat, so "where is my order?" needs no id.
 */
export async function placeConfirmedOrders(
  stack: LocalStack,
  chatIds: readonly number[],
  opts: { remember?: boolean } = {},
): Promise<Map<number, string>> {
  const orderOf = new Map<number, string>();
  for (let i = 0; i < chatIds.length; i += 20) {
    await Promise.all(
      chatIds.slice(i, i + 20).map(async (chatId) => {
        const placed = await placeOrder(
          stack.deps,
          {
            customer: { name: 'Ana', phone: `+55219${String(chatId).padStart(8, '0')}` },
            items: [{ sku: 'ACAI-300', qty: 1 }],
            address: { text: 'Rua Barata Ribeiro 200, Copacabana', lat: -22.9668, lon: -43.187 },
            payment: { method: 'pix' },
          },
          { lang: 'pt-BR', telegramChatId: chatId },
        );
        orderOf.set(chatId, placed.order.orderId);
        if (opts.remember)
          await stack.sessions.put(sessionKey(chatId), { ...freshState(), orderIds: [placed.order.orderId] }, 0);
      }),
    );
  }
  const deadline = Date.now() + 60_000;
  for (const id of orderOf.values()) {
    while ((await stack.deps.orders.get(id))?.status !== 'CONFIRMED') {
      if (Date.now() > deadline) throw new Error(`bench set-up: order ${id} never reached CONFIRMED`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }
  return orderOf;
}
