// The store's FAQ format (knowledge/<lang>/*.md with `kind: faq` in the front matter): each "## " heading holds a
// question and the other ways to ask it, separated by " | "; the paragraph under it is the answer. Pure checks.

export interface FaqEntry {
  /** The question and its variants, as written. */
  questions: string[];
  answer: string;
  /** 1-based line of the heading in the file. */
  line: number;
}

export interface FaqProblem {
  line: number;
  message: string;
}

/** The longest answer that still reads as one short reply (the offline answer quotes it whole). */
export const MAX_FAQ_ANSWER_CHARS = 400;

/** True for a document's front matter that declares it an FAQ. */
export const isFaqDocument = (meta: Record<string, string>) => meta.kind === 'faq';

/**
 * Reads the entries of an FAQ document (front matter already removed; `firstLine` is the body's first line in the
 * file) and lists what a store owner must fix: an entry with no question, an empty answer, a too-long answer.
 */
export function parseFaq(body: string, firstLine = 1): { entries: FaqEntry[]; problems: FaqProblem[] } {
  const entries: FaqEntry[] = [];
  const problems: FaqProblem[] = [];
  let current: { questions: string[]; lines: string[]; line: number } | undefined;
  const close = () => {
    if (!current) return;
    const answer = current.lines.join('\n').trim();
    if (!answer) problems.push({ line: current.line, message: 'the question has no answer under it' });
    else if (answer.length > MAX_FAQ_ANSWER_CHARS)
      problems.push({
        line: current.line,
        message: `the answer has ${answer.length} characters: keep it under ${MAX_FAQ_ANSWER_CHARS}`,
      });
    entries.push({ questions: current.questions, answer, line: current.line });
  };
  body.split('\n').forEach((raw, i) => {
    const line = firstLine + i;
    if (/^##\s/.test(raw)) {
      close();
      const questions = raw
        .replace(/^##\s+/, '')
        .split('|')
        .map((q) => q.trim())
        .filter(Boolean);
      if (questions.length === 0) problems.push({ line, message: 'a "## " heading needs a question' });
      current = { questions, lines: [], line };
    } else if (/^#{3,}\s/.test(raw)) {
      problems.push({ line, message: 'an FAQ has one level of questions ("## "), no sub-headings' });
    } else if (current) current.lines.push(raw);
  });
  close();
  if (entries.length === 0) problems.push({ line: firstLine, message: 'no questions ("## question | variant")' });
  return { entries, problems };
}
