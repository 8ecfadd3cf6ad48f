// Slack text both ways: customer text escaped for mrkdwn, Slack's markup read back as plain text, and clipping to a
// length.

/** Slack mrkdwn needs &, < and > escaped; customer text (names, addresses) could otherwise mention @channel or forge links. */
export const escapeMrkdwn = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** `s` cut to at most `max` characters, with an ellipsis when cut. */
export const clip = (s: string, max: number) => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);

/** The users mentioned in Slack text (`<@U…>`), each once, in order. */
export function mentionedUserIds(text: string): string[] {
  return [...new Set([...text.matchAll(/<@([A-Z0-9]+)(?:\|[^>]*)?>/g)].map((m) => m[1]!))];
}

/**
 * Slack's message markup as plain text: user mentions become `@name` (from `names`, else their label or id), so no
 * token that pings anyone is left; broadcasts `@here`; channels `#name`; dates their fallback text; links
 * `label (url)` (just the url when the label is the url); and the &amp; &lt; &gt; escapes their characters.
 */
export function slackToPlain(text: string, names: ReadonlyMap<string, string>): string {
  const plain = withoutMrkdwn(text).replace(/<([^<>]+)>/g, (_all, inner: string) => {
    let [target = '', label] = inner.split('|');
    if (target.startsWith('@')) return `@${names.get(target.slice(1)) ?? label ?? target.slice(1)}`;
    if (target.startsWith('#')) return `#${label ?? target.slice(1)}`;
    if (target.startsWith('!')) return label ?? `@${target.slice(1).split('^')[0]}`;
    const url = target.replace(/^mailto:/, '');
    if (label) label = withoutMrkdwn(label);
    return label && label !== url ? `${label} (${url})` : url;
  });
  return plain.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** Slack's inline markers around a span: `*bold*`, `_italic_`, `~strike~`, `` `code` ``. */
const INLINE_MARKS = ['*', '_', '~', '`'] as const;
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/**
 * One marker's spans, as Slack reads them: opened after a line start, a space or an opening bracket and closed before
 * a space, punctuation or the end, with no space just inside either marker. So `2*3*4`, `snake_case` and a lone `*`
 * are left as written.
 */
const spanOf = (mark: string) =>
  new RegExp(
    `(^|[\\s(\\[{"'“‘])${escapeRe(mark)}(?=\\S)([^\\n]*?\\S)${escapeRe(mark)}(?=$|[\\s)\\]}.,;:!?"'”’…])`,
    'gm',
  );
const SPANS = INLINE_MARKS.map((mark) => spanOf(mark));

/**
 * Slack mrkdwn stripped to what a plain-text chat shows (the customer's Telegram chat uses no parse mode): bold,
 * italic, strike and code lose their markers, code blocks their fences, quotes their `>`. Links, mentions and
 * entities stay for slackToPlain; the text inside `<…>` is never touched.
 */
export function withoutMrkdwn(text: string): string {
  return text
    .split(/(<[^<>]+>)/)
    .map((part, i) => {
      if (i % 2 === 1) return part;
      let out = part.replace(/```\n?([\s\S]*?)\n?```/g, '$1').replace(/^(?:&gt;|>)\s?/gm, '');
      // Twice: a span inside another (`*_both_*`) is only seen once its outer marker is gone.
      for (let pass = 0; pass < 2; pass++) for (const span of SPANS) out = out.replace(span, '$1$2');
      return out;
    })
    .join('');
}
