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
  const plain = text.replace(/<([^<>]+)>/g, (_all, inner: string) => {
    const [target = '', label] = inner.split('|');
    if (target.startsWith('@')) return `@${names.get(target.slice(1)) ?? label ?? target.slice(1)}`;
    if (target.startsWith('#')) return `#${label ?? target.slice(1)}`;
    if (target.startsWith('!')) return label ?? `@${target.slice(1).split('^')[0]}`;
    const url = target.replace(/^mailto:/, '');
    return label && label !== url ? `${label} (${url})` : url;
  });
  return plain.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
