// The store FAQ: the demo store's validates, and `store check` names what a store owner must fix in theirs.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadKnowledgeDocuments } from '../../../adapters/local/knowledge-documents.ts';
import { DEMO_STORE_DIR, loadStoreFolder } from '../../../adapters/local/store-folder.ts';
import { parseFaq } from '../../../core/store-faq.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function demoCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'store-faq-'));
  dirs.push(dir);
  cpSync(DEMO_STORE_DIR, dir, { recursive: true });
  return dir;
}

const PT_FAQ = join('knowledge', 'pt-BR', 'perguntas-frequentes.md');

describe('store FAQ', () => {
  it('the demo store has an FAQ in both languages, with the same questions, and it validates', async () => {
    // Act
    const folder = loadStoreFolder(DEMO_STORE_DIR);
    const docs = (await loadKnowledgeDocuments(join(DEMO_STORE_DIR, 'knowledge'))).filter((d) => d.topic === 'faq');

    // Assess
    expect(folder.ok).toBe(true);
    expect(docs.map((d) => [d.lang, d.title])).toEqual([
      ['pt-BR', 'Perguntas frequentes'],
      ['en', 'Frequently asked questions'],
    ]);
    const [pt, en] = docs.map((d) => parseFaq(d.markdown.replace(/^---[\s\S]*?---\n/, '')));
    expect(pt!.problems).toEqual([]);
    expect(pt!.entries.length).toBeGreaterThanOrEqual(12);
    expect(en!.entries.length).toBe(pt!.entries.length);
    expect(pt!.entries.every((e) => e.questions.length >= 2)).toBe(true);
  });

  it('lists an empty answer, a missing question and a language with fewer questions, each at its line', () => {
    // Prepare
    const dir = demoCopy();
    const file = join(dir, PT_FAQ);
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, `${text}\n## Vocês dão troco?\n\n## \nSem pergunta.\n`);

    // Act
    const folder = loadStoreFolder(dir);

    // Assess
    expect(folder.ok).toBe(false);
    const problems = folder.ok ? [] : folder.problems.map((p) => `${p.field}: ${p.message}`);
    expect(problems).toContain('faq.pt-BR: the question has no answer under it');
    expect(problems.some((p) => /the FAQ has \d+ questions in pt-BR and \d+ questions in en/.test(p))).toBe(true);
    const line = text.split('\n').length + 1;
    expect(folder.ok ? [] : folder.problems.filter((p) => p.field === 'faq.pt-BR').map((p) => p.line)).toContain(line);
  });

  it('parses the question variants and the answer of an entry', () => {
    // Act
    const faq = parseFaq('# FAQ\n\n## Aceita Pix? | Pix pode?\n\nAceitamos Pix.\n');

    // Assess
    expect(faq.problems).toEqual([]);
    expect(faq.entries).toEqual([{ questions: ['Aceita Pix?', 'Pix pode?'], answer: 'Aceitamos Pix.', line: 3 }]);
  });
});
