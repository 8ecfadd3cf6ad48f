// Loads the store's documents (knowledge/<lang>/*.md) and splits each into short passages that carry their headings.
import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Lang } from '../../core/lang.ts';

/** The demo store's `knowledge/` folder, found from this file rather than from the working directory. */
export const KNOWLEDGE_DIR = fileURLToPath(new URL('../../stores/demo/knowledge/', import.meta.url));

/** The language folders read; any other folder under `knowledge/` is ignored. */
export const KNOWLEDGE_LANGS: readonly Lang[] = ['pt-BR', 'en'];

/** A passage's body is kept to about this many characters (its heading line comes on top). */
export const MAX_PASSAGE_CHARS = 600;

/** One passage of a document: its heading path ("Document title › Section") and its body, Markdown emphasis removed. */
export interface DocumentPassage {
  heading: string;
  text: string;
}

export interface KnowledgeDocument {
  lang: Lang;
  /** The file name without `.md`: the citation customers see, e.g. `areas-e-taxas-de-entrega`. */
  source: string;
  /** From the front matter (`topic: delivery-areas`); the same in every language of one document. */
  topic: string;
  /** The `#` heading, or the source when there is none. */
  title: string;
  /** The file as written (front matter included), for checks that need the Markdown itself. */
  markdown: string;
  passages: DocumentPassage[];
}

/** Reads every `<dir>/<lang>/*.md`, in a stable order (language, then file name). */
export async function loadKnowledgeDocuments(dir: string = KNOWLEDGE_DIR): Promise<KnowledgeDocument[]> {
  const docs: KnowledgeDocument[] = [];
  for (const lang of KNOWLEDGE_LANGS) {
    let files: string[];
    try {
      files = (await readdir(join(dir, lang))).filter((f) => f.endsWith('.md')).sort();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw err;
    }
    for (const file of files) {
      const markdown = await readFile(join(dir, lang, file), 'utf8');
      docs.push(parseKnowledgeDocument(markdown, lang, basename(file, '.md')));
    }
  }
  return docs;
}

/** Parses one document: its front matter, its title and its passages. */
export function parseKnowledgeDocument(markdown: string, lang: Lang, source: string): KnowledgeDocument {
  const { meta, body } = splitFrontMatter(markdown);
  const title = /^#\s+(.+)$/m.exec(body)?.[1]?.trim() ?? source;
  return {
    lang,
    source,
    topic: meta.topic ?? source,
    title,
    markdown,
    passages: splitIntoPassages(body, { fallbackHeading: source }),
  };
}

/** `---\nkey: value\n---` at the very top; anything else is body. */
export function splitFrontMatter(markdown: string): { meta: Record<string, string>; body: string } {
  const text = markdown.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const m = /^---\n([\s\S]*?)\n---\n?/.exec(text);
  if (!m) return { meta: {}, body: text };
  const meta: Record<string, string> = {};
  for (const line of m[1]!.split('\n')) {
    const kv = /^([A-Za-z][\w-]*)\s*:\s*(.*)$/.exec(line.trim());
    if (kv) meta[kv[1]!] = kv[2]!.trim();
  }
  return { meta, body: text.slice(m[0].length) };
}

/** Removes inline Markdown a reader (or a quoted sentence) should not see: emphasis, code ticks, link targets. */
export function stripInlineMarkdown(line: string): string {
  return line
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/(^|[^\w*])\*(?!\s)([^*]+?)\*(?!\w)/g, '$1$2')
    .replace(/`([^`]*)`/g, '$1');
}

/**
 * Splits a Markdown body into passages. A heading starts a new section; within a section, blocks (paragraphs and
 * lists, separated by blank lines) are packed into passages of at most `maxChars`; a longer block is cut at list
 * items, then sentences, then words. Every passage carries its heading path, so "Bairros atendidos" still says
 * which document it belongs to.
 */
export function splitIntoPassages(
  body: string,
  opts: { maxChars?: number; fallbackHeading?: string } = {},
): DocumentPassage[] {
  const maxChars = opts.maxChars ?? MAX_PASSAGE_CHARS;
  const passages: DocumentPassage[] = [];
  const path: string[] = []; // heading texts by level - 1
  let blocks: string[] = [];
  let current: string[] = [];

  const endBlock = () => {
    const block = current.join('\n').trim();
    if (block) blocks.push(block);
    current = [];
  };
  const endSection = () => {
    endBlock();
    const heading = path.filter(Boolean).join(' › ') || opts.fallbackHeading || '';
    for (const text of packBlocks(blocks, maxChars)) passages.push({ heading, text });
    blocks = [];
  };

  for (const raw of body.replace(/\r\n?/g, '\n').split('\n')) {
    const h = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(raw);
    if (h) {
      endSection();
      const level = h[1]!.length;
      path.length = level - 1;
      path[level - 1] = stripInlineMarkdown(h[2]!);
      continue;
    }
    if (!raw.trim()) {
      endBlock();
      continue;
    }
    current.push(stripInlineMarkdown(raw.trimEnd()));
  }
  endSection();
  return passages;
}

/** Greedily joins blocks (with a blank line) while they fit; splits any block that alone is too long. */
function packBlocks(blocks: string[], maxChars: number): string[] {
  const out: string[] = [];
  let acc = '';
  for (const block of blocks.flatMap((b) => splitLongText(b, maxChars))) {
    if (!acc) acc = block;
    else if (acc.length + 2 + block.length <= maxChars) acc += `\n\n${block}`;
    else {
      out.push(acc);
      acc = block;
    }
  }
  if (acc) out.push(acc);
  return out;
}

/** Cuts text longer than `maxChars` at line breaks (list items), then at sentence ends, then at spaces. */
function splitLongText(text: string, maxChars: number): string[] {
  if (text.length <= maxChars) return [text];
  const separators: Array<[RegExp, string]> = [
    [/\n/, '\n'],
    [/(?<=[.!?;:])\s+/, ' '],
    [/\s+/, ' '],
  ];
  for (const [re, glue] of separators) {
    const parts = text.split(re).filter(Boolean);
    if (parts.length < 2) continue;
    const out: string[] = [];
    let acc = '';
    for (const part of parts) {
      const candidate = acc ? `${acc}${glue}${part}` : part;
      if (candidate.length <= maxChars) {
        acc = candidate;
        continue;
      }
      if (acc) out.push(acc);
      acc = part;
    }
    if (acc) out.push(acc);
    return out.flatMap((p) => splitLongText(p, maxChars));
  }
  // One unbroken run of characters: cut it hard.
  const out: string[] = [];
  for (let i = 0; i < text.length; i += maxChars) out.push(text.slice(i, i + maxChars));
  return out;
}
