// An order typed in plain words ("quero uma pizza de calabresa e 2 guaraná") read against the catalog: sure picks,
// ambiguous ones with their candidates, and names the menu does not have. Pure: the bot decides what to do with it.
import type { Product } from './catalog.ts';
import { CLAUSE, normalizeText } from './text-normalization.ts';

/** One part of the phrase that named exactly one product. */
export interface OrderPick {
  product: Product;
  qty: number;
}

/** One part that fits several products equally ("uma pizza" in a shop with four). */
export interface AmbiguousPick {
  /** What the customer wrote for it, normalised ("pizza"). */
  said: string;
  qty: number;
  candidates: Product[];
}

/** The phrase read as an order. `unknown` holds what the customer named that the menu does not have. */
export interface OrderPhrase {
  picks: OrderPick[];
  ambiguous: AmbiguousPick[];
  unknown: string[];
}

const NUMBER_WORDS: Record<string, number> = {
  um: 1,
  uma: 1,
  dois: 2,
  duas: 2,
  tres: 3,
  quatro: 4,
  cinco: 5,
  seis: 6,
  sete: 7,
  oito: 8,
  nove: 9,
  dez: 10,
  one: 1,
  a: 1,
  an: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  couple: 2,
};

/** Whole phrases of quantity, replaced by digits before anything else ("meia duzia" → 6). */
const QUANTITY_PHRASES: Array<[RegExp, string]> = [
  [/\bmeia duzia\b/g, '6'],
  [/\b(?:uma )?duzia\b/g, '12'],
  [/\bhalf (?:a )?dozen\b/g, '6'],
  [/\b(?:a )?dozen\b/g, '12'],
  [/\b(?:a )?couple of\b/g, '2'],
  [/\b(\d{1,2}) x\b/g, '$1'],
  [/\bx ?(\d{1,2})\b/g, '$1'],
];

/** Ordering verbs (after normalizeText): one of these, or a quantity, makes a phrase an order. */
const ORDER_VERB =
  /\b(?:quero|queria|gostaria|vou querer|vou levar|vou pegar|manda|mande|me ve|me da|traz|traga|bota|bote|coloca|coloque|adiciona|adicione|acrescenta|inclui|poe|ponha|pede|pedir|desce|want|would like|will have|will take|will get|give me|get me|can i get|can i have|could i get|could i have|may i have|send me|bring me|add|order|need|pode ser|pode mandar|me envia)\b/;

/** A question about items, not an order ("tem pizza sem glúten?", "quanto custa uma pizza?"). */
const QUESTION =
  /^(?:tem|voces tem|voce tem|vende|vendem|ha|existe|qual|quais|quanto|quantos|quantas|como|onde|o que|porque|do you|does|is|are|what|which|how|where|why|when|whats)\b|\b(?:quanto custa|quanto e|quanto fica|how much|price|preco|valor|saber|perguntar|know|ask|wondering|ver|olhar|conhecer|see|look|show|browse)\b/;

/** Words that never name an item: what is left of a phrase after its verbs, articles and courtesies. */
const FILLER = new Set(
  `quero queria gostaria vou querer levar pegar manda mande me ve da traz traga bota bote coloca coloque adiciona
adicione acrescenta inclui poe ponha pede pedir desce pode ser mandar envia de do da dos das o os as e com pra para por
favor mim eu mais tambem ai entao ok sim hoje agora ja logo tipo aquele aquela aquelas aqueles esse essa esses essas
um uma no na nos nas em so mesmo pfv i we want would like will have take get give can could may send bring add order
need to some the of with please and also plus too more another for me us my our just x`.split(/\s+/),
);

/** Words in product names that tell nothing apart (units, joiners). */
const NAME_FILLER = new Set('de do da com e em ml l g with and of in fatias slices unidades pieces'.split(' '));

/** Content words that are no food: "queria uma informação" is not an order of something the menu lacks. */
const NOT_FOOD = new Set(
  `informacao informacoes ajuda pergunta duvida pessoa atendente humano pedido pedidos endereco troco nota recibo
reembolso estorno cupom desconto entrega entregador motoboy cardapio menu conta minuto minutos hora horas favor
information info help question person human agent order orders address change receipt refund coupon discount
delivery driver minute minutes hour hours moment sec second`.split(/\s+/),
);

const SEPARATORS = new Set([CLAUSE, 'e', 'and', 'mais', 'plus', '+', '&', 'tambem', 'also']);
/** "sem cebola", "without onions": what follows is a wish for the kitchen, not an item. */
const MODIFIERS = new Set(['sem', 'without', 'no', 'nao']);

const singular = (w: string) => (w.length > 3 && w.endsWith('s') ? w.slice(0, -1) : w);

/** Levenshtein distance, stopping early above `max`. */
function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      best = Math.min(best, cur[j]!);
    }
    if (best > max) return max + 1;
    prev = cur;
  }
  return prev[b.length]!;
}

/** True when a typed word is a name word: the same, a plural, or one typo away (two in long words). */
function wordMatches(typed: string, name: string): boolean {
  const a = singular(typed);
  const b = singular(name);
  if (a === b) return true;
  if (/\d/.test(a) || /\d/.test(b) || a.length < 4) return false;
  return editDistance(a, b, a.length >= 8 ? 2 : 1) <= (a.length >= 8 ? 2 : 1);
}

interface NamedProduct {
  product: Product;
  /** Content words of each of its names (pt-BR, en, and the store's synonyms), in order. */
  names: string[][];
}

const contentWords = (text: string) =>
  normalizeText(text)
    .split(' ')
    .filter((w) => w && w !== CLAUSE && !NAME_FILLER.has(w));

/** Other names a shop's customers use for an item, by sku ("calabresa", "guaraná antarctica"). */
export type ItemSynonyms = Readonly<Record<string, readonly string[]>>;

function indexProducts(products: readonly Product[], synonyms: ItemSynonyms): NamedProduct[] {
  return products.map((product) => ({
    product,
    names: [product.name['pt-BR'], product.name.en, ...(product.synonyms ?? []), ...(synonyms[product.sku] ?? [])].map(
      contentWords,
    ),
  }));
}

/** How well typed words name a product: words matched, then how many of its name's first words came in order. */
function fitOf(words: string[], np: NamedProduct): [number, number] {
  let best: [number, number] = [0, 0];
  for (const name of np.names) {
    const matched = words.filter((w) => name.some((n) => wordMatches(w, n))).length;
    let prefix = 0;
    while (prefix < words.length && prefix < name.length && wordMatches(words[prefix]!, name[prefix]!)) prefix++;
    if (matched > best[0] || (matched === best[0] && prefix > best[1])) best = [matched, prefix];
  }
  return best;
}

/** The products that fit best; several when they tie (the customer is asked which). */
function bestFits(words: string[], index: NamedProduct[]): Product[] {
  let top: [number, number] = [0, 0];
  let found: Product[] = [];
  for (const np of index) {
    const f = fitOf(words, np);
    if (f[0] === 0) continue;
    if (f[0] > top[0] || (f[0] === top[0] && f[1] > top[1])) {
      top = f;
      found = [np.product];
    } else if (f[0] === top[0] && f[1] === top[1]) found.push(np.product);
  }
  return found;
}

interface Segment {
  qty?: number;
  words: string[];
}

/** Splits the phrase at "e", "and", commas and "mais"; each part is a quantity (optional) and the words after it. */
function segmentsOf(normalized: string): Segment[] {
  const segments: Segment[] = [];
  let current: Segment = { words: [] };
  let skipping = false;
  const flush = () => {
    if (current.words.length > 0 || current.qty !== undefined) segments.push(current);
    current = { words: [] };
    skipping = false;
  };
  for (const tok of normalized.split(' ')) {
    if (!tok) continue;
    if (SEPARATORS.has(tok)) {
      flush();
      continue;
    }
    if (MODIFIERS.has(tok)) skipping = true;
    if (skipping) continue;
    const n = /^\d{1,2}$/.test(tok) ? Number(tok) : NUMBER_WORDS[tok];
    if (n !== undefined && current.words.length === 0) {
      // "2 pizzas": the quantity leads its item; a number after the words ("pizza 2") starts nothing new.
      if (current.qty === undefined) current.qty = n;
      continue;
    }
    if (FILLER.has(tok)) continue;
    current.words.push(tok);
  }
  flush();
  return segments;
}

/**
 * Reads `text` as an order against `products`, or returns null when it is not one: a question about an item, a
 * phrase with neither an ordering verb nor a quantity, or one that names nothing the menu could hold.
 */
export function readOrderPhrase(
  text: string,
  products: readonly Product[],
  synonyms: ItemSynonyms = {},
): OrderPhrase | null {
  if (typeof text !== 'string') return null;
  let normalized = normalizeText(text);
  for (const [re, to] of QUANTITY_PHRASES) normalized = normalized.replace(re, to);
  const hasVerb = ORDER_VERB.test(normalized);
  if (QUESTION.test(normalized) || (!hasVerb && text.includes('?'))) return null;
  const segments = segmentsOf(normalized);
  const hasQuantity = segments.some((s) => s.qty !== undefined && s.words.length > 0);
  if (!hasVerb && !hasQuantity) return null;

  const index = indexProducts(products, synonyms);
  const out: OrderPhrase = { picks: [], ambiguous: [], unknown: [] };
  let last: { fits: Product[]; entry: OrderPick | AmbiguousPick } | undefined;
  for (const seg of segments) {
    if (seg.words.length === 0) continue;
    const fits = bestFits(seg.words, index);
    // "granola e banana" after an açaí names more of the same item, not a new one.
    if (seg.qty === undefined && last && fits.length > 0 && fits.every((p) => last!.fits.includes(p))) continue;
    const qty = seg.qty ?? 1;
    if (fits.length === 1) {
      const entry = { product: fits[0]!, qty };
      out.picks.push(entry);
      last = { fits, entry };
    } else if (fits.length > 1) {
      const entry = { said: seg.words.join(' '), qty, candidates: fits };
      out.ambiguous.push(entry);
      last = { fits, entry };
    } else if (!seg.words.some((w) => NOT_FOOD.has(singular(w)) || NOT_FOOD.has(w)) && seg.words.length <= 4) {
      out.unknown.push(seg.words.join(' '));
    } else {
      return null;
    }
  }
  if (out.picks.length === 0 && out.ambiguous.length === 0) {
    // Only unknown words: an order of something we lack only when it was plainly one ("quero 2 coxinhas").
    if (out.unknown.length === 0 || !(hasVerb && hasQuantity)) return null;
  }
  return mergePicks(out);
}

/** The same product named twice ("uma calabresa e mais uma calabresa") is one line. */
function mergePicks(phrase: OrderPhrase): OrderPhrase {
  const merged = new Map<string, OrderPick>();
  for (const p of phrase.picks) {
    const seen = merged.get(p.product.sku);
    if (seen) seen.qty += p.qty;
    else merged.set(p.product.sku, { ...p });
  }
  return { ...phrase, picks: [...merged.values()] };
}
