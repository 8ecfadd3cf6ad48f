// A knowledge retriever that also answers for a neighbourhood the question names: the geocoder places it, and the
// delivery radius and fee formula say whether the shop delivers there and about what fee.

import type { Store } from '../../core/catalog.ts';
import { AREA_ANSWER_TITLE, deliveryAreaAnswer } from '../../core/delivery-area-answer.ts';
import type { Geocoder } from '../../core/geocoder.ts';
import type { KnowledgePassage, KnowledgeRetriever } from '../../core/knowledge.ts';
import type { Lang } from '../../core/lang.ts';
import { foldAccents } from './bm25-knowledge-retriever.ts';

/** Below this, the geocoder guessed (a shared name with no city, "Niterói" alone): the documents answer instead. */
export const MIN_PLACE_CONFIDENCE = 0.7;

/** The source the passage is cited by (its heading gives the title a customer reads). */
export const AREA_SOURCE: Record<Lang, string> = { 'pt-BR': 'entrega-por-bairro', en: 'delivery-by-neighbourhood' };

export class PlaceAwareKnowledgeRetriever implements KnowledgeRetriever {
  constructor(
    private readonly inner: KnowledgeRetriever,
    private readonly geocoder: Geocoder,
    private readonly store: () => Store | Promise<Store>,
  ) {}

  async retrieve(query: string, opts: { lang: Lang; limit: number }): Promise<KnowledgePassage[]> {
    const [passages, place] = await Promise.all([this.inner.retrieve(query, opts), this.placeIn(query, opts.lang)]);
    if (!place || opts.limit < 1) return passages;
    const text = deliveryAreaAnswer(await this.store(), place, opts.lang);
    const top = Math.max(0, ...passages.map((p) => p.score));
    // First, and scored above the documents: it is about the very place the customer named.
    const area = { text: `# ${AREA_ANSWER_TITLE[opts.lang]}\n${text}`, source: AREA_SOURCE[opts.lang], score: top + 1 };
    return [area, ...passages].slice(0, opts.limit);
  }

  /** A neighbourhood named in the question, by its name as written there ("tijuca", "praca da bandeira"). */
  private async placeIn(query: string, lang: Lang) {
    // The geocoder's contract: a rejection is the service failing, never "no place"; the documents still answer.
    const found = await this.geocoder.geocode(query, lang).catch(() => undefined);
    if (!found?.found || found.precision !== 'neighbourhood' || found.confidence < MIN_PLACE_CONFIDENCE) return;
    const name = found.label.replace(/, Rio de Janeiro$/, '');
    const first = foldAccents(name.split(',')[0]!);
    if (!foldAccents(query).includes(first)) return;
    return { name, lat: found.lat, lon: found.lon };
  }
}
