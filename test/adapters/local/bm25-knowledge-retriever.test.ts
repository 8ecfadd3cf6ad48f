// BM25 retrieval over knowledge/: typical questions in both languages, accents, the language fallback, limits, no
// match.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  Bm25KnowledgeRetriever,
  foldAccents,
  processTerm,
  searchTerms,
} from '../../../adapters/local/bm25-knowledge-retriever.ts';
import { MAX_PASSAGE_CHARS, parseKnowledgeDocument } from '../../../adapters/local/knowledge-documents.ts';
import type { Lang } from '../../../core/lang.ts';

let retriever: Bm25KnowledgeRetriever;
beforeAll(async () => {
  retriever = await Bm25KnowledgeRetriever.fromDirectory();
});

describe('Bm25KnowledgeRetriever: typical questions', () => {
  it.each<[string, Lang, string]>([
    ['vocês entregam em Niterói?', 'pt-BR', 'areas-e-taxas-de-entrega'],
    ['voces entregam em niteroi', 'pt-BR', 'areas-e-taxas-de-entrega'],
    ['vcs entregam na Barra da Tijuca?', 'pt-BR', 'areas-e-taxas-de-entrega'],
    ['qual a taxa de entrega?', 'pt-BR', 'areas-e-taxas-de-entrega'],
    ['do you deliver to Niterói?', 'en', 'delivery-areas-and-fees'],
    ['how much is the delivery fee?', 'en', 'delivery-areas-and-fees'],
    ['do you deliver on Sundays?', 'en', 'opening-hours'],
    ['what time do you open?', 'en', 'opening-hours'],
    ['vocês entregam no domingo?', 'pt-BR', 'horario-de-funcionamento'],
    ['que horas vocês abrem?', 'pt-BR', 'horario-de-funcionamento'],
    ['aceitam pix?', 'pt-BR', 'formas-de-pagamento'],
    ['aceita cartao de credito?', 'pt-BR', 'formas-de-pagamento'],
    ['do you accept cash?', 'en', 'payment-methods'],
    ['tem glúten na pizza?', 'pt-BR', 'alergenicos-e-ingredientes'],
    ['tem gluten na pizza', 'pt-BR', 'alergenicos-e-ingredientes'],
    ['o açaí tem lactose?', 'pt-BR', 'alergenicos-e-ingredientes'],
    ['is there pork in the calabresa?', 'en', 'allergens-and-ingredients'],
    ['how do I track my order', 'en', 'tracking-your-order'],
    ['como acompanho meu pedido?', 'pt-BR', 'acompanhar-pedido'],
    ['quanto tempo demora a entrega?', 'pt-BR', 'acompanhar-pedido'],
    ['posso cancelar o pedido?', 'pt-BR', 'cancelamento-e-reembolso'],
    ['how long does a refund take?', 'en', 'refunds-and-cancellation'],
    ['how long does delivery take?', 'en', 'tracking-your-order'],
    ['quanto tempo demora o estorno do pix?', 'pt-BR', 'cancelamento-e-reembolso'],
  ])(
    '%j (%s) → %s first, or the FAQ entry that answers it with that document second',
    async (question, lang, source) => {
      // Act
      const passages = await retriever.retrieve(question, { lang, limit: 3 });

      // Assess: the store's FAQ (its curated answer) may come first; the topic's own document follows it.
      const faq = lang === 'en' ? 'frequently-asked-questions' : 'perguntas-frequentes';
      const sources = passages.map((p) => p.source);
      const topic = sources.filter((s) => s !== faq)[0];
      expect(topic).toBe(source);
      expect(sources.indexOf(source)).toBeLessThanOrEqual(sources[0] === faq ? 2 : 0);
    },
  );

  it('answers "vocês entregam em Niterói?" with the passage saying Niterói is not served', async () => {
    // Act
    const [best] = await retriever.retrieve('vocês entregam em Niterói?', { lang: 'pt-BR', limit: 3 });

    // Assess
    expect(best!.source).toBe('areas-e-taxas-de-entrega');
    expect(best!.text).toMatch(/Niterói: não entregamos\./);
  });

  it('answers "do you deliver to Niteroi?" with the passage saying Niterói is not served', async () => {
    // Act
    const [best] = await retriever.retrieve('do you deliver to Niteroi?', { lang: 'en', limit: 3 });

    // Assess
    expect(best!.text).toMatch(/Niterói: we do not deliver there\./);
  });
});

describe('Bm25KnowledgeRetriever: accents and case never matter', () => {
  it.each<[string, string, Lang]>([
    ['vocês entregam em Niterói?', 'VOCES ENTREGAM EM NITEROI', 'pt-BR'],
    ['açaí tem glúten?', 'acai tem gluten', 'pt-BR'],
    ['açaí with cupuaçu', 'acai with cupuacu', 'en'],
    ['horário de domingo', 'horario de domingo', 'pt-BR'],
  ])('%j and %j retrieve the same passages', async (accented, plain, lang) => {
    // Act
    const a = await retriever.retrieve(accented, { lang, limit: 3 });
    const b = await retriever.retrieve(plain, { lang, limit: 3 });

    // Assess
    expect(a.length).toBeGreaterThan(0);
    expect(b.map((p) => p.text)).toEqual(a.map((p) => p.text));
  });

  it('folds accents with NFD and drops the stop words of both languages', () => {
    // Act
    const terms = ['Niterói', 'AÇAÍ', 'vocês', 'the', 'glúten', 'do', 'Sundays'].map(processTerm);

    // Assess
    expect(terms).toEqual(['niteroi', 'acai', null, null, 'gluten', null, 'sundays']);
    expect(foldAccents('Cupuaçu São João')).toBe('cupuacu sao joao');
  });
});

describe('Bm25KnowledgeRetriever: languages', () => {
  it("searches the customer's language first: the same question finds each language's own document", async () => {
    // Act
    const pt = await retriever.retrieve('pix', { lang: 'pt-BR', limit: 5 });
    const en = await retriever.retrieve('pix', { lang: 'en', limit: 5 });

    // Assess
    expect(pt.map((p) => p.source)).toContain('formas-de-pagamento');
    expect(pt.every((p) => !p.source.includes('payment'))).toBe(true);
    expect(en.map((p) => p.source)).toContain('payment-methods');
    expect(en.every((p) => p.source !== 'formas-de-pagamento')).toBe(true);
  });

  it("falls back to the other language when nothing scores in the customer's", async () => {
    // Prepare: a word only the Portuguese documents use, and one only the English ones use
    // Act
    const ptFromEn = await retriever.retrieve('fuso horário', { lang: 'en', limit: 3 });
    const enFromPt = await retriever.retrieve('courier', { lang: 'pt-BR', limit: 3 });

    // Assess
    expect(ptFromEn[0]?.source).toBe('horario-de-funcionamento');
    expect(enFromPt[0]?.source).toBe('payment-methods');
  });

  it('falls back only when the first language has nothing, on a corpus built in memory', async () => {
    // Prepare
    const small = new Bm25KnowledgeRetriever([
      parseKnowledgeDocument('# Entregas\n\nEntregamos em Copacabana todos os dias.\n', 'pt-BR', 'entregas'),
      parseKnowledgeDocument(
        '# Refunds\n\nA refund goes back to the same card.\n\nWe deliver in Copacabana.\n',
        'en',
        'refunds',
      ),
    ]);

    // Act
    const fallback = await small.retrieve('refund', { lang: 'pt-BR', limit: 5 });
    const own = await small.retrieve('Copacabana', { lang: 'pt-BR', limit: 5 });

    // Assess
    expect(fallback).toEqual([
      {
        source: 'refunds',
        text: '# Refunds\nA refund goes back to the same card.\n\nWe deliver in Copacabana.',
        score: expect.any(Number),
      },
    ]);
    expect(own.map((p) => p.source)).toEqual(['entregas']);
  });
});

describe('Bm25KnowledgeRetriever: results', () => {
  it.each([1, 2, 5])('returns at most limit = %i passages, best first', async (limit) => {
    // Act
    const passages = await retriever.retrieve('entrega pedido taxa pix', { lang: 'pt-BR', limit });

    // Assess
    expect(passages).toHaveLength(limit);
    const scores = passages.map((p) => p.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(scores.every((s) => s > 0)).toBe(true);
  });

  it('returns nothing for limit 0, an empty question, only stop words, or words no document has', async () => {
    // Act
    const results = await Promise.all([
      retriever.retrieve('vocês entregam em Niterói?', { lang: 'pt-BR', limit: 0 }),
      retriever.retrieve('   ', { lang: 'pt-BR', limit: 3 }),
      retriever.retrieve('oi, tudo bem com você?', { lang: 'pt-BR', limit: 3 }),
      retriever.retrieve('xylophone quasar zzzzqqq', { lang: 'en', limit: 3 }),
    ]);

    // Assess
    expect(results).toEqual([[], [], [], []]);
  });

  it('cites the file name without extension, and every passage carries its heading and stays short', async () => {
    // Act
    const passages = await retriever.retrieve('entrega pedido taxa pix pizza horário', { lang: 'pt-BR', limit: 50 });

    // Assess
    expect(passages.length).toBeGreaterThan(5);
    for (const p of passages) {
      expect(p.source).toMatch(/^[a-z0-9-]+$/);
      expect(p.text).toMatch(/^# \S.*\n\S/);
      expect(p.text.split('\n').slice(1).join('\n').length).toBeLessThanOrEqual(MAX_PASSAGE_CHARS);
    }
  });

  it('indexes both languages', () => {
    // Assess
    expect(retriever.size('pt-BR')).toBeGreaterThan(10);
    expect(retriever.size('en')).toBeGreaterThan(10);
  });
});

describe('searchTerms', () => {
  it('adds a hyphenated word written whole, and keeps its parts', () => {
    // Act
    const terms = searchTerms('por e-mail, lactose-free');

    // Assess
    expect(terms).toEqual(expect.arrayContaining(['email', 'mail', 'lactose', 'free', 'lactosefree']));
    expect(searchTerms('sem hifen aqui')).not.toContain('semhifen');
  });
});
