// The Telegram webhook benchmark: ack latency, update→first reply for a deterministic intent, replies/s with 40 chats.
import { startLocalStack } from '../local/local-stack.ts';
import {
  BENCH_BOT_INFO,
  BENCH_SECRET,
  BENCH_TOKEN,
  benchCatalog,
  percentile,
  placeConfirmedOrders,
  startBotApiStandIn,
  webhookPoster,
} from './bench-support.ts';

export interface TelegramBenchResult {
  ackP50: number;
  ackP95: number;
  replyP50: number;
  replyP95: number;
  chats: number;
  messages: number;
  repliesPerSecond: number;
  replies: number;
  sampleReply: string;
}

export async function runTelegramBench(opts: {
  single: number;
  chats: number;
  perChat: number;
}): Promise<TelegramBenchResult> {
  const waiting = new Map<number, () => void>();
  const replies = { count: 0, sample: '' };
  const api = await startBotApiStandIn();
  api.onCall((c) => {
    if (c.method !== 'sendMessage' || c.chatId === undefined) return;
    replies.count++;
    replies.sample ||= String(c.text);
    waiting.get(c.chatId)?.();
  });
  const stack = await startLocalStack({
    port: 0,
    staffToken: 'bench',
    catalog: benchCatalog(),
    telegram: { token: BENCH_TOKEN, apiRoot: api.apiRoot, webhookSecret: BENCH_SECRET, botInfo: BENCH_BOT_INFO },
  });
  const post = webhookPoster(stack);
  try {
    // Every bench chat owns a confirmed order, so each answer reads that order from DynamoDB and checks it is the
    // chat's.
    const chatIds = [
      ...Array.from({ length: opts.single }, (_, i) => 100_000 + i),
      ...Array.from({ length: opts.chats }, (_, c) => 200_000 + c),
    ];
    const orderOf = await placeConfirmedOrders(stack, chatIds);
    await new Promise((r) => setTimeout(r, 200)); // let the RECEIVED/CONFIRMED pushes to the chats finish
    replies.count = 0;
    replies.sample = '';
    // Deterministic intents, answered from data with no model: status and ETA questions about the chat's own order.
    const questions = [
      'cadê o pedido {id}?',
      'quando chega o pedido {id}?',
      'where is order {id}?',
      'o {id} tá vindo?',
    ];
    const ask = (chatId: number, n: number) =>
      post(chatId, questions[n % questions.length]!.replace('{id}', orderOf.get(chatId)!));

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
    await Promise.all(
      Array.from({ length: opts.chats }, async (_, c) => {
        for (let m = 0; m < opts.perChat; m++) await ask(200_000 + c, m);
      }),
    );
    await stack.telegram!.drain();
    const seconds = (performance.now() - started) / 1000;
    return {
      ackP50: percentile(acks, 50),
      ackP95: percentile(acks, 95),
      replyP50: percentile(firstReply, 50),
      replyP95: percentile(firstReply, 95),
      chats: opts.chats,
      messages: opts.chats * opts.perChat,
      repliesPerSecond: (replies.count - before) / seconds,
      replies: replies.count - before,
      sampleReply: replies.sample,
    };
  } finally {
    await stack.stop();
    await api.close();
  }
}
