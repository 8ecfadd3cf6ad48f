// The local knowledge retriever: a BM25 index (MiniSearch) over knowledge/<lang>/*.md, one index per language.
import MiniSearch from 'minisearch';
import type { KnowledgePassage, KnowledgeRetriever } from '../../core/knowledge.ts';
import type { Lang } from '../../core/lang.ts';
import {
  KNOWLEDGE_DIR,
  KNOWLEDGE_LANGS,
  type KnowledgeDocument,
  loadKnowledgeDocuments,
} from './knowledge-documents.ts';

// Function words of both languages, accents already stripped. Both lists apply to every query and document: customers
// mix languages ("tem delivery?"), and a stop word of one language is rarely a content word of the other. Words that
// carry a question's topic stay ("horario", "entrega", "order", "open", "no"/"sem" are not here either: "sem glúten").
const PT_STOP = `a as o os um uma uns umas de da das do dos em na nas no nos num numa ao aos pra pro pras pros para por
pelo pela pelos pelas com e ou que se ja la ca eu tu ele ela eles elas voce voces vc vcs nos me te lhe meu minha meus
minhas seu sua seus suas teu tua nosso nossa isso isto esse essa este esta aquele aquela ser sou e eh era foi sao estar
estou esta estao ter tem tenho temos tinha ha haver vai vou vao fazer faz pode posso podem como qual quais quando onde quanto
quem porque oi ola ai entao tambem muito mais mas ate sobre aqui ainda so bem favor obrigado obrigada gostaria queria quero
saber tudo todo toda todos todas`;
const EN_STOP = `a an the of to in on at by for from with and or but if then so is are was were be been being am do does did
doing have has had i me my mine you your yours we us our they them their he him his she her it its this that these those
there here what which who whom how why when where can could would should will shall may might must please thanks thank
hi hello hey just also too very about into any some want wanted like know`;

// Chat shorthand and words of frequency that carry no topic ("vcs", "hj", "usually"): they would pull in passages that
// happen to use them ("usually within minutes" for "how long does delivery usually take?").
const CHAT_STOP = `vcs q qnto qto qnt qndo qnd hj tb tbm pls plz u r ya ne mto mt blz normalmente geralmente usually
normally typically generally`;

/** Stop words of pt-BR and en (accent-free, lower-case), dropped from documents and queries alike. */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  `${PT_STOP} ${EN_STOP} ${CHAT_STOP}`.split(/\s+/).filter(Boolean),
);

/** Lower-case and without accents: NFD splits "ã" into "a" + a combining tilde, which is then removed. */
export function foldAccents(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

/** The index's term processing (documents and queries alike): folded, and null for stop words (dropped). */
export function processTerm(term: string): string | null {
  const t = foldAccents(term);
  return t && !STOP_WORDS.has(t) ? t : null;
}

/** Splits text into searchable terms the way the index does (MiniSearch's default tokenizer, then `processTerm`). */
export function searchTerms(text: string): string[] {
  // A hyphenated word is also the word written whole: "e-mail" is "email" too (and still "mail").
  const joined = [...text.matchAll(/\p{L}+(?:-\p{L}+)+/gu)].map((m) => m[0].replace(/-/g, ''));
  return [...text.split(/[\n\r\p{Z}\p{P}]+/u), ...joined].map((t) => processTerm(t)).filter((t): t is string => !!t);
}

interface IndexedPassage {
  id: number;
  source: string;
  heading: string;
  text: string;
}

/** Search options (all per the brief): a heading match weighs double, prefixes and small typos match, any term may. */
const SEARCH_OPTIONS = { boost: { heading: 2 }, prefix: true, fuzzy: 0.2, combineWith: 'OR' } as const;

/** How a passage reads to whoever uses it: its heading path as a Markdown heading line, then its body. */
export const passageText = (p: { heading: string; text: string }) => (p.heading ? `# ${p.heading}\n${p.text}` : p.text);

/**
 * BM25 retrieval over the store's documents. MiniSearch scores with BM25+ (k1 1.2, b 0.7, d 0.5: its defaults).
 * The customer's language is searched first; only when nothing there scores is the other language tried, so a
 * question in one language still finds an answer written in the other.
 */
export class Bm25KnowledgeRetriever implements KnowledgeRetriever {
  private readonly indexes = new Map<Lang, MiniSearch<IndexedPassage>>();

  constructor(documents: readonly KnowledgeDocument[]) {
    let id = 0;
    for (const lang of KNOWLEDGE_LANGS) {
      const index = new MiniSearch<IndexedPassage>({
        fields: ['heading', 'text'],
        storeFields: ['source', 'heading', 'text'],
        processTerm,
        searchOptions: SEARCH_OPTIONS,
      });
      index.addAll(
        documents
          .filter((d) => d.lang === lang)
          .flatMap((d) => d.passages.map((p) => ({ id: id++, source: d.source, heading: p.heading, text: p.text }))),
      );
      this.indexes.set(lang, index);
    }
  }

  /** Builds the index from `knowledge/` (or another folder laid out the same way). */
  static async fromDirectory(dir: string = KNOWLEDGE_DIR): Promise<Bm25KnowledgeRetriever> {
    return new Bm25KnowledgeRetriever(await loadKnowledgeDocuments(dir));
  }

  /** How many passages each language's index holds. */
  size(lang: Lang): number {
    return this.indexes.get(lang)?.documentCount ?? 0;
  }

  async retrieve(query: string, opts: { lang: Lang; limit: number }): Promise<KnowledgePassage[]> {
    const limit = Math.max(0, Math.floor(opts.limit));
    if (limit === 0 || !query.trim()) return [];
    const order = [opts.lang, ...KNOWLEDGE_LANGS.filter((l) => l !== opts.lang)];
    for (const lang of order) {
      const index = this.indexes.get(lang);
      if (!index) continue;
      const hits = index.search(query).filter((h) => h.score > 0);
      if (hits.length === 0) continue;
      return hits.slice(0, limit).map((h) => ({
        text: passageText({ heading: h.heading as string, text: h.text as string }),
        source: h.source as string,
        score: h.score,
      }));
    }
    return [];
  }
}
