// The assistant benchmark: router overhead to first activity and first token, chat API calls per 1,000 characters, e2e.

import type { AnswerEvent, AnswerModel, AnswerRequest } from '../../core/answer-model.ts';
import type { LocalStack } from '../local/local-stack.ts';
import { startLocalStack } from '../local/local-stack.ts';
import {
  BENCH_BOT_INFO,
  BENCH_SECRET,
  BENCH_TOKEN,
  type BotApiCall,
  type BotApiStandIn,
  benchCatalog,
  placeConfirmedOrders,
  type Stat,
  startBotApiStandIn,
  stat,
  webhookPoster,
} from './bench-support.ts';

export interface AssistantBenchOptions {
  /** Measured messages per path (deterministic, RAG), one at a time, each from its own chat. */
  messages: number;
  /** Answers streamed per chat kind and length, for the call counts (they run side by side). */
  streamRuns: number;
  /** The stand-in model: first delta after `firstTokenMs`, then `deltaChars` characters every `deltaEveryMs`. */
  firstTokenMs: number;
  deltaEveryMs: number;
  deltaChars: number;
  /** Answer lengths for the call counts; the latency runs stream `latencyAnswerChars`. */
  shortChars: number;
  longChars: number;
  latencyAnswerChars: number;
  /** Unmeasured messages per path first (JIT, connection pool, the interpreter's first runs). */
  warmup: number;
}

export const DEFAULT_ASSISTANT_BENCH: AssistantBenchOptions = {
  messages: 50,
  streamRuns: 3,
  firstTokenMs: 300,
  deltaEveryMs: 20,
  deltaChars: 8,
  shortChars: 1_200,
  longChars: 6_000,
  latencyAnswerChars: 200,
  warmup: 5,
};

export interface StreamRow {
  chat: 'private' | 'group';
  /** 'webhook': the whole bot (POST /telegram/webhook); 'assistant': the assistant called directly (groups never reach it). */
  path: 'webhook' | 'assistant';
  runs: number;
  answerChars: number;
  /** Bot API calls per answer (mean over runs): activity (typing / empty draft), calls showing text, and their sum. */
  activityCalls: number;
  textCalls: number;
  totalCalls: number;
  /** Chat messages the answer became (4,096-character split). */
  messages: number;
  callsPer1kChars: number;
  /** Calls showing text only (activity excluded). */
  textCallsPer1kChars: number;
  /** First Bot API call to last, mean over runs. */
  seconds: number;
}

export interface AssistantBenchReport {
  model: { name: string; firstTokenMs: number; deltaEveryMs: number; deltaChars: number; charsPerSecond: number };
  deterministic: {
    questions: string[];
    /** POST → first Bot API call for the chat (here the answer itself: no activity precedes a data answer). */
    firstActivity: Stat;
    /** POST → the answer message sent. */
    endToEnd: Stat;
    /** What the first Bot API call was, by kind (e.g. `sendMessage`), over the measured messages. */
    firstActivityKinds: Record<string, number>;
    /** Over the measured messages only (warm-up excluded). */
    modelCalls: number;
    routerCalls: number;
    sample: string;
  };
  rag: {
    question: string;
    /** POST → the first sendChatAction / sendMessageDraft / sendMessage for the chat. */
    firstActivity: Stat;
    /** POST → the first draft or message carrying answer text. */
    firstToken: Stat;
    /** firstToken − the model's fixed first-token latency. */
    routerOverhead: Stat;
    /** POST → the model's stream() called (session, own orders, the router, the prompt). */
    beforeModel: Stat;
    /** The model's first delta → the first draft with text reaching the Bot API (renderer and HTTP). */
    deltaToShown: Stat;
    /** The model's actual first-delta latency (timer precision, event-loop lag). */
    modelFirstDelta: Stat;
    firstActivityKinds: Record<string, number>;
    modelCalls: number;
    routerCalls: number;
  };
  /** The router alone (the ASL under the local interpreter), called directly. */
  routerAlone: { data: Stat; rag: Stat };
  streaming: StreamRow[];
}

/** The words of the stand-in's answers: plain Portuguese, sentences and paragraphs, as a model would write them. */
const SENTENCES = [
  'Entregamos em Copacabana, Ipanema, Leblon, Botafogo e Flamengo, dentro de um raio de 8 km da loja.',
  'A taxa de entrega é de R$ 5,00 mais R$ 1,50 por quilômetro, calculada a partir do endereço informado.',
  'Aceitamos cartão de crédito, Pix e dinheiro na entrega; o troco precisa ser pedido ao confirmar.',
  'O açaí de 300 ml sai em cerca de 15 minutos, e as pizzas levam por volta de 25 minutos no forno.',
  'Se o pedido atrasar mais de 20 minutos além da estimativa, avise aqui e uma pessoa da equipe acompanha.',
  'Cancelamentos são aceitos até o pedido sair para entrega, com o valor devolvido pelo mesmo meio de pagamento.',
  'Informações sobre alergênicos estão na descrição de cada item; em caso de dúvida, pergunte antes de pedir.',
  'Funcionamos todos os dias, das 11h às 23h, inclusive feriados, com a cozinha fechando meia hora antes.',
];

/** About `chars` characters (whole sentences, paragraphs of three), never shorter. */
export function benchAnswerText(chars: number): string {
  let text = '';
  for (let i = 0; text.length < chars; i++)
    text += (i === 0 ? '' : i % 3 === 0 ? '\n\n' : ' ') + SENTENCES[i % SENTENCES.length];
  return text;
}

export interface ModelCall {
  calledAt: number;
  firstDeltaAt?: number;
  question: string;
}

/**
 * The bench's answer model: a FIXED first-token latency, then fixed-size deltas at a fixed pace, whatever the question.
 * The answer's length is chosen per question (`answerChars`), so answers of several lengths can stream side by side.
 */
export class FixedLatencyAnswerModel implements AnswerModel {
  readonly name = 'bench-fixed-latency';
  readonly calls: ModelCall[] = [];

  constructor(
    private readonly opts: {
      firstTokenMs: number;
      deltaEveryMs: number;
      deltaChars: number;
      answerChars: (question: string) => number;
    },
  ) {}

  async *stream(req: AnswerRequest, signal?: AbortSignal): AsyncIterable<AnswerEvent> {
    const question = [...req.messages].reverse().find((m) => m.role === 'user')?.text ?? '';
    const call: ModelCall = { calledAt: performance.now(), question };
    this.calls.push(call);
    const text = benchAnswerText(this.opts.answerChars(question));
    await sleep(this.opts.firstTokenMs, signal);
    for (let i = 0; i < text.length; i += this.opts.deltaChars) {
      if (i > 0) await sleep(this.opts.deltaEveryMs, signal);
      call.firstDeltaAt ??= performance.now();
      yield { type: 'delta', text: text.slice(i, i + this.opts.deltaChars) };
    }
    yield { type: 'usage', inputTokens: 0, outputTokens: Math.ceil(text.length / 4) };
    yield { type: 'stop', reason: 'end_turn' };
  }
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    signal?.throwIfAborted();
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

const ACTIVITY = new Set(['sendChatAction', 'sendMessageDraft', 'sendMessage', 'editMessageText']);
const isActivity = (c: BotApiCall) => ACTIVITY.has(c.method);
/** A call that shows answer text: a non-empty draft, a sent message or an edit. */
const showsText = (c: BotApiCall) =>
  (c.method === 'sendMessageDraft' && !!c.text) || c.method === 'sendMessage' || c.method === 'editMessageText';
const isActivityOnly = (c: BotApiCall) => c.method === 'sendChatAction' || (c.method === 'sendMessageDraft' && !c.text);
const kindOf = (c: BotApiCall) => (c.method === 'sendMessageDraft' && !c.text ? 'sendMessageDraft (empty)' : c.method);
const countKinds = (calls: BotApiCall[]) =>
  calls.reduce<Record<string, number>>((acc, c) => {
    acc[kindOf(c)] = (acc[kindOf(c)] ?? 0) + 1;
    return acc;
  }, {});

export const DETERMINISTIC_QUESTIONS = ['onde está meu pedido?', 'quando chega?'];
export const RAG_QUESTION = 'vocês entregam em Niterói?';
/** A second free question, so short and long answers can stream side by side (the model picks the length by question). */
export const RAG_LONG_QUESTION = 'quais formas de pagamento vocês aceitam?';

export async function runAssistantBench(partial: Partial<AssistantBenchOptions> = {}): Promise<AssistantBenchReport> {
  const o = { ...DEFAULT_ASSISTANT_BENCH, ...partial };
  const lengths = new Map([
    [RAG_QUESTION, o.shortChars],
    [RAG_LONG_QUESTION, o.longChars],
  ]);
  let latencyRun = false;
  const model = new FixedLatencyAnswerModel({
    firstTokenMs: o.firstTokenMs,
    deltaEveryMs: o.deltaEveryMs,
    deltaChars: o.deltaChars,
    answerChars: (q) => (latencyRun ? o.latencyAnswerChars : (lengths.get(q) ?? o.shortChars)),
  });
  const api = await startBotApiStandIn();
  const stack = await startLocalStack({
    port: 0,
    staffToken: 'bench',
    catalog: benchCatalog(),
    assistant: { model },
    telegram: { token: BENCH_TOKEN, apiRoot: api.apiRoot, webhookSecret: BENCH_SECRET, botInfo: BENCH_BOT_INFO },
  });
  // Counts router executions: the assistant calls `router.route` through the stack's router object at each answer.
  const router = stack.router!;
  const route = router.route.bind(router);
  let routerCalls = 0;
  router.route = (input) => {
    routerCalls++;
    return route(input);
  };
  try {
    const n = o.warmup + o.messages;
    const detChats = Array.from({ length: n }, (_, i) => 300_000 + i);
    const ragChats = Array.from({ length: n }, (_, i) => 400_000 + i);
    // Every latency chat owns a confirmed order placed from it (as after a checkout), so "onde está meu pedido?" needs
    // no id.
    await placeConfirmedOrders(stack, [...detChats, ...ragChats], { remember: true });
    await api.quiet(); // the RECEIVED/CONFIRMED pushes to those chats are out
    const post = webhookPoster(stack);

    /** One message from its own chat (so no pacing carries over), waiting until its final message is out and handled. */
    const measure = async (chatId: number, text: string) => {
      const t0 = performance.now();
      const res = await post(chatId, text);
      if (res.status !== 200) throw new Error(`webhook answered ${res.status}`);
      await stack.telegram!.drain(); // the bot handles an update until its last message is out
      const calls = api.chat(chatId, t0);
      if (!calls.some((c) => c.method === 'sendMessage')) throw new Error(`bench: "${text}" got no answer message`);
      return { t0, calls };
    };

    // ---- 3. Deterministic answers (from data): first activity, end to end; no model, no router ----
    const det = {
      firstActivity: [] as number[],
      endToEnd: [] as number[],
      firsts: [] as BotApiCall[],
      modelCalls: 0,
      routerCalls: 0,
      sample: '',
    };
    for (let i = 0; i < n; i++) {
      const modelBefore = model.calls.length;
      const routerBefore = routerCalls;
      const { t0, calls } = await measure(detChats[i]!, DETERMINISTIC_QUESTIONS[i % DETERMINISTIC_QUESTIONS.length]!);
      if (i < o.warmup) continue;
      det.modelCalls += model.calls.length - modelBefore;
      det.routerCalls += routerCalls - routerBefore;
      det.firsts.push(calls.find(isActivity)!);
      det.firstActivity.push(det.firsts.at(-1)!.at - t0);
      const answer = calls.filter((c) => c.method === 'sendMessage').at(-1)!;
      det.endToEnd.push(answer.at - t0);
      det.sample ||= String(answer.text);
    }

    // ---- 1. The RAG path: first activity, first token shown, and where the time goes ----
    latencyRun = true;
    const rag = {
      firstActivity: [] as number[],
      firstToken: [] as number[],
      beforeModel: [] as number[],
      deltaToShown: [] as number[],
      modelFirstDelta: [] as number[],
      firsts: [] as BotApiCall[],
      modelCalls: 0,
      routerCalls: 0,
    };
    for (let i = 0; i < n; i++) {
      const modelBefore = model.calls.length;
      const routerBefore = routerCalls;
      const { t0, calls } = await measure(ragChats[i]!, RAG_QUESTION);
      if (model.calls.length === modelBefore)
        throw new Error(`bench: "${RAG_QUESTION}" did not reach the answer model (router or fallback?)`);
      if (i < o.warmup) continue;
      rag.modelCalls += model.calls.length - modelBefore;
      rag.routerCalls += routerCalls - routerBefore;
      const m = model.calls.at(-1)!;
      const first = calls.find(showsText)!;
      rag.firsts.push(calls.find(isActivity)!);
      rag.firstActivity.push(rag.firsts.at(-1)!.at - t0);
      rag.firstToken.push(first.at - t0);
      rag.beforeModel.push(m.calledAt - t0);
      rag.modelFirstDelta.push(m.firstDeltaAt! - m.calledAt);
      rag.deltaToShown.push(first.at - m.firstDeltaAt!);
    }
    latencyRun = false;

    // ---- The router alone, for scale ----
    const routerAlone = { data: [] as number[], rag: [] as number[] };
    for (let i = 0; i < n; i++) {
      for (const [kind, message] of [
        ['data', DETERMINISTIC_QUESTIONS[0]!],
        ['rag', RAG_QUESTION],
      ] as const) {
        const t0 = performance.now();
        const out = await route({
          message,
          lang: 'pt-BR',
          conversationId: `bench:${i}`,
          customerId: `bench-customer-${i}`,
          orders: [],
          history: [],
        });
        if (i >= o.warmup) routerAlone[kind].push(performance.now() - t0);
        if ((out.route === 'rag') !== (kind === 'rag'))
          throw new Error(`bench: the router sent "${message}" to ${out.route}`);
      }
    }

    // ---- 2. Chat API calls per 1,000 characters: private (the whole bot) and group (the assistant), short and long
    // ----
    const streaming = await streamRuns(stack, api, post, o);

    return {
      model: {
        name: model.name,
        firstTokenMs: o.firstTokenMs,
        deltaEveryMs: o.deltaEveryMs,
        deltaChars: o.deltaChars,
        charsPerSecond: (o.deltaChars * 1000) / o.deltaEveryMs,
      },
      deterministic: {
        questions: DETERMINISTIC_QUESTIONS,
        firstActivity: stat(det.firstActivity),
        endToEnd: stat(det.endToEnd),
        firstActivityKinds: countKinds(det.firsts),
        modelCalls: det.modelCalls,
        routerCalls: det.routerCalls,
        sample: det.sample,
      },
      rag: {
        question: RAG_QUESTION,
        firstActivity: stat(rag.firstActivity),
        firstToken: stat(rag.firstToken),
        routerOverhead: stat(rag.firstToken.map((t) => t - o.firstTokenMs)),
        beforeModel: stat(rag.beforeModel),
        deltaToShown: stat(rag.deltaToShown),
        modelFirstDelta: stat(rag.modelFirstDelta),
        firstActivityKinds: countKinds(rag.firsts),
        modelCalls: rag.modelCalls,
        routerCalls: rag.routerCalls,
      },
      routerAlone: { data: stat(routerAlone.data), rag: stat(routerAlone.rag) },
      streaming,
    };
  } finally {
    router.route = route;
    await stack.stop();
    await api.close();
  }
}

/**
 * Every run streams in its own chat, all side by side (chats are paced independently). Private chats go through the
 * webhook and the whole bot. The bot does not talk in groups (it answers a group's /start with "private only"), so
 * group answers call the stack's assistant directly with the bot's own Api: the same router, model, renderer and HTTP.
 */
async function streamRuns(
  stack: LocalStack,
  api: BotApiStandIn,
  post: ReturnType<typeof webhookPoster>,
  o: AssistantBenchOptions,
): Promise<StreamRow[]> {
  const kinds = [
    { chat: 'private', path: 'webhook', question: RAG_QUESTION, chars: o.shortChars },
    { chat: 'private', path: 'webhook', question: RAG_LONG_QUESTION, chars: o.longChars },
    { chat: 'group', path: 'assistant', question: RAG_QUESTION, chars: o.shortChars },
    { chat: 'group', path: 'assistant', question: RAG_LONG_QUESTION, chars: o.longChars },
  ] as const;
  const t0 = performance.now();
  const runs = kinds.flatMap((k, ki) =>
    Array.from({ length: o.streamRuns }, (_, r) => ({
      k,
      ki,
      chatId: (k.chat === 'private' ? 1 : -1) * (500_000 + ki * 1_000 + r),
      answerChars: benchAnswerText(k.chars).length,
    })),
  );
  await Promise.all(
    runs.map(async ({ k, chatId }) => {
      if (k.path === 'webhook') {
        const res = await post(chatId, k.question);
        if (res.status !== 200) throw new Error(`webhook answered ${res.status}`);
        return;
      }
      const answer = await stack.assistant!.answer({
        api: stack.telegram!.bot.api,
        chatId,
        chatType: 'group',
        lang: 'pt-BR',
        question: k.question,
        history: [],
        orders: [],
      });
      if (answer.route !== 'rag') throw new Error(`bench: the group question went to ${answer.route}`);
    }),
  );
  await stack.telegram!.drain(); // the private answers: the bot handles an update until its last message is out
  return kinds.map((k, ki) => {
    const mine = runs
      .filter((r) => r.ki === ki)
      .map((r) => ({ ...r, calls: api.chat(r.chatId, t0).filter(isActivity) }));
    for (const r of mine) {
      if (!r.calls.some((c) => c.method === 'sendMessage')) throw new Error(`bench: chat ${r.chatId} got no answer`);
    }
    const mean = (f: (r: (typeof mine)[number]) => number) => mine.reduce((s, r) => s + f(r), 0) / mine.length;
    const activityCalls = mean((r) => r.calls.filter(isActivityOnly).length);
    const totalCalls = mean((r) => r.calls.length);
    const chars = mean((r) => r.answerChars);
    return {
      chat: k.chat,
      path: k.path,
      runs: mine.length,
      answerChars: chars,
      activityCalls,
      textCalls: totalCalls - activityCalls,
      totalCalls,
      messages: mean((r) => r.calls.filter((c) => c.method === 'sendMessage').length),
      callsPer1kChars: (totalCalls * 1000) / chars,
      textCallsPer1kChars: ((totalCalls - activityCalls) * 1000) / chars,
      seconds: mean((r) => (r.calls.at(-1)!.at - r.calls[0]!.at) / 1000),
    };
  });
}
