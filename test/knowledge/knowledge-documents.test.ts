// The loader of knowledge/: every document in both languages, front matter, passages that carry headings and stay
// short.
import { tmpdir } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  KNOWLEDGE_DIR,
  loadKnowledgeDocuments,
  MAX_PASSAGE_CHARS,
  parseKnowledgeDocument,
  splitIntoPassages,
} from '../../adapters/local/knowledge-documents.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

describe('loadKnowledgeDocuments', () => {
  it('finds the demo store knowledge/ from the module, whatever the working directory', async () => {
    // Prepare
    const cwd = process.cwd();
    process.chdir(tmpdir());
    try {
      // Act
      const docs = await loadKnowledgeDocuments();

      // Assess
      expect(resolve(KNOWLEDGE_DIR)).toBe(resolve(repoRoot, 'stores/demo/knowledge'));
      expect(docs.length).toBeGreaterThanOrEqual(12);
    } finally {
      process.chdir(cwd);
    }
  });

  it('loads the six topics in pt-BR and in en, each pair sharing its front-matter topic', async () => {
    // Act
    const docs = await loadKnowledgeDocuments();

    // Assess
    const topics = (lang: string) =>
      docs
        .filter((d) => d.lang === lang)
        .map((d) => d.topic)
        .sort();
    expect(topics('pt-BR')).toEqual(topics('en'));
    expect(new Set(topics('pt-BR')).size).toBe(topics('pt-BR').length);
    expect(topics('en')).toEqual(
      expect.arrayContaining([
        'allergens',
        'delivery-areas',
        'opening-hours',
        'order-tracking',
        'payment-methods',
        'refunds-and-cancellation',
      ]),
    );
    expect(docs.map((d) => `${d.lang}/${d.source}`)).toEqual(
      expect.arrayContaining(['pt-BR/areas-e-taxas-de-entrega', 'en/delivery-areas-and-fees']),
    );
  });

  it('splits every document into short passages, each under its heading path, with the Markdown emphasis removed', async () => {
    // Act
    const docs = await loadKnowledgeDocuments();

    // Assess
    for (const doc of docs) {
      expect(doc.passages.length, doc.source).toBeGreaterThan(1);
      for (const p of doc.passages) {
        expect(p.text.length, `${doc.source}: ${p.text}`).toBeLessThanOrEqual(MAX_PASSAGE_CHARS);
        expect(p.heading.startsWith(doc.title), `${doc.source}: ${p.heading}`).toBe(true);
        expect(p.text).not.toMatch(/\*\*|^---|^topic:/m);
      }
    }
  });

  it('returns nothing for a folder without language folders', async () => {
    // Act
    const docs = await loadKnowledgeDocuments(tmpdir());

    // Assess
    expect(docs).toEqual([]);
  });
});

describe('parseKnowledgeDocument and splitIntoPassages', () => {
  it('reads the front matter and the title, and nests headings into a path', () => {
    // Prepare
    const md =
      '---\ntopic: hours\n---\n# Horário\n\nAbrimos às 11:00.\n\n## Domingos\n\nTambém aos **domingos**.\n\n### Feriados\n\nE feriados.\n';

    // Act
    const doc = parseKnowledgeDocument(md, 'pt-BR', 'horario');

    // Assess
    expect(doc).toMatchObject({ lang: 'pt-BR', source: 'horario', topic: 'hours', title: 'Horário' });
    expect(doc.passages).toEqual([
      { heading: 'Horário', text: 'Abrimos às 11:00.' },
      { heading: 'Horário › Domingos', text: 'Também aos domingos.' },
      { heading: 'Horário › Domingos › Feriados', text: 'E feriados.' },
    ]);
  });

  it('packs short paragraphs together and cuts a long list at its items, never past the limit', () => {
    // Prepare
    const items = Array.from({ length: 12 }, (_, i) => `- Item ${i}: ${'palavra '.repeat(8).trim()}.`).join('\n');
    const body = `# Doc\n\nUm.\n\nDois.\n\n${items}\n`;

    // Act
    const passages = splitIntoPassages(body, { maxChars: 200 });

    // Assess
    expect(passages[0]!.text.startsWith('Um.\n\nDois.')).toBe(true);
    expect(passages.length).toBeGreaterThan(3);
    for (const p of passages) {
      expect(p.text.length).toBeLessThanOrEqual(200);
      expect(p.heading).toBe('Doc');
    }
    expect(passages.map((p) => p.text).join('\n')).toContain('- Item 11: palavra');
  });

  it('cuts one long paragraph at sentence ends, and a run without spaces by length', () => {
    // Prepare
    const paragraph = Array.from({ length: 20 }, (_, i) => `Frase número ${i} sobre entregas.`).join(' ');

    // Act
    const bySentence = splitIntoPassages(paragraph, { maxChars: 100, fallbackHeading: 'doc' });
    const byLength = splitIntoPassages('x'.repeat(250), { maxChars: 100 });

    // Assess
    expect(bySentence.every((p) => p.text.length <= 100 && /\.$/.test(p.text) && p.heading === 'doc')).toBe(true);
    expect(bySentence.map((p) => p.text).join(' ')).toBe(paragraph);
    expect(byLength.map((p) => p.text.length)).toEqual([100, 100, 50]);
  });
});
