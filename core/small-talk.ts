// Which kind of social message the classifier's `greeting` intent is: a hello, thanks, a goodbye or an acknowledgement,
// so the chat greets only a hello and answers "obrigado" or "👍" with a short reply.
import { normalizeText } from './text-normalization.ts';

export type SocialKind = 'hello' | 'thanks' | 'bye' | 'ack';

/** Words over normalised text (core/text-normalization.ts maps "brigado", "vlw", "thx" and 👍 onto these). */
const KIND_WORDS: Record<Exclude<SocialKind, 'ack'>, ReadonlySet<string>> = {
  hello: new Set(
    'oi ola ole opa salve eai eae fala hello hi hey hiya howdy yo sup hola alo hallo xwave dia tarde morning afternoon evening greetings'.split(
      ' ',
    ),
  ),
  thanks: new Set(
    'obrigado obrigada obrigadinho obrigadinha valeu agradeco agradecido agradecida grato grata thanks thank cheers xthanks'.split(
      ' ',
    ),
  ),
  bye: new Set('tchau bye goodbye falou flw noite night logo later'.split(' ')),
};

/**
 * The kind of a message already classified as social. A hello wins ("oi, boa noite" greets), then thanks ("valeu,
 * tchau" thanks), then a goodbye ("boa noite" alone closes the talk); anything else ("ok", "👍", "beleza") is an
 * acknowledgement.
 */
export function socialKind(text: string): SocialKind {
  const tokens = new Set(normalizeText(text).split(' '));
  for (const kind of ['hello', 'thanks', 'bye'] as const)
    for (const w of KIND_WORDS[kind]) if (tokens.has(w)) return kind;
  return 'ack';
}

/** A goodbye said at night ("boa noite", "good night") is answered in kind. */
export const isNightGoodbye = (text: string): boolean => /\b(?:noite|night)\b/.test(normalizeText(text));
