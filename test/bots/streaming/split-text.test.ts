// splitForLimit: parts within the limit (UTF-16), cut at the most natural boundary, concatenating back to the input.
import { describe, expect, it } from 'vitest';
import { splitForLimit, TELEGRAM_MAX_CHARS } from '../../../bots/streaming/split-text.ts';
import { longAnswer } from './stream-harness.ts';

/** A small deterministic PRNG (mulberry32), so a failing case can be replayed. */
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('splitForLimit', () => {
  it('keeps a text within the limit whole, and an empty text gives no parts', () => {
    // Prepare
    const exact = 'a'.repeat(TELEGRAM_MAX_CHARS);
    // Act
    const parts = splitForLimit(exact);
    // Assess
    expect(parts).toEqual([exact]);
    expect(splitForLimit('')).toEqual([]);
    expect(splitForLimit('Olá!')).toEqual(['Olá!']);
  });

  it('prefers a paragraph break, then a line break, then a sentence end, then a space, then a hard cut', () => {
    // Prepare: each text is 30 characters, limit 20, with the boundary kinds mixed in
    const paragraph = 'Primeira ideia.\n\nSegunda ideia aqui';
    const line = 'Item um, dois\nItem três e quatro';
    const sentence = 'Chega hoje. Pago na hora, ok sim';
    const word = 'abcde fghij klmno pqrst uvwxyz';
    const hard = 'abcdefghijklmnopqrstuvwxyz0123';
    const paragraphBeforeLine = 'Um parágrafo aqui.\n\nlinha um\nlinha dois e mais'; // limit 30: the paragraph wins
    const lineBeforeSentence = 'Itens: açaí, pizza\nTudo certo. Chega já, ok'; // limit 30: the line break wins
    // Act
    const results = [paragraph, line, sentence, word, hard].map((t) => splitForLimit(t, 20));
    const preferred = [paragraphBeforeLine, lineBeforeSentence].map((t) => splitForLimit(t, 30));
    // Assess: the separator stays with the earlier part
    expect(results[0]).toEqual(['Primeira ideia.\n\n', 'Segunda ideia aqui']);
    expect(results[1]).toEqual(['Item um, dois\n', 'Item três e quatro']);
    expect(results[2]).toEqual(['Chega hoje. ', 'Pago na hora, ok sim']);
    expect(results[3]).toEqual(['abcde fghij klmno ', 'pqrst uvwxyz']);
    expect(results[4]).toEqual(['abcdefghijklmnopqrst', 'uvwxyz0123']);
    expect(preferred[0]).toEqual(['Um parágrafo aqui.\n\n', 'linha um\nlinha dois e mais']);
    expect(preferred[1]).toEqual(['Itens: açaí, pizza\n', 'Tudo certo. Chega já, ok']);
  });

  it('does not take a boundary that would leave a tiny first part, but a finer one further on', () => {
    // Prepare: a paragraph break 3 characters in, sentences later
    const text = 'Oi.\n\nO pedido saiu. Chega em vinte minutos, tá bom';
    // Act
    const parts = splitForLimit(text, 30);
    // Assess
    expect(parts[0]).toBe('Oi.\n\nO pedido saiu. ');
    expect(parts.join('')).toBe(text);
  });

  it('never cuts inside a surrogate pair or an emoji sequence, counting UTF-16 code units', () => {
    // Prepare: 🍕 is 2 code units; 👩‍👩‍👧 is one grapheme of 8 code units
    const pizzas = '🍕'.repeat(15); // 30 code units
    const family = 'abcd👩‍👩‍👧ef'; // 14 code units
    const tooBig = '👩‍👩‍👧👩‍👩‍👧'; // one grapheme longer than the limit must still be cut, between code points
    // Act
    const pizzaParts = splitForLimit(pizzas, 11);
    const familyParts = splitForLimit(family, 10);
    const tooBigParts = splitForLimit(tooBig, 7);
    // Assess
    expect(pizzaParts).toEqual(['🍕'.repeat(5), '🍕'.repeat(5), '🍕'.repeat(5)]);
    expect(familyParts).toEqual(['abcd', '👩‍👩‍👧ef']);
    expect(tooBigParts.join('')).toBe(tooBig);
    for (const part of tooBigParts) {
      expect(part.length).toBeLessThanOrEqual(7);
      expect(part).toBe(Array.from(part).join('')); // whole code points only
      expect(/^[\udc00-\udfff]|[\ud800-\udbff]$/.test(part)).toBe(false);
    }
  });

  it('on random texts: every part within the limit, no split surrogate, and the parts join back to the input', () => {
    // Prepare
    const random = prng(42);
    const alphabet = ['a', 'b', ' ', ' ', '.', '!', '?', '…', '\n', '\n\n', 'ç', '🍕', '👍🏽', 'é', '\t', 'x'];
    const cases = Array.from({ length: 300 }, () => {
      const length = Math.floor(random() * 400);
      let text = '';
      while (text.length < length) text += alphabet[Math.floor(random() * alphabet.length)];
      return { text, limit: 2 + Math.floor(random() * 60) };
    });
    // Act
    const results = cases.map(({ text, limit }) => ({ text, limit, parts: splitForLimit(text, limit) }));
    // Assess
    for (const { text, limit, parts } of results) {
      expect(parts.join('')).toBe(text);
      for (const part of parts) {
        expect(part.length).toBeGreaterThan(0);
        expect(part.length).toBeLessThanOrEqual(limit);
        const last = part.charCodeAt(part.length - 1);
        const first = part.charCodeAt(0);
        expect(last >= 0xd800 && last <= 0xdbff).toBe(false);
        expect(first >= 0xdc00 && first <= 0xdfff).toBe(false);
      }
    }
  });

  it('splits a growing text into the same parts as the finished text (what streaming relies on)', () => {
    // Prepare: cut a part off as soon as more than limit + 1 code units wait, the way the renderer does. One text has
    // paragraphs, the other no whitespace at all (hard cuts between emoji sequences); 37-unit deltas cut emoji in half.
    const texts = [longAnswer(12_000).replace(/Parte/g, '👩‍👩‍👧 Parte'), '👩‍👩‍👧🍕ab🇧🇷'.repeat(1_200)];
    const streamSplit = (text: string) => {
      const streamed: string[] = [];
      let pending = '';
      for (let i = 0; i < text.length; i += 37) {
        pending += text.slice(i, i + 37);
        if (pending.length > TELEGRAM_MAX_CHARS + 1) {
          const parts = splitForLimit(pending);
          streamed.push(...parts.slice(0, -1));
          pending = parts[parts.length - 1]!;
        }
      }
      return [...streamed, ...splitForLimit(pending)];
    };
    // Act
    const results = texts.map((text) => ({ text, streamed: streamSplit(text), whole: splitForLimit(text) }));
    // Assess
    for (const { text, streamed, whole } of results) {
      expect(streamed).toEqual(whole);
      expect(whole.join('')).toBe(text);
      expect(whole.length).toBeGreaterThanOrEqual(3);
    }
    expect(results[1]!.whole.every((p) => p.startsWith('👩‍👩‍👧'))).toBe(true); // cut between graphemes, never inside one
  });

  it('cuts a 12k-character answer at paragraph breaks into parts of at most 4096', () => {
    // Prepare
    const text = longAnswer(12_000);
    // Act
    const parts = splitForLimit(text);
    // Assess
    expect(parts.length).toBeGreaterThanOrEqual(3);
    expect(parts.join('')).toBe(text);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(4096);
    for (const part of parts.slice(0, -1)) expect(part.endsWith('\n\n')).toBe(true);
    for (const part of parts.slice(1)) expect(part.startsWith('Parte ')).toBe(true);
  });
});
