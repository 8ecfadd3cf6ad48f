// The everyday-word ranks: the two languages' lists of the most frequent words, read from the package.
import { describe, expect, it } from 'vitest';
import { everydayRank } from '../../../adapters/local/everyday-words.ts';

describe('everydayRank', () => {
  it('ranks everyday words of both languages, accent-free, and leaves rare ones out', () => {
    // Act
    const ranks = ['que', 'never', 'voce', 'estacionamento', 'cnpj', 'nutella'].map(everydayRank);

    // Assess
    expect(ranks[0]).toBe(1);
    expect(ranks[1]).toBeLessThan(1000);
    expect(ranks[2]).toBeLessThan(100); // "você" in the list, asked without its accent
    expect(ranks[3]).toBeGreaterThan(1000);
    expect(ranks.slice(4)).toEqual([undefined, undefined]);
  });
});
