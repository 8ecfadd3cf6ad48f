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
