// Customer-typed text (addresses, names, messages) shown in another channel: one line, nothing hidden, clipped, and
// always in quotes.

/**
 * How much of each kind of text another channel shows. Enough to recognise it, too little to carry a message of its
 * own: an "address" reading "URGENTE: seu cartão foi recusado. Pague via Pix em http://…" reaches the SMS, the e-mail
 * or the chat push as a clipped quote, visibly something the customer typed, never as the shop's own sentence.
 */
export const CUSTOMER_TEXT_LIMITS = {
  /** An address in a customer's notification (typed up to 300 characters; the customer knows the rest of it). */
  address: 80,
  /** An address on a staff card or in staff facts: all of it (the courier needs every word), still quoted on one line. */
  deliveryAddress: 300,
  /** A customer's name on a staff card or in a staff note (typed up to 100 characters, or Telegram's first name). */
  name: 60,
  /** A customer's own message mirrored to staff (up to Telegram's 4,096). */
  message: 1000,
} as const;

/** Line and paragraph breaks, tabs: they become spaces, so the text cannot start a line of its own. */
const BREAKS = /[\t\n\v\f\r\u0085\u2028\u2029]/g;
/** Other control characters (the bell…) and format characters (zero-width spaces, bidi overrides and isolates): dropped. */
const INVISIBLE = /[\p{Cc}\p{Cf}]/gu;
/** Quote marks that could close ours and let the text continue outside it. */
const QUOTES = /["“”„‟«»]/g;

/**
 * `text` as another channel may show it: line breaks and invisible characters folded into single spaces, inner quote
 * marks turned into apostrophes, at most `max` characters (counted as code points, so an emoji or an accent is never
 * cut),
 * inside “ ”. Escaping for a markup (Slack mrkdwn) is the renderer's own step, after this one.
 */
export function quoteCustomerText(text: string, max: number): string {
  const line = text.replace(BREAKS, ' ').replace(INVISIBLE, '').replace(QUOTES, "'").replace(/\s+/g, ' ').trim();
  const chars = [...line];
  const clipped =
    chars.length <= max
      ? line
      : `${chars
          .slice(0, max - 1)
          .join('')
          .trimEnd()}…`;
  return `“${clipped || '…'}”`;
}
