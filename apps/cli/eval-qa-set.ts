// The answer-quality question set (eval/qa-set.json): its shape, checked with zod when it is read.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as z from 'zod';

/** The set kept in the repository: questions about the demo store (stores/demo), in pt-BR and en. */
export const QA_SET_FILE = fileURLToPath(new URL('../../eval/qa-set.json', import.meta.url));

const phrase = z.string().trim().min(1);
const qaItem = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9-]+$/, 'lower-case letters, digits and dashes'),
    lang: z.enum(['pt-BR', 'en']),
    /** covered: the store's documents answer it; uncovered: they say nothing, so the right answer is "I don't know". */
    kind: z.enum(['covered', 'uncovered']),
    topic: z.string().min(1),
    question: phrase,
    /** Facts a right answer contains: each fact is a list of alternatives, and one of them must appear. */
    must: z.array(z.array(phrase).min(1)).min(1).optional(),
    /** Phrases a right answer must not contain. */
    mustNot: z.array(phrase).min(1).optional(),
    note: z.string().optional(),
  })
  .refine((i) => (i.kind === 'covered') === (i.must !== undefined), {
    message: 'a covered question lists the facts of its answer (must); an uncovered one lists none',
  });

const qaSet = z.strictObject({
  version: z.literal(1),
  /** The store folder the questions are about. */
  store: z.string(),
  items: z.array(qaItem).min(1),
});

export type QaItem = z.output<typeof qaItem>;
export type QaSet = z.output<typeof qaSet>;

/** Reads and checks a set; ids must be unique. Throws an Error naming every problem. */
export function loadQaSet(file = QA_SET_FILE): QaSet {
  const parsed = qaSet.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success)
    throw new Error(
      `${file} is not a valid question set:\n${parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`,
    );
  const seen = new Set<string>();
  for (const item of parsed.data.items) {
    if (seen.has(item.id)) throw new Error(`${file}: the id ${item.id} is used twice`);
    seen.add(item.id);
  }
  return parsed.data;
}
