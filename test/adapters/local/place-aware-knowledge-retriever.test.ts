// PlaceAwareKnowledgeRetriever: a neighbourhood the question names gets its delivery answer first, from the real
// gazetteer and the store's radius and fee; other questions get the documents alone.
import { beforeAll, describe, expect, it } from 'vitest';
import { RioGazetteer } from '../../../adapters/geo/rio-gazetteer.ts';
import { Bm25KnowledgeRetriever } from '../../../adapters/local/bm25-knowledge-retriever.ts';
import { AREA_SOURCE, PlaceAwareKnowledgeRetriever } from '../../../adapters/local/place-aware-knowledge-retriever.ts';
import type { Geocoder } from '../../../core/geocoder.ts';
import { DEMO_STORE } from '../../support/demo-store.ts';

let bm25: Bm25KnowledgeRetriever;
let retriever: PlaceAwareKnowledgeRetriever;
beforeAll(async () => {
  bm25 = await Bm25KnowledgeRetriever.fromDirectory();
  retriever = new PlaceAwareKnowledgeRetriever(bm25, new RioGazetteer(), () => DEMO_STORE);
});

describe('PlaceAwareKnowledgeRetriever', () => {
  it('puts the named neighbourhood first, scored above the documents, then the documents', async () => {
    // Act
    const passages = await retriever.retrieve('moro na tijuca, vcs entregam aqui?', { lang: 'pt-BR', limit: 4 });

    // Assess
    expect(passages).toHaveLength(4);
    expect(passages[0]).toMatchObject({ source: AREA_SOURCE['pt-BR'] });
    expect(passages[0]!.text).toMatch(/^# Entrega por bairro\nTijuca: entregamos em parte do bairro/);
    expect(passages[0]!.score).toBeGreaterThan(passages[1]!.score);
    expect(passages.slice(1).every((p) => p.source !== AREA_SOURCE['pt-BR'])).toBe(true);
  });

  it('adds nothing to a question that names no place, or only guesses one ("niteroi" alone)', async () => {
    // Act
    const fee = await retriever.retrieve('qual a taxa de entrega?', { lang: 'pt-BR', limit: 4 });
    const niteroi = await retriever.retrieve('vcs entregam em niteroi?', { lang: 'pt-BR', limit: 4 });

    // Assess
    expect(fee).toEqual(await bm25.retrieve('qual a taxa de entrega?', { lang: 'pt-BR', limit: 4 }));
    expect(niteroi.map((p) => p.source)).not.toContain(AREA_SOURCE['pt-BR']);
  });

  it('answers from the documents when the geocoder fails', async () => {
    // Prepare: a geocoder whose service is down (its contract: a rejection)
    const down: Geocoder = {
      geocode: () => Promise.reject(new Error('service unavailable')),
      reverse: () => Promise.reject(new Error('service unavailable')),
    };
    const withDown = new PlaceAwareKnowledgeRetriever(bm25, down, () => DEMO_STORE);

    // Act
    const passages = await withDown.retrieve('do you deliver in botafogo?', { lang: 'en', limit: 3 });

    // Assess
    expect(passages).toEqual(await bm25.retrieve('do you deliver in botafogo?', { lang: 'en', limit: 3 }));
  });
});
