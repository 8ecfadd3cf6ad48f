// A complaint in a customer's words ("chegou amassado 😡", "my pizza came cold"): what sends a photo to a person.
import { normalizeText } from './text-normalization.ts';

/** Angry or sad faces carry the complaint on their own ("😡", "😤", "🤬", "😠", "😞", "😢", "👎"). */
const UPSET_EMOJI = /[\u{1F621}\u{1F624}\u{1F92C}\u{1F620}\u{1F61E}\u{1F622}\u{1F62D}\u{1F44E}\u{1F922}\u{1F92E}]/u;

const CUES =
  /\b(?:amassad[oa]s?|esmagad[oa]s?|fri[oa]s?|gelad[oa] demais|errad[oa]s?|trocad[oa]s?|faltando|faltou|faltaram|veio sem|nao veio|atrasad[oa]s?|estragad[oa]s?|podre|queimad[oa]s?|cru|crua|derramad[oa]|derramou|vazou|vazando|aberto|aberta|violad[oa]|cabelo|inseto|barata|mosca|nojo|nojento|pessim[oa]|horrivel|terrivel|absurdo|vergonha|decepcao|decepcionad[oa]|reclamacao|reclamar|insatisfeit[oa]|damaged|crushed|squashed|smashed|cold|wrong|missing|spilled|spilt|leaked|leaking|late|burnt|burned|raw|rotten|spoiled|stale|hair|bug|disgusting|terrible|awful|horrible|unacceptable|complaint|complain|disappointed)\b/;

/** True when the text reads as a complaint about an order: a cue word, or an upset face. */
export function isComplaint(text: string | undefined): boolean {
  if (!text) return false;
  return UPSET_EMOJI.test(text) || CUES.test(normalizeText(text));
}
