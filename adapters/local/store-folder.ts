// Reads a store folder (store.yaml + knowledge/<lang>/*.md) into a StorePackage, or lists every problem with its line.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isNode, LineCounter, parseDocument } from 'yaml';
import type { StorePackage } from '../../core/catalog.ts';
import { isFaqDocument, parseFaq } from '../../core/store-faq.ts';
import { parseStoreFile } from '../../core/store-file.ts';
import { KNOWLEDGE_LANGS, splitFrontMatter } from './knowledge-documents.ts';

/** The demo store, found from this file rather than from the working directory. */
export const DEMO_STORE_DIR = fileURLToPath(new URL('../../stores/demo/', import.meta.url));

/** One problem, printed as `file:line: field: message`. */
export interface StoreFolderProblem {
  file: string;
  line: number;
  field: string;
  message: string;
}

export type StoreFolder =
  | { ok: true; dir: string; pkg: StorePackage; knowledgeDir: string; documents: number; summary: string }
  | { ok: false; dir: string; problems: StoreFolderProblem[] };

/** A store folder that does not validate: every problem, one `file:line: field: message` line each. */
export class StoreFolderInvalid extends Error {
  constructor(readonly problems: StoreFolderProblem[]) {
    super(`The store folder is not valid:\n${problems.map((p) => `  ${formatProblem(p)}`).join('\n')}`);
    this.name = 'StoreFolderInvalid';
  }
}

export const formatProblem = (p: StoreFolderProblem) => `${p.file}:${p.line}: ${p.field}: ${p.message}`;

/** Reads and checks the folder; never throws on bad content (a missing folder is a problem too). */
export function loadStoreFolder(dirPath: string, opts: { knowledge?: boolean } = {}): StoreFolder {
  const dir = resolve(dirPath);
  const storeFile = join(dir, 'store.yaml');
  const shown = shownPath(storeFile);
  let source: string;
  try {
    source = readFileSync(storeFile, 'utf8');
  } catch {
    return { ok: false, dir, problems: [{ file: shown, line: 1, field: '(file)', message: 'store.yaml not found' }] };
  }
  const lines = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const lineAt = (offset: number | undefined) => (offset === undefined ? 1 : lines.linePos(offset).line);
  const problems: StoreFolderProblem[] = doc.errors.map((e) => ({
    file: shown,
    line: lineAt(e.pos[0]),
    field: '(yaml)',
    message: e.message.split('\n')[0]!,
  }));
  if (problems.length) return { ok: false, dir, problems };

  const parsed = parseStoreFile(doc.toJS());
  if (!parsed.ok) {
    for (const p of parsed.problems) {
      problems.push({ file: shown, line: lineOf(doc, p.path, lineAt), field: p.field, message: p.message });
    }
  }
  const knowledgeDir = join(dir, 'knowledge');
  let documents = 0;
  for (const lang of KNOWLEDGE_LANGS) {
    const langDir = join(knowledgeDir, lang);
    const files = listMarkdown(langDir);
    documents += files.length;
    if (!files.length && opts.knowledge !== false)
      problems.push({
        file: shownPath(langDir),
        line: 1,
        field: `knowledge.${lang}`,
        message: `no ${lang} documents (knowledge/${lang}/*.md): every language needs its own`,
      });
  }
  problems.push(...checkFaqs(knowledgeDir));
  if (problems.length || !parsed.ok) return { ok: false, dir, problems };
  const { store, products } = parsed.pkg;
  const tracked = products.filter((p) => p.stock !== null).length;
  return {
    ok: true,
    dir,
    pkg: parsed.pkg,
    knowledgeDir,
    documents,
    summary: `${store.name}: ${store.categories.length} categories, ${products.length} items (${tracked} with stock), ${documents} documents, ${store.timezone}`,
  };
}

/** The raw YAML of a folder's store.yaml (a tool writing a variant of a store starts from it). */
export function loadStoreFile(dirPath: string): Record<string, unknown> {
  return parseDocument(readFileSync(join(resolve(dirPath), 'store.yaml'), 'utf8')).toJS() as Record<string, unknown>;
}

/** Every FAQ document (`kind: faq`) is well formed, and each language has as many questions as the others. */
function checkFaqs(knowledgeDir: string): StoreFolderProblem[] {
  const problems: StoreFolderProblem[] = [];
  const counts: Array<{ lang: string; file: string; entries: number }> = [];
  for (const lang of KNOWLEDGE_LANGS) {
    for (const name of listMarkdown(join(knowledgeDir, lang))) {
      const path = join(knowledgeDir, lang, name);
      const markdown = readFileSync(path, 'utf8').replace(/\r\n?/g, '\n');
      const { meta, body } = splitFrontMatter(markdown);
      if (!isFaqDocument(meta)) continue;
      const firstLine = markdown.slice(0, markdown.length - body.length).split('\n').length;
      const faq = parseFaq(body, firstLine);
      for (const p of faq.problems)
        problems.push({ file: shownPath(path), line: p.line, field: `faq.${lang}`, message: p.message });
      counts.push({ lang, file: shownPath(path), entries: faq.entries.length });
    }
  }
  const langs = new Set(counts.map((c) => c.lang));
  if (langs.size > 0 && langs.size < KNOWLEDGE_LANGS.length)
    problems.push({
      file: counts[0]!.file,
      line: 1,
      field: 'faq',
      message: `an FAQ in ${[...langs].join(', ')} only: write it in ${KNOWLEDGE_LANGS.join(' and ')}`,
    });
  const total = (lang: string) => counts.filter((c) => c.lang === lang).reduce((n, c) => n + c.entries, 0);
  if (langs.size === KNOWLEDGE_LANGS.length && new Set(KNOWLEDGE_LANGS.map(total)).size > 1)
    problems.push({
      file: counts[0]!.file,
      line: 1,
      field: 'faq',
      message: `the FAQ has ${KNOWLEDGE_LANGS.map((l) => `${total(l)} questions in ${l}`).join(' and ')}: each question needs both languages`,
    });
  return problems;
}

/** Relative to the working directory when inside it, else absolute: what a person can click. */
function shownPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') ? rel : path;
}

function listMarkdown(dir: string): string[] {
  try {
    if (!statSync(dir).isDirectory()) return [];
    return readdirSync(dir).filter((f) => f.endsWith('.md'));
  } catch {
    return [];
  }
}

/** The line of the deepest node on `path` that exists: a missing field points at its parent. */
function lineOf(
  doc: ReturnType<typeof parseDocument>,
  path: (string | number)[],
  lineAt: (offset: number | undefined) => number,
): number {
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    if (isNode(node) && node.range) return lineAt(node.range[0]);
  }
  return 1;
}
