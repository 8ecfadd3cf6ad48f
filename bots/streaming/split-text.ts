// Splits a text into parts that each fit a message limit, at the most natural boundary available; pure.

/** Telegram's limit for one message text, in UTF-16 code units (what JavaScript's `.length` counts). */
export const TELEGRAM_MAX_CHARS = 4096;

/**
 * A boundary is only used if the part it ends is at least this share of the limit; otherwise the next, finer kind of
 * boundary is tried. Without it, a paragraph break 10 characters in would make a 10-character message.
 */
const MIN_FILL = 0.5;

/** Sentence end: . ! ? … (possibly followed by closing quotes or brackets) and the whitespace after it. */
const SENTENCE_END = /[.!?…]["'”’»)\]]*\s+/g;
/** CJK full stops end a sentence without a space. */
const CJK_SENTENCE_END = /[。！？]+/g;

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/** The end of the last match of `re` in `window` (0 if none). */
function lastMatchEnd(window: string, re: RegExp): number {
  let end = 0;
  re.lastIndex = 0;
  for (let m = re.exec(window); m; m = re.exec(window)) end = m.index + m[0].length;
  return end;
}

/** Where the first part of `text` ends (0 < cut <= limit), looking only at `text.slice(0, limit + 2)`. */
function cutPoint(text: string, limit: number): number {
  const window = text.slice(0, limit);
  const min = Math.max(1, Math.floor(limit * MIN_FILL));
  const acceptable = (cut: number) => cut >= min && cut <= limit;

  // 1. A paragraph break: the part keeps the blank line(s), the next part starts with the next paragraph.
  const paragraph = lastMatchEnd(window, /\n[ \t]*\n\s*/g);
  if (acceptable(paragraph)) return paragraph;
  // 2. A line break (lists, short lines).
  const line = lastMatchEnd(window, /\n\s*/g);
  if (acceptable(line)) return line;
  // 3. A sentence end, with its trailing space.
  const sentence = Math.max(lastMatchEnd(window, SENTENCE_END), lastMatchEnd(window, CJK_SENTENCE_END));
  if (acceptable(sentence)) return sentence;
  // 4. A word boundary: after the last run of whitespace.
  const word = lastMatchEnd(window, /\s+/g);
  if (acceptable(word)) return word;
  // 5. A hard cut: the last grapheme boundary, so an emoji sequence or an accent is never torn apart...
  const graphemeCut = lastGraphemeBoundary(text.slice(0, limit + 2), limit);
  if (graphemeCut > 0) return graphemeCut;
  // ...or at least the last code point boundary: never between the two halves of a surrogate pair.
  const code = text.charCodeAt(limit - 1);
  return isHighSurrogate(code) && isLowSurrogate(text.charCodeAt(limit)) && limit > 1 ? limit - 1 : limit;
}

const graphemes =
  typeof Intl !== 'undefined' && 'Segmenter' in Intl
    ? new Intl.Segmenter(undefined, { granularity: 'grapheme' })
    : undefined;

/**
 * The last grapheme cluster boundary in (0, limit] of `text`, or 0. Whether `limit` itself is a boundary depends on the
 * code point that starts there, so `text` holds up to two code units past `limit`.
 */
function lastGraphemeBoundary(text: string, limit: number): number {
  if (!graphemes) return 0;
  let best = 0;
  for (const { index } of graphemes.segment(text)) {
    if (index > limit) break;
    if (index > 0) best = index;
  }
  return best;
}

/**
 * Splits `text` into parts of at most `limit` UTF-16 code units, preferring (in order) a paragraph break, a line
 * break, a sentence end, whitespace, a grapheme boundary, and finally a code point boundary; never inside a surrogate
 * pair. Separators stay at the end of the earlier part, so `parts.join('') === text` always holds: no text is lost or
 * duplicated. A text within the limit comes back as one part (an empty text as no parts).
 *
 * Each cut depends only on the first `limit + 2` code units of what is left, so splitting a growing text as it
 * streams (cutting a part off as soon as more than `limit + 1` code units wait) gives exactly the parts that splitting
 * the finished text gives.
 */
export function splitForLimit(text: string, limit = TELEGRAM_MAX_CHARS): string[] {
  if (!Number.isInteger(limit) || limit < 2) throw new RangeError(`limit must be an integer >= 2, got ${limit}`);
  const parts: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    const cut = cutPoint(rest, limit);
    parts.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  if (rest.length > 0) parts.push(rest);
  return parts;
}
