// KnowledgeRetriever on a Bedrock knowledge base: one Retrieve (vector search) per question, passages cited by file
// name.
import {
  type BedrockAgentRuntimeClient,
  type KnowledgeBaseRetrievalResult,
  RetrieveCommand,
} from '@aws-sdk/client-bedrock-agent-runtime';
import type { KnowledgePassage, KnowledgeRetriever } from '../../core/knowledge.ts';
import type { Lang } from '../../core/lang.ts';

const SOURCE_URI_KEY = 'x-amz-bedrock-kb-source-uri';

/** The document's name for citations: the last segment of its location, without extension ("s3://b/faq/horarios.md" → "horarios"). */
export function sourceName(result: KnowledgeBaseRetrievalResult): string {
  const fromMetadata = result.metadata?.[SOURCE_URI_KEY];
  const uri =
    result.location?.s3Location?.uri ??
    (typeof fromMetadata === 'string' ? fromMetadata : undefined) ??
    result.location?.webLocation?.url ??
    result.location?.confluenceLocation?.url ??
    result.location?.sharePointLocation?.url ??
    result.location?.salesforceLocation?.url ??
    result.location?.customDocumentLocation?.id ??
    '';
  const last =
    uri
      .replace(/[?#].*$/, '')
      .replace(/\/+$/, '')
      .split('/')
      .pop() ?? '';
  let name = last;
  try {
    name = decodeURIComponent(last);
  } catch {
    /* keep it as written */
  }
  const dot = name.lastIndexOf('.');
  return (dot > 0 ? name.slice(0, dot) : name) || 'knowledge-base';
}

export class BedrockKnowledgeRetriever implements KnowledgeRetriever {
  constructor(
    private readonly client: BedrockAgentRuntimeClient,
    private readonly knowledgeBaseId: string,
  ) {}

  /** `lang` is not sent: the knowledge base's embeddings are multilingual, and the question is already in the customer's language. */
  async retrieve(query: string, { limit }: { lang: Lang; limit: number }): Promise<KnowledgePassage[]> {
    const out = await this.client.send(
      new RetrieveCommand({
        knowledgeBaseId: this.knowledgeBaseId,
        retrievalQuery: { text: query },
        retrievalConfiguration: { vectorSearchConfiguration: { numberOfResults: limit } },
      }),
    );
    return (out.retrievalResults ?? [])
      .filter((r) => (r.content?.text ?? '').trim() !== '')
      .map((r) => ({ text: r.content!.text!, source: sourceName(r), score: r.score ?? 0 }))
      .sort((a, b) => b.score - a.score);
  }
}
