// The answer model used without AWS credentials: an extractive answer quoted from the grounding, streamed in small
// deltas.

import type { AnswerEvent, AnswerModel, AnswerRequest, Grounding } from '../../core/answer-model.ts';
import { classifyIntent, type Intent } from '../../core/intent-classifier.ts';
import type { KnowledgePassage } from '../../core/knowledge.ts';
import type { Lang } from '../../core/lang.ts';
import { searchTerms } from './bm25-knowledge-retriever.ts';

export interface OfflineAnswerModelOptions {
  /** Pause between deltas, in ms, so a chat shows the answer arriving like a model's (default 15; 0 in tests). */
  delayMs?: number;
  /** Words per delta (default 3). */
  wordsPerDelta?: number;
  /** The most sentences quoted from the passages (default 4). */
  maxSentences?: number;
}

/** The fixed lines around the quotes: they say plainly that no model wrote this, and where the quotes come from. */
export const OFFLINE_TEXTS: Record<
  Lang,
  {
    intro: string;
    introWithoutQuotes: string;
    orderHeader: string;
    sources: (names: string[]) => string;
    noInformation: string;
    contextUnavailable: string;
  }
> = {
  'pt-BR': {
    intro: 'Resposta automática local (sem modelo de IA), com trechos dos documentos da loja:',
    introWithoutQuotes: 'Resposta automática local (sem modelo de IA).',
    orderHeader: 'Sobre o seu pedido:',
    sources: (names) => `${names.length > 1 ? 'Fontes' : 'Fonte'}: ${names.join(', ')}`,
    noInformation: 'Não tenho essa informação. Quer falar com uma pessoa?',
    contextUnavailable:
      'Não consegui consultar as informações da loja agora, então não tenho essa informação. Quer falar com uma pessoa?',
  },
  en: {
    intro: "Automatic local answer (no AI model), quoting the store's documents:",
    introWithoutQuotes: 'Automatic local answer (no AI model).',
    orderHeader: 'About your order:',
    sources: (names) => `${names.length > 1 ? 'Sources' : 'Source'}: ${names.join(', ')}`,
    noInformation: 'I do not have that information. Would you like to talk to a person?',
    contextUnavailable:
      "I could not look up the store's information right now, so I do not have that information. Would you like to talk to a person?",
  },
};

/** Questions about the customer's own order: its order facts belong in the answer. */
const ORDER_INTENTS: ReadonlySet<Intent> = new Set(['order_status', 'delivery_eta', 'change_address', 'cancel_order']);

/** A quoted sentence must score at least this share of the best one: the answer stays on the question's topic. */
const MIN_SHARE_OF_BEST = 0.6;
/** Beyond this many characters of quotes, no further sentence is added. */
const MAX_QUOTED_CHARS = 700;

/**
 * An extractive responder: it never writes a sentence of its own beyond the fixed framing lines. It quotes the
 * passages' sentences that share the most words with the customer's last question (accent-insensitive, stop words
 * ignored, rarer words weighing more), adds the customer's order facts when the question is about their order, and
 * cites the documents quoted. With nothing to quote, it says so and offers a person.
 *
 * Usage is counted in words, not tokens: there is no tokenizer offline, and nothing is billed. Input is the words of
 * the
 * system prompt and the conversation (what a model would read); output is the words of the answer. A model tokenizer
 * gives roughly 1.3 to 2 tokens per word in Portuguese and English, so treat the figures as a lower bound.
 */
export class OfflineAnswerModel implements AnswerModel {
  readonly name = 'offline';
  private readonly delayMs: number;
  private readonly wordsPerDelta: number;
  private readonly maxSentences: number;

  constructor(opts: OfflineAnswerModelOptions = {}) {
    this.delayMs = Math.max(0, opts.delayMs ?? 15);
    this.wordsPerDelta = Math.max(1, Math.floor(opts.wordsPerDelta ?? 3));
    this.maxSentences = Math.max(1, Math.floor(opts.maxSentences ?? 4));
  }

  async *stream(req: AnswerRequest, signal?: AbortSignal): AsyncIterable<AnswerEvent> {
    signal?.throwIfAborted();
    const answer = composeOfflineAnswer(req, { maxSentences: this.maxSentences });
    let words: string[] = answer.match(/\S+\s*/g) ?? [];
    let reason = 'end_turn';
    if (req.maxTokens !== undefined && words.length > req.maxTokens) {
      words = words.slice(0, Math.max(0, req.maxTokens));
      reason = 'max_tokens';
    }
    for (let i = 0; i < words.length; i += this.wordsPerDelta) {
      if (i > 0 && this.delayMs > 0) await sleep(this.delayMs, signal);
      signal?.throwIfAborted();
      yield { type: 'delta', text: words.slice(i, i + this.wordsPerDelta).join('') };
    }
    signal?.throwIfAborted();
    const inputWords = countWords(req.system) + req.messages.reduce((n, m) => n + countWords(m.text), 0);
    yield { type: 'usage', inputTokens: inputWords, outputTokens: words.length };
    yield { type: 'stop', reason };
  }
}

/** The whole answer, as the stream's deltas add up to it (before any `maxTokens` cut). */
export function composeOfflineAnswer(
  req: Pick<AnswerRequest, 'messages' | 'grounding'>,
  opts: { maxSentences?: number } = {},
): string {
  const { lang } = req.grounding;
  const t = OFFLINE_TEXTS[lang] ?? OFFLINE_TEXTS['pt-BR'];
  const question = [...req.messages].reverse().find((m) => m.role === 'user')?.text ?? '';
  const facts = isAboutTheirOrder(question, req.grounding)
    ? req.grounding.orderFacts.map((f) => f.trim()).filter(Boolean)
    : [];
  const quotes = req.grounding.contextUnavailable
    ? []
    : selectSentences(question, req.grounding.passages, opts.maxSentences ?? 4);

  if (quotes.length === 0 && facts.length === 0) {
    return [t.introWithoutQuotes, req.grounding.contextUnavailable ? t.contextUnavailable : t.noInformation].join('\n');
  }
  const lines: string[] = [quotes.length ? t.intro : t.introWithoutQuotes];
  if (facts.length) lines.push('', t.orderHeader, ...facts);
  if (quotes.length) {
    lines.push('', ...quotes.map((q) => q.sentence));
    lines.push('', t.sources([...new Set(quotes.map((q) => q.source))]));
  }
  return lines.join('\n');
}

function isAboutTheirOrder(question: string, grounding: Grounding): boolean {
  if (grounding.orderFacts.length === 0 || !question.trim()) return false;
  const { intent, orderId } = classifyIntent(question);
  if (ORDER_INTENTS.has(intent)) return true;
  return !!orderId && grounding.orderFacts.some((f) => f.includes(orderId));
}

interface Candidate {
  sentence: string;
  source: string;
  rank: number;
  position: number;
  terms: string[];
}

/** A passage's sentences: heading lines ("# …") skipped, list markers dropped, lines cut at sentence ends. */
export function sentencesOf(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const body = line.replace(/^(?:[-*+•]|\d+[.)])\s+/, '');
    for (const s of body.split(/(?<=[.!?])\s+(?=["“(]?[\p{Lu}\d])/u)) {
      if (s.trim()) out.push(s.trim());
    }
  }
  return out;
}

/** Same word, or one a prefix of the other when the shorter has 4+ letters ("entregam"/"entregamos", "sunday"/"sundays"). */
const termsMatch = (a: string, b: string) =>
  a === b || (Math.min(a.length, b.length) >= 4 && (a.startsWith(b) || b.startsWith(a)));

/** The sentences to quote, in the passages' order: the best-scoring ones, and those close to the best. */
function selectSentences(
  question: string,
  passages: readonly KnowledgePassage[],
  maxSentences: number,
): Array<{ sentence: string; source: string }> {
  const candidates: Candidate[] = [];
  const seen = new Set<string>();
  passages.forEach((p, rank) => {
    sentencesOf(p.text).forEach((sentence, position) => {
      if (seen.has(sentence)) return;
      seen.add(sentence);
      candidates.push({ sentence, source: p.source, rank, position, terms: searchTerms(sentence) });
    });
  });
  if (candidates.length === 0) return [];

  const queryTerms = [...new Set(searchTerms(question))];
  // Rarer words say more about which sentence answers: weigh each by an inverse sentence frequency.
  const weight = new Map(
    queryTerms.map((q) => {
      const df = candidates.filter((c) => c.terms.some((t) => termsMatch(q, t))).length;
      return [q, df === 0 ? 0 : Math.log(1 + candidates.length / df)] as const;
    }),
  );
  const scored = candidates
    .map((c) => ({
      c,
      score: queryTerms.reduce((s, q) => s + (c.terms.some((t) => termsMatch(q, t)) ? weight.get(q)! : 0), 0),
    }))
    .filter((x) => x.score > 0);

  let chosen: Candidate[];
  if (scored.length === 0) {
    // Nothing shares a word with the question (a synonym, or a semantic retriever's pick): quote the best passage's
    // opening.
    const first = candidates[0]!.rank;
    chosen = candidates.filter((c) => c.rank === first).slice(0, 2);
  } else {
    const best = Math.max(...scored.map((x) => x.score));
    chosen = [];
    let chars = 0;
    for (const { c } of scored
      .filter((x) => x.score >= best * MIN_SHARE_OF_BEST)
      .sort((a, b) => b.score - a.score || a.c.rank - b.c.rank || a.c.position - b.c.position)) {
      if (chosen.length >= maxSentences || (chosen.length > 0 && chars + c.sentence.length > MAX_QUOTED_CHARS)) break;
      chosen.push(c);
      chars += c.sentence.length;
    }
  }
  return chosen
    .sort((a, b) => a.rank - b.rank || a.position - b.position)
    .map((c) => ({ sentence: c.sentence, source: c.source }));
}

const countWords = (text: string) => text.match(/\S+/g)?.length ?? 0;

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
