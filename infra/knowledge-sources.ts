// The knowledge documents a deploy uploads (<knowledgeDir>/<lang>/*.md), read once at synth, and the hash of their
// content that tells CloudFormation when to ingest again.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { KNOWLEDGE_LANGS } from '../adapters/local/knowledge-documents.ts';

/** One document as it lands in the documents bucket. */
export interface KnowledgeSource {
  /** The object key, `<lang>/<file>.md`: the file name stays the citation Bedrock returns (its S3 URI). */
  readonly key: string;
  readonly content: string;
}

export interface KnowledgeSources {
  readonly dir: string;
  /** In key order. */
  readonly documents: readonly KnowledgeSource[];
  /** sha256 (hex) over every key and content: equal exactly when the uploaded documents are. */
  readonly hash: string;
}

/**
 * Reads the documents of both languages, as the local BM25 retriever does (other files and folders are left out).
 * Throws when there is none, so a wrong storeDir fails synth instead of deploying an empty knowledge base.
 */
export function readKnowledgeSources(knowledgeDir: string): KnowledgeSources {
  const documents: KnowledgeSource[] = [];
  for (const lang of KNOWLEDGE_LANGS) {
    const langDir = path.join(knowledgeDir, lang);
    if (!existsSync(langDir)) continue;
    for (const file of readdirSync(langDir).filter((f) => f.endsWith('.md'))) {
      documents.push({ key: `${lang}/${file}`, content: readFileSync(path.join(langDir, file), 'utf8') });
    }
  }
  if (documents.length === 0) {
    throw new Error(
      `No knowledge documents in ${knowledgeDir}: expected ${KNOWLEDGE_LANGS.map((l) => `${l}/*.md`).join(' and ')} there (CDK context storeDir names the store folder).`,
    );
  }
  documents.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { dir: knowledgeDir, documents, hash: hashOf(documents) };
}

function hashOf(documents: readonly KnowledgeSource[]): string {
  const h = createHash('sha256');
  for (const d of documents) h.update(`${d.key}\0${createHash('sha256').update(d.content).digest('hex')}\n`);
  return h.digest('hex');
}
