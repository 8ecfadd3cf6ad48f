// Shared pieces of the streaming tests: the real grammY Api against the fake Bot API, timed delta sources, and
// readers that rebuild what a chat ended up showing from the fake's recorded calls.
import { type Api, Bot } from 'grammy';
import type { AnswerEvent } from '../../../core/answer-model.ts';
import { type ApiCall, BOT_INFO, type FakeTelegramApi, startFakeTelegramApi } from '../../support/fake-telegram-api.ts';

export interface TelegramRig {
  fake: FakeTelegramApi;
  api: Api;
  close(): Promise<void>;
}

/** The fake Bot API on loopback and a real grammY bot's `api` pointed at it (what the bot passes: `bot.api`). */
export async function startTelegramRig(): Promise<TelegramRig> {
  const fake = await startFakeTelegramApi();
  const bot = new Bot(fake.token, { client: { apiRoot: fake.apiRoot }, botInfo: BOT_INFO });
  return { fake, api: bot.api, close: () => fake.close() };
}

let nextPrivate = 930_000_001;
let nextGroup = 1;
/** A fresh private chat id (positive) per test. */
export const privateChat = () => ({ id: nextPrivate++, type: 'private' as const });
/** A fresh supergroup id (-100…) per test. */
export const groupChat = () => ({ id: -1_000_930_000_000 - nextGroup++, type: 'supergroup' as const });

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** When each delta was handed to the renderer (Date.now()), to compare with the fake's call times. */
export interface TimedSource<T> extends AsyncIterable<T> {
  yieldedAt: number[];
}

/** Yields `text` in `chunk`-character pieces, one every `everyMs`, after `firstDelayMs` (a router still working). */
export function timedDeltas(
  text: string,
  o: { chunk?: number; everyMs?: number; firstDelayMs?: number; pauses?: Record<number, number> } = {},
): TimedSource<string> {
  const chunk = o.chunk ?? 30;
  const yieldedAt: number[] = [];
  async function* run() {
    if (o.firstDelayMs) await sleep(o.firstDelayMs);
    for (let i = 0, n = 0; i < text.length; i += chunk, n++) {
      if (n > 0 && o.everyMs) await sleep(o.everyMs);
      if (o.pauses?.[n]) await sleep(o.pauses[n]!);
      yieldedAt.push(Date.now());
      yield text.slice(i, i + chunk);
    }
  }
  return { yieldedAt, [Symbol.asyncIterator]: () => run() };
}

/** The same text as the model port streams it: delta events, then usage and stop. */
export async function* answerEvents(text: string, chunk = 40, everyMs = 5): AsyncGenerator<AnswerEvent> {
  for (let i = 0; i < text.length; i += chunk) {
    await sleep(everyMs);
    yield { type: 'delta', text: text.slice(i, i + chunk) };
  }
  yield { type: 'usage', inputTokens: 120, outputTokens: Math.ceil(text.length / 4) };
  yield { type: 'stop', reason: 'end_turn' };
}

const ok = (c: ApiCall) => !c.error;
export const callsOf = (fake: FakeTelegramApi, chatId: number, ...methods: string[]) =>
  fake.chat(chatId).filter((c) => methods.length === 0 || methods.includes(c.method));

/** The text each message of the chat finally shows (sends and edits applied), in message order. */
export function finalTexts(fake: FakeTelegramApi, chatId: number): string[] {
  const byId = new Map<number, string>();
  for (const c of callsOf(fake, chatId, 'sendMessage', 'editMessageText').filter(ok)) {
    const m = c.result as { message_id: number; text: string };
    byId.set(m.message_id, m.text);
  }
  return [...byId.entries()].sort(([a], [b]) => a - b).map(([, text]) => text);
}

/** Every editMessageText that asked a message to show the text it already showed (sent on purpose or not). */
export function identicalEdits(fake: FakeTelegramApi, chatId: number): ApiCall[] {
  const showing = new Map<number, string>();
  const identical: ApiCall[] = [];
  for (const c of callsOf(fake, chatId, 'sendMessage', 'editMessageText')) {
    if (c.method === 'editMessageText') {
      const id = Number(c.params.message_id);
      if (c.params.parse_mode === undefined && showing.get(id) === c.params.text) identical.push(c);
      if (c.error?.description.includes('message is not modified')) identical.push(c);
    }
    if (!c.error) {
      const m = c.result as { message_id: number; text: string };
      showing.set(m.message_id, m.text);
    }
  }
  return identical;
}

/** Gaps in ms between consecutive recorded calls (as the server saw them). */
export const gaps = (calls: ApiCall[]) => calls.slice(1).map((c, i) => c.at - calls[i]!.at);

/** A long answer of short paragraphs and sentences (about `chars` characters), deterministic. */
export function longAnswer(chars: number): string {
  const sentences = [
    'O açaí de 300 ml sai por R$ 14,90 e leva granola e banana.',
    'Entregamos em Copacabana, Ipanema e Leme em até 45 minutos!',
    'Você pode pagar com Pix, cartão ou dinheiro na entrega.',
    'A taxa de entrega é R$ 5,00 mais R$ 1,50 por km (até 8 km).',
    'Quer mudar o endereço? É possível até o pedido sair para entrega.',
    'Pizzas grandes têm 8 fatias; a de calabresa é a mais pedida 🍕.',
  ];
  let text = '';
  for (let p = 0; text.length < chars; p++) {
    const paragraph: string[] = [];
    for (let s = 0; s < 4 + (p % 5); s++) paragraph.push(sentences[(p * 7 + s * 3) % sentences.length]!);
    text += `${text ? '\n\n' : ''}Parte ${p + 1}. ${paragraph.join(' ')}`;
  }
  return text;
}
