// The answer-quality judge: right (facts present, none forbidden), honest "I don't know", developer tone. Pure text
// rules, documented in eval/README.md.
import { stripAccents } from '../../core/text-normalization.ts';
import type { QaItem } from './eval-qa-set.ts';

/** What the customer saw in reply to one question: each message's final text, and the inline buttons' labels. */
export interface SeenReply {
  texts: string[];
  buttons: string[];
}

export interface Verdict {
  /** covered: every fact present and nothing forbidden; uncovered: `honest`. */
  right: boolean;
  /** The facts (their alternatives) none of which appeared. */
  missing: string[][];
  /** mustNot phrases that appeared. */
  forbidden: string[];
  /** The reply says it does not know (DONT_KNOW). */
  saysDontKnow: boolean;
  /** The reply offers a person, in its text or as a button (OFFERS_PERSON). */
  offersPerson: boolean;
  /** Says it does not know and offers a person: what an uncovered question must get. */
  honest: boolean;
  /** The developer-tone rules the reply broke (empty: none). */
  developerTone: string[];
}

/** Lower-case, accents stripped, typographic apostrophes and every run of white space made plain. */
export const normalizeForJudge = (text: string) =>
  stripAccents(text)
    .toLowerCase()
    .replace(/[‘’ʼ`]/g, "'")
    .replace(/\s+/g, ' ')
    .trim();

const WORD = /[a-z0-9]/;

/** `phrase` occurs in `text` (both normalised) with no letter or digit glued to either end: "R$ 5" is not "R$ 50". */
export function containsPhrase(text: string, phrase: string): boolean {
  const hay = normalizeForJudge(text);
  const needle = normalizeForJudge(phrase);
  if (!needle) return false;
  for (let at = hay.indexOf(needle); at >= 0; at = hay.indexOf(needle, at + 1)) {
    const before = hay[at - 1];
    const after = hay[at + needle.length];
    const edgeOk = (c: string | undefined, edge: string) => c === undefined || !WORD.test(edge) || !WORD.test(c);
    if (edgeOk(before, needle[0]!) && edgeOk(after, needle.at(-1)!)) return true;
  }
  return false;
}

/** Saying it does not know, over normalised text (accents stripped, lower case). */
export const DONT_KNOW: readonly RegExp[] = [
  /\bnao sei\b/,
  /\bnao (tenho|temos|encontrei|achei) (essa|esta|a|tal|nenhuma|uma) informac/,
  /\bnao (tenho|temos) informac(ao|oes)\b/,
  /\bnao encontrei\b/,
  /\bnao (consigo|consegui|posso) (te )?(responder|confirmar|informar)/,
  /\bnao tenho como (te )?(responder|confirmar|informar|saber)/,
  /\bnao tenho certeza\b/,
  /\b(don't|do not|dont) know\b/,
  /\b(don't|do not|dont|didn't|did not) (have|find) (that|this|the|any) information\b/,
  /\b(don't|do not|dont) have information\b/,
  /\b(couldn't|could not|can't|cannot) find\b/,
  /\b(i'm|i am) not sure\b/,
  /\b(can't|cannot|can not) (answer|confirm|tell)\b/,
  /\bno information\b/,
];

/** Offering a person, over normalised text; a button counts too. */
export const OFFERS_PERSON: readonly RegExp[] = [
  /\bfala(r|) com (uma pessoa|alguem|a equipe|a nossa equipe|nossa equipe|um atendente|uma atendente|um humano)\b/,
  /\bfale com (uma pessoa|alguem|a equipe|a nossa equipe|nossa equipe|um atendente|uma atendente)\b/,
  /\buma pessoa da (nossa )?equipe\b/,
  /\b(chamar|chamo|passar para|passo para|transferir para) (uma pessoa|alguem da equipe|a equipe|um atendente)\b/,
  /\batendente\b/,
  /\b(talk|speak|chat) (to|with) (a person|someone|our team|the team|a human|a member of our team|staff)\b/,
  /\ba person from (our|the) team\b/,
  /\b(call|get|bring in|hand you to|pass you to) (a person|someone from our team|our team|the team|a human)\b/,
];

/** The developer-tone rules: each a name and a test over the raw text (some are case-sensitive on purpose). */
export function developerToneRules(
  sourceNames: readonly string[],
): Array<{ rule: string; test: (raw: string) => boolean }> {
  const slugs = sourceNames.map((s) => s.toLowerCase());
  const norm = (raw: string) => normalizeForJudge(raw);
  return [
    {
      rule: 'no-model label',
      test: (raw) => /sem modelo de ia|no ai model|resposta automatica local|automatic local answer/.test(norm(raw)),
    },
    { rule: 'file path', test: (raw) => /knowledge\/|stores\/|\.md\b|\.ya?ml\b|\.json\b|\.ts\b/.test(norm(raw)) },
    {
      // A document cited by its file name (areas-e-taxas-de-entrega) rather than its title; or any long slug.
      rule: 'file-name slug',
      test: (raw) => {
        const t = norm(raw);
        return slugs.some((s) => containsPhrase(t, s)) || /\b[a-z]+(?:-[a-z]+){3,}\b/.test(t);
      },
    },
    {
      rule: 'coordinates',
      test: (raw) =>
        /\b(lat|lon|lng)\s*[:=]?\s*-?\d/.test(norm(raw)) ||
        /-\d{1,3}\.\d{4,}/.test(raw) ||
        /\d{1,3}\.\d{4,}\s*,\s*-?\d{1,3}\.\d{4,}/.test(raw),
    },
    // OUT_FOR_DELIVERY, STORE_CLOSED; SKUs such as ACAI-300 or PIZZA-MARG. Case-sensitive: on the raw text.
    { rule: 'internal code', test: (raw) => /\b[A-Z]{2,}(?:_[A-Z0-9]+)+\b|\b[A-Z]{3,}-[A-Z0-9]{2,}\b/.test(raw) },
    {
      rule: 'error or stack trace',
      test: (raw) =>
        /\bat [\w.<>$]+ \(.*:\d+:\d+\)|\b(TypeError|ReferenceError|SyntaxError|RangeError)\b|\bError: |\[object Object\]|\bundefined\b|\bNaN\b/.test(
          raw,
        ),
    },
    { rule: 'raw JSON', test: (raw) => /[{[]\s*"[\w-]+"\s*:/.test(raw) },
  ];
}

/** Judges one reply to one question of the set. `sourceNames` are the store's knowledge file names, without `.md`. */
export function judgeReply(item: QaItem, reply: SeenReply, sourceNames: readonly string[] = []): Verdict {
  const text = reply.texts.join('\n');
  const seen = [text, ...reply.buttons].join('\n');
  const normalized = normalizeForJudge(text);
  const missing = (item.must ?? []).filter((alternatives) => !alternatives.some((a) => containsPhrase(seen, a)));
  const forbidden = (item.mustNot ?? []).filter((p) => containsPhrase(seen, p));
  const saysDontKnow = DONT_KNOW.some((re) => re.test(normalized));
  const offersPerson = [normalized, ...reply.buttons.map(normalizeForJudge)].some((t) =>
    OFFERS_PERSON.some((re) => re.test(t)),
  );
  const honest = saysDontKnow && offersPerson;
  const developerTone = developerToneRules(sourceNames)
    .filter((r) => r.test(text))
    .map((r) => r.rule);
  const right =
    forbidden.length === 0 && (item.kind === 'covered' ? missing.length === 0 && text.trim() !== '' : honest);
  return { right, missing, forbidden, saysDontKnow, offersPerson, honest, developerTone };
}
