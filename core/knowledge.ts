// The store's knowledge: passages retrieved for a question, and the retriever port (Bedrock knowledge base, or BM25
// locally).
import type { Lang } from './lang.ts';

/** One retrieved passage. `source` is the document's name, cited in answers; `score` is the retriever's own (higher is better). */
export interface KnowledgePassage {
  text: string;
  source: string;
  score: number;
}

/** Implemented by the Bedrock knowledge base on AWS and by a BM25 index over `knowledge/` locally. */
export interface KnowledgeRetriever {
  retrieve(query: string, opts: { lang: Lang; limit: number }): Promise<KnowledgePassage[]>;
}

/**
 * A passage's title for a customer: its first heading's first part ("# Áreas e taxas de entrega › Bairros" → "Áreas
 * e taxas de entrega"); without a heading, the source's name in words, never a path or a file name.
 */
export function passageTitle(p: Pick<KnowledgePassage, 'text' | 'source'>): string {
  const heading = /^#\s+(.+)$/m.exec(p.text)?.[1];
  if (heading) return heading.split(' › ')[0]!.trim();
  const name = (p.source.split('/').pop() ?? p.source)
    .replace(/\.[a-z]+$/i, '')
    .replace(/[-_]+/g, ' ')
    .trim();
  return name ? name.charAt(0).toUpperCase() + name.slice(1) : p.source;
}
