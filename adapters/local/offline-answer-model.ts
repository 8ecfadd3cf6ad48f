// The answer model used without AWS credentials: an extractive answer quoted from the grounding, streamed in small
// deltas.

import type { AnswerEvent, AnswerModel, AnswerRequest, Grounding } from '../../core/answer-model.ts';
import { classifyIntent, type Intent } from '../../core/intent-classifier.ts';
import { type KnowledgePassage, passageTitle } from '../../core/knowledge.ts';
import type { Lang } from '../../core/lang.ts';
import { normalizeText } from '../../core/text-normalization.ts';
import { foldAccents, searchTerms } from './bm25-knowledge-retriever.ts';
import { EVERYDAY_LIST_SIZE, everydayRank } from './everyday-words.ts';
import { MENU_SOURCES } from './menu-documents.ts';

export interface OfflineAnswerModelOptions {
  /** Pause between deltas, in ms, so a chat shows the answer arriving like a model's (default 15; 0 in tests). */
  delayMs?: number;
  /** Words per delta (default 3). */
  wordsPerDelta?: number;
  /** The most sentences quoted from the passages (default 4). */
  maxSentences?: number;
}

/** The fixed lines around the quotes: a short label that no person wrote this, the source's title, the don't-know. */
export const OFFLINE_TEXTS: Record<
  Lang,
  {
    /** The last line: where the answer comes from, by the document's title, and that it is automatic. */
    footer: (titles: string[]) => string;
    /** The footer of an answer built from the customer's order alone. */
    footerWithoutSources: string;
    orderHeader: string;
    noInformation: string;
    contextUnavailable: string;
  }
> = {
  'pt-BR': {
    footer: (titles) => `${titles.length > 1 ? 'Fontes' : 'Fonte'}: ${titles.join(', ')} · resposta automática`,
    footerWithoutSources: 'Resposta automática',
    orderHeader: 'Sobre o seu pedido:',
    noInformation:
      'Não sei responder isso: não encontrei essa informação nos dados da loja. Quer falar com uma pessoa?',
    contextUnavailable:
      'Não consegui consultar as informações da loja agora, então não sei responder isso. Quer falar com uma pessoa?',
  },
  en: {
    footer: (titles) => `${titles.length > 1 ? 'Sources' : 'Source'}: ${titles.join(', ')} · automatic answer`,
    footerWithoutSources: 'Automatic answer',
    orderHeader: 'About your order:',
    noInformation:
      "I don't know that one: I couldn't find it in the shop's information. Would you like to talk to a person?",
    contextUnavailable:
      "I couldn't look up the shop's information right now, so I don't know. Would you like to talk to a person?",
  },
};

/** Questions about the customer's own order: its order facts belong in the answer. */
const ORDER_INTENTS: ReadonlySet<Intent> = new Set(['order_status', 'delivery_eta', 'change_address', 'cancel_order']);

/** A quoted sentence must score at least this share of the best one: the answer stays on the question's topic. */
const MIN_SHARE_OF_BEST = 0.6;

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

/**
 * The whole answer, as the stream's deltas add up to it (before any `maxTokens` cut): the answer first (the best
 * sentence), one or two supporting sentences when they are about the same thing, then the source by its title.
 */
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
    : selectSentences(question, req.grounding.passages, Math.min(opts.maxSentences ?? 3, 1 + MAX_SUPPORTING));

  if (quotes.length === 0 && facts.length === 0)
    return req.grounding.contextUnavailable ? t.contextUnavailable : t.noInformation;
  const lines: string[] = [];
  if (facts.length) lines.push(t.orderHeader, ...facts);
  if (quotes.length) {
    if (facts.length) lines.push('');
    lines.push(quotes.map((q) => q.sentence).join(' '));
    lines.push('', t.footer([...new Set(quotes.map((q) => q.title))]));
  } else lines.push('', t.footerWithoutSources);
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
  title: string;
  rank: number;
  position: number;
  /** The passage's retrieval score as a share of the best passage's (0..1). */
  relevance: number;
  terms: string[];
  headingTerms: string[];
  /** The passage sits under a question ("## Abre no feriado? | …"): a curated answer to that question (the FAQ). */
  answersAQuestion: boolean;
  /** A line of the menu: an item and its price. */
  priceLine: boolean;
}

/** The heading path of a passage (its first "# " line), for matching the question against FAQ variants and sections. */
const headingOf = (text: string) => /^#\s+(.+)$/m.exec(text)?.[1] ?? '';

/** The last part of a heading path ("Perguntas frequentes › Abre domingo? | …") is a question. */
const isQuestionHeading = (heading: string) => /\?\s*(?:\|[^›]*)?$/.test(heading.split('›').pop() ?? '');

/**
 * Names of two or more capitalised words, with "da/de/do/dos/das" between ("Barra da Tijuca", "Centro de Niterói",
 * "São Conrado"): a place the documents name in full.
 */
const MULTI_WORD_NAME = /\p{Lu}\p{Ll}+(?:\s+(?:d[aeo]s?\s+)?\p{Lu}\p{Ll}+)+/gu;

/**
 * The terms a sentence holds only inside a multi-word name the question does not say: "tijuca" in "Barra da Tijuca"
 * when the customer wrote "moro na tijuca". Such a term still matches unless another sentence names it on its own
 * (Tijuca, in the list of partly served neighbourhoods): then the customer means that place, not the longer name.
 */
function termsInsideNames(sentence: string, foldedQuestion: string): { inside: Set<string>; outside: Set<string> } {
  const names = [...sentence.matchAll(MULTI_WORD_NAME)]
    .map((m) => m[0])
    .filter((name) => !foldedQuestion.includes(foldAccents(name)));
  const outside = new Set(searchTerms(names.reduce((rest, name) => rest.replace(name, ' '), sentence)));
  const inside = new Set(searchTerms(names.join(' ')).filter((t) => !outside.has(t)));
  return { inside, outside };
}

/** A passage's sentences: heading lines ("# …") skipped, list markers dropped, lines cut at sentence ends. */
export function sentencesOf(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const body = line.replace(/^(?:[-*+•]|\d+[.)])\s+/, '');
    // A list item is one fact ("Pizza de frango: …. O catupiry contém lactose."): kept whole when short.
    if (body !== line && body.length <= 240) {
      const clean = withoutCoordinates(body);
      if (clean) out.push(clean);
      continue;
    }
    for (const s of body.split(/(?<=[.!?])\s+(?=["“(]?[\p{Lu}\d])/u)) {
      const clean = withoutCoordinates(s.trim());
      if (clean) out.push(clean);
    }
  }
  return out;
}

/** Coordinates are for the code, not for customers: "(lat -22.98, lon -43.20)" is cut, and a sentence still holding one is dropped. */
function withoutCoordinates(sentence: string): string {
  const cut = sentence.replace(/\s*\((?:lat|latitude)\b[^)]*\)/gi, '');
  return /-?\d+[.,]\d{4,}/.test(cut) ? '' : cut;
}

/**
 * Same word, or one a prefix of the other by an ending of at most 4 letters, the shorter with 4+ ("entregam"/
 * "entregamos", "sunday"/"sundays"); "meioameio" is not "meio".
 */
const termsMatch = (a: string, b: string) =>
  a === b ||
  (Math.min(a.length, b.length) >= 4 && Math.abs(a.length - b.length) <= 4 && (a.startsWith(b) || b.startsWith(a))) ||
  sameStem(a, b);

/**
 * Two forms of one word with different endings ("digitar"/"digitado", "calculated"/"calculation"): both of 6+
 * letters, sharing all but at most the last 3 letters of the longer, and at least 5.
 */
function sameStem(a: string, b: string): boolean {
  if (Math.min(a.length, b.length) < 6) return false;
  let n = 0;
  while (n < a.length && a[n] === b[n]) n++;
  return n >= 5 && n >= Math.max(a.length, b.length) - 3;
}

/**
 * One letter typed wrong, missing, extra or swapped with the next, in a word of 6+ letters ("marguerita"). Tried only
 * for a word no sentence has as typed: "conrado" is São Conrado, not a typo of "cobrado".
 */
function oneTypoApart(a: string, b: string): boolean {
  if (Math.min(a.length, b.length) < 6 || Math.abs(a.length - b.length) > 1 || a === b) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  const [x, y] = [a.slice(i), b.slice(i)];
  return (
    x.slice(1) === y.slice(1) ||
    x.slice(1) === y ||
    x === y.slice(1) ||
    (x[0] === y[1] && x[1] === y[0] && x.slice(2) === y.slice(2))
  );
}

/**
 * Chat shorthand and filler that carries no topic ("vcs", "hj", "qnto", "pls"): left out of the question's terms, so a
 * casual question is not read as one about something the documents lack.
 */
const CHAT_FILLERS: ReadonlySet<string> = new Set(
  `vcs vc voces q qnto qto qnt quanto quantos quantas tb tbm hj pls plz u ya guys pessoal gente ne ta to ae mto mt
  ok okay blz por favor please thx hey moco moca amigo ai entao algum alguma alguns algumas coisa coisas tipo
  you guys do does get got ur im i id i'd would could should can fazem faz fazer feito feita feitos feitas make makes
  made much many
  normalmente geralmente costuma usually normally typically generally moro mora morar live lives living aqui ali la
  here there still already ainda gets`
    .split(/\s+/)
    .filter(Boolean),
);

/** Everyday words for what the documents say in other words (accent-free; each side a search term). */
const SYNONYMS: ReadonlyMap<string, readonly string[]> = new Map(
  Object.entries({
    segunda: ['dias'],
    terca: ['dias'],
    quarta: ['dias'],
    quinta: ['dias'],
    sexta: ['dias'],
    sabado: ['dias'],
    feira: ['dias'],
    monday: ['day'],
    mondays: ['day'],
    tuesday: ['day'],
    wednesday: ['day'],
    thursday: ['day'],
    friday: ['day'],
    saturday: ['day'],
    saturdays: ['day'],
    tonight: ['close'],
    hoje: ['dias'],
    today: ['day'],
    frete: ['taxa', 'entrega'],
    medio: ['media'],
    switch: ['change'],
    trocar: ['mudar'],
    later: ['after'],
    text: ['sms'],
    texts: ['sms'],
    celiaco: ['gluten'],
    celiaca: ['gluten'],
    celiac: ['gluten'],
    driver: ['courier'],
    motoboy: ['entregador'],
    entregador: ['entregador'],
    demora: ['tempo', 'minutos'],
    long: ['minutes'],
    longe: ['distancia'],
    far: ['distance'],
    natal: ['feriados'],
    christmas: ['holidays'],
    reveillon: ['feriados'],
    mandam: ['enviamos'],
    manda: ['enviamos'],
    reply: ['answers'],
    replies: ['answers'],
    pago: ['paga'],
    updates: ['status'],
    update: ['status'],
    // In a food shop, eating is what a customer orders: "what can I eat?" is "what can I order?".
    eat: ['order'],
    comer: ['pedir'],
  }),
);

/**
 * Phrases whose words mean something else alone: "meio a meio" (half-and-half pizza) is not the "meio" of "mesmo meio
 * do pagamento". Each is read as one word, which a document must then hold to answer.
 */
const PHRASES: ReadonlyArray<[RegExp, string]> = [
  [/\bmeio a meio\b/gi, 'meioameio'],
  [/\bhalf(?:[- ]and[- ]|[- ])half\b/gi, 'halfandhalf'],
  [/\bdois sabores\b/gi, 'doissabores'],
  [/\btwo flavou?rs\b/gi, 'twoflavours'],
];
const joinPhrases = (text: string) => PHRASES.reduce((t, [re, word]) => t.replace(re, word), text);

/** A price question, over accent-folded text. */
const PRICE_QUESTION =
  /\b(?:quanto (?:custa|custam|e|sai|saem|fica|ficam|ta|esta|cobra|cobram)|qual (?:e )?o (?:preco|valor)|preco|precos|valor|how much|price|prices|cost|costs)\b/;
/** The words of a price question (accent-free search terms), which PRICE_TERM replaces. */
const PRICE_WORDS: ReadonlySet<string> = new Set(
  'custa custam custo custos preco precos valor valores sai saem fica ficam cobra cobram cost costs price prices much'.split(
    ' ',
  ),
);
/** The term a sentence with a price in reais carries (not a word: no question or document can contain it). */
const PRICE_TERM = '\u0000price';

/**
 * Below this share of the question's weight matched by the best sentence, the documents do not answer it. Calibrated
 * on test/fixtures/answer-threshold-dev-set.json (our own 60 questions, not the eval sets): with everyday words the
 * passages lack weighed by specificity, 0.4 and 0.45 sort 58 of 60 right, 0.5 sorts 56; 0.45 is the stricter one.
 */
export const MIN_COVERAGE = 0.45;
/**
 * How much a word the passages lack says about the question's topic (0..1): 1 for a word outside the 10,000 most
 * frequent of everyday Portuguese and English, less for a more frequent one (log of its rank, to a power).
 */
export function specificity(word: string): number {
  const rank = everydayRank(word);
  if (rank === undefined) return 1;
  return (Math.log(rank) / Math.log(EVERYDAY_LIST_SIZE)) ** SPECIFICITY_POWER;
}
/** The power of specificity: higher lets more everyday words count for less. */
const SPECIFICITY_POWER = 2;
/** How much the passage's retrieval score adds to a sentence's (a rare word matched weighs about 3). */
const PASSAGE_WEIGHT = 1.5;
/**
 * What a curated answer adds when its question (the passage's heading) shares a word with the customer's: the store
 * owner wrote it for that question, so it wins a near tie with a document sentence that only mentions the same word
 * ("qual o horário?" is the opening hours, not the time-zone line).
 */
const FAQ_WEIGHT = 1.5;
/** The share of the question's weight a curated answer's question must hold to count as the same question. */
const FAQ_MIN_SHARE = 0.5;
/** A curated answer's match within this share of the best sentence's is a near tie. */
const NEAR_TIE = 0.85;
/** The most supporting sentences after the answer. */
const MAX_SUPPORTING = 2;
/** The quoted sentences stay within this many characters, so answer and footer fit about 400. */
const MAX_QUOTED_CHARS = 330;

/** How much of the question the best sentence covers (0..1), and the sentences to quote: the best first. */
const menuSources: ReadonlySet<string> = new Set(Object.values(MENU_SOURCES));

export function scoreSentences(
  question: string,
  passages: readonly KnowledgePassage[],
): { coverage: number; ranked: Array<{ c: Candidate; score: number }> } {
  const candidates: Candidate[] = [];
  const seen = new Set<string>();
  const topScore = Math.max(0, ...passages.map((p) => p.score));
  // The question read as the classifier reads it: chat spellings expanded ("qnto" → "quanto", "oq" → "o que"),
  // contractions written out ("whats", "dont"), accents stripped.
  const normalized = normalizeText(question);
  const priceAsked = PRICE_QUESTION.test(normalized);
  const standalone = new Set<string>();
  const inside = new Map<Candidate, Set<string>>();
  passages.forEach((p, rank) => {
    const heading = headingOf(p.text);
    const headingTerms = searchTerms(heading);
    const answersAQuestion = isQuestionHeading(heading);
    const relevance = topScore > 0 && p.score > 0 ? p.score / topScore : 0;
    const title = passageTitle(p);
    sentencesOf(p.text).forEach((sentence, position) => {
      // A line that only introduces a list ("O estorno volta pelo mesmo meio do pagamento:") says nothing alone.
      if (seen.has(sentence) || sentence.endsWith(':')) return;
      seen.add(sentence);
      const terms = searchTerms(sentence);
      if (/R\$\s?\d/.test(sentence)) terms.push(PRICE_TERM);
      // The source may come back as the document's path in the knowledge base ("knowledge/cardapio-e-precos.md").
      const priceLine = menuSources.has((p.source.split('/').pop() ?? '').replace(/\.md$/, ''));
      const c: Candidate = {
        sentence,
        title,
        rank,
        position,
        relevance,
        terms,
        headingTerms,
        answersAQuestion,
        priceLine,
      };
      const names = termsInsideNames(sentence, normalized);
      for (const t of names.outside) standalone.add(t);
      if (names.inside.size) inside.set(c, names.inside);
      candidates.push(c);
    });
  });
  for (const [c, names] of inside) c.terms = c.terms.filter((t) => !(names.has(t) && standalone.has(t)));
  const queryTerms = [...new Set(searchTerms(joinPhrases(normalized)))].filter(
    (q) => q.length > 1 && !CHAT_FILLERS.has(q),
  );
  // "quanto tá a pizza?", "how much is…": the price itself is asked for, and a sentence with a price in reais has it.
  // The words that ask for a price are that question's form, and PRICE_TERM stands for them: left in, "quanto custa o
  // brigadeiro?" would match the FAQ's "Quanto custa o frete?" on "custa" rather than the brigadeiro's price.
  if (priceAsked) {
    for (let i = queryTerms.length - 1; i >= 0; i--) if (PRICE_WORDS.has(queryTerms[i]!)) queryTerms.splice(i, 1);
    queryTerms.push(PRICE_TERM);
  }
  if (candidates.length === 0 || queryTerms.length === 0) return { coverage: 0, ranked: [] };
  // Rarer words say more about which sentence answers: weigh each by an inverse sentence frequency. A word no
  // sentence has weighs most: the question is about something the passages do not mention.
  const matchesAsTyped = (terms: string[], q: string): boolean =>
    q === PRICE_TERM
      ? terms.includes(PRICE_TERM)
      : terms.some((t) => termsMatch(q, t) || (SYNONYMS.get(q) ?? []).some((alt) => termsMatch(alt, t)));
  const typos = new Set(
    queryTerms.filter((q) => !candidates.some((c) => matchesAsTyped(c.terms, q) || matchesAsTyped(c.headingTerms, q))),
  );
  const matches = (terms: string[], q: string): boolean =>
    matchesAsTyped(terms, q) || (typos.has(q) && terms.some((t) => oneTypoApart(q, t)));
  const weight = new Map(
    queryTerms.map((q) => {
      const df = candidates.filter((c) => matches(c.terms, q) || matches(c.headingTerms, q)).length;
      if (df > 0) return [q, Math.log(1 + candidates.length / df)] as const;
      // A word no sentence has may say the question is about something the passages lack ("estacionamento"), or be
      // one of the everyday words people wrap a question in ("never heard", "de vez em quando"): it weighs by how
      // rare it is in the language at large, up to double the rarest word of the passages.
      return [q, 2 * Math.log(1 + candidates.length) * specificity(q)] as const;
    }),
  );
  const total = [...weight.values()].reduce((a, b) => a + b, 0);
  // A word is matched by the sentence or by its passage's headings (an FAQ entry's questions are its heading). The
  // passage's own retrieval score breaks near ties: the document that answers the whole question ranks first.
  const scored = candidates.map((c) => {
    const matched = queryTerms.reduce(
      (s, q) => s + (matches(c.terms, q) ? weight.get(q)! : matches(c.headingTerms, q) ? weight.get(q)! * 0.9 : 0),
      0,
    );
    // A curated answer's question asks what the customer asks when it holds at least half the question's weight.
    const asked = queryTerms.reduce((s, q) => s + (matches(c.headingTerms, q) ? weight.get(q)! : 0), 0);
    return { c, matched, curated: c.answersAQuestion && asked >= FAQ_MIN_SHARE * total };
  });
  // The curated answer wins only a near tie: it never displaces a sentence that covers clearly more of the question.
  const bestMatched = Math.max(0, ...scored.map((x) => x.matched));
  const ranked = scored
    .map(({ c, matched, curated }) => {
      const faq = curated && matched >= NEAR_TIE * bestMatched ? FAQ_WEIGHT : 0;
      // A menu line answers what something costs; for any other question ("do que é feito o brigadeiro?") the item's
      // name alone is all it shares, so its passage's retrieval score does not lift it over the documents.
      const relevance = c.priceLine && !priceAsked ? 0 : c.relevance;
      return { c, matched, score: matched > 0 ? matched + PASSAGE_WEIGHT * relevance + faq : 0 };
    })
    .filter((x) => x.score > 0)
    .sort((a, b) => b.score - a.score || a.c.rank - b.c.rank || a.c.position - b.c.position);
  return { coverage: ranked.length ? ranked[0]!.matched / total : 0, ranked };
}

/** The sentences to quote: the best one first, then those close to it from the same passage or the next ones. */
function selectSentences(
  question: string,
  passages: readonly KnowledgePassage[],
  maxSentences: number,
): Array<{ sentence: string; title: string }> {
  const { coverage, ranked } = scoreSentences(question, passages);
  if (coverage < MIN_COVERAGE || ranked.length === 0) return [];
  const best = ranked[0]!;
  const chosen: Candidate[] = [best.c];
  let chars = best.c.sentence.length;
  for (const { c, score } of ranked.slice(1)) {
    if (chosen.length >= maxSentences) break;
    // Support comes from the answer's own passage: facts from elsewhere read as a different answer.
    if (c.rank !== best.c.rank) continue;
    if (score < best.score * MIN_SHARE_OF_BEST || chars + 1 + c.sentence.length > MAX_QUOTED_CHARS) continue;
    chosen.push(c);
    chars += 1 + c.sentence.length;
  }
  const [first, ...rest] = chosen;
  rest.sort((a, b) => a.rank - b.rank || a.position - b.position);
  return [first!, ...rest].map((c) => ({ sentence: c.sentence, title: c.title }));
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
