// The model's light Markdown → Telegram MarkdownV2, for final messages only; every other reserved character escaped.

/** Characters MarkdownV2 reserves outside code and links; each must be preceded by '\'. The backslash itself too. */
const RESERVED = /[_*[\]()~`>#+\-=|{}.!\\]/g;

/** Makes any text literal in MarkdownV2: what Telegram shows is exactly `text`. */
export const escapeMarkdownV2 = (text: string): string => text.replace(RESERVED, '\\$&');
/** Inside `code`, only '`' and '\' are special. */
const escapeCode = (text: string) => text.replace(/[`\\]/g, '\\$&');
/** Inside a link's (url), only ')' and '\' are special. */
const escapeUrl = (text: string) => text.replace(/[)\\]/g, '\\$&');

/**
 * What the final message will be. `visible` is exactly the text Telegram stores and shows once it has parsed
 * `markdownV2`. It is the model's text with the Markdown it understood turned into formatting, and nothing else
 * changed:
 * - `**bold**` → bold, without the asterisks;
 * - `` `code` `` → monospace, without the backticks;
 * - `[label](https://…)` → a link: the label shows, the URL does not;
 * - a heading line `# Title` (1–6 '#') → a bold line `Title` (asterisk pairs inside it dropped);
 * - a bullet `- item`, `* item` or `+ item` at the start of a line (after any indentation) → `• item`.
 * Every other character, reserved or not, shows as written. `changed` is false when the Markdown did nothing, i.e.
 * `visible === text` and there is no formatting: the message can then go out as plain text.
 */
export interface TelegramFormatted {
  markdownV2: string;
  visible: string;
  changed: boolean;
}

/** `**x**` (x starts and ends with non-space), `` `x` ``, `[label](http…)`; one line at a time, no nesting. */
const INLINE = /\*\*(?=\S)([^\n]*?\S)\*\*|`([^`\n]+)`|\[([^\]\n]+)\]\((https?:\/\/[^\s()]+)\)/g;
const HEADING = /^#{1,6}[ \t]+(\S.*?)[ \t]*$/;
const BULLET = /^([ \t]*)[-*+][ \t]+(?=\S)/;

function inline(line: string): { md: string; visible: string; entities: number } {
  let md = '';
  let visible = '';
  let entities = 0;
  let last = 0;
  INLINE.lastIndex = 0;
  for (let m = INLINE.exec(line); m; m = INLINE.exec(line)) {
    const before = line.slice(last, m.index);
    md += escapeMarkdownV2(before);
    visible += before;
    const [, bold, code, label, url] = m;
    if (bold !== undefined) {
      md += `*${escapeMarkdownV2(bold)}*`;
      visible += bold;
    } else if (code !== undefined) {
      md += `\`${escapeCode(code)}\``;
      visible += code;
    } else {
      md += `[${escapeMarkdownV2(label!)}](${escapeUrl(url!)})`;
      visible += label;
    }
    entities++;
    last = m.index + m[0].length;
  }
  const rest = line.slice(last);
  return { md: md + escapeMarkdownV2(rest), visible: visible + rest, entities };
}

/** Converts the model's light Markdown into MarkdownV2 (see `TelegramFormatted` for exactly what changes). */
export function toTelegramMarkdownV2(text: string): TelegramFormatted {
  const md: string[] = [];
  const visible: string[] = [];
  let entities = 0;
  for (const line of text.split('\n')) {
    const heading = HEADING.exec(line);
    if (heading) {
      const title = heading[1]!.replace(/\*\*(?=\S)([^\n]*?\S)\*\*/g, '$1');
      md.push(`*${escapeMarkdownV2(title)}*`);
      visible.push(title);
      entities++;
      continue;
    }
    const bullet = BULLET.exec(line);
    const prefix = bullet ? `${bullet[1]}• ` : '';
    const body = inline(bullet ? line.slice(bullet[0].length) : line);
    md.push(escapeMarkdownV2(prefix) + body.md);
    visible.push(prefix + body.visible);
    entities += body.entities;
  }
  const shown = visible.join('\n');
  return { markdownV2: md.join('\n'), visible: shown, changed: entities > 0 || shown !== text };
}
